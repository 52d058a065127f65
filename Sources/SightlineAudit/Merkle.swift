import Crypto
public import Foundation

/// RFC 9162 Merkle tree hashing: leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right).
public enum Merkle {
    public typealias Hash = [UInt8]

    /// The hash of the empty tree: SHA-256 of nothing.
    public static let emptyRoot: Hash = Array(SHA256.hash(data: [UInt8]()))

    public static func leafHash(_ entry: some DataProtocol) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: entry)
        return Array(hasher.finalize())
    }

    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The largest power of two smaller than `n` (n > 1): where RFC 9162 splits a tree.
    static func split(_ n: Int64) -> Int64 {
        var k: Int64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The root of a list of leaf hashes, computed directly (for tests and offline verification).
    public static func root(of leaves: ArraySlice<Hash>) -> Hash {
        switch leaves.count {
        case 0: return emptyRoot
        case 1: return leaves.first!
        default:
            let k = Int(split(Int64(leaves.count)))
            let start = leaves.startIndex
            return nodeHash(root(of: leaves[start..<(start + k)]), root(of: leaves[(start + k)...]))
        }
    }
}

/// Anything that can give the hash of a run of leaves: a stored tree answers from its nodes,
/// a list of leaves by recomputing.
public protocol SubtreeHashing {
    /// MTH(D[start ..< start + count]), for count ≥ 1.
    func hash(start: Int64, count: Int64) throws -> Merkle.Hash
}

extension Merkle {
    /// The inclusion proof of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1).
    public static func inclusionProof(index: Int64, size: Int64, in tree: some SubtreeHashing) throws -> [Hash] {
        guard index >= 0, index < size else {
            throw AuditError.invalid("leaf \(index) is not in a tree of size \(size)")
        }
        return try path(index, start: 0, count: size, tree)
    }

    private static func path(_ m: Int64, start: Int64, count n: Int64, _ tree: some SubtreeHashing) throws -> [Hash] {
        guard n > 1 else { return [] }
        let k = split(n)
        if m < k {
            return try path(m, start: start, count: k, tree) + [tree.hash(start: start + k, count: n - k)]
        }
        return try path(m - k, start: start + k, count: n - k, tree) + [tree.hash(start: start, count: k)]
    }

    /// The consistency proof between the trees of `old` and `new` leaves (RFC 9162 §2.1.4.1).
    public static func consistencyProof(from old: Int64, to new: Int64, in tree: some SubtreeHashing) throws -> [Hash] {
        guard old >= 0, old <= new else { throw AuditError.invalid("no consistency proof from \(old) to \(new)") }
        guard old > 0, old < new else { return [] }
        return try subproof(old, start: 0, count: new, complete: true, tree)
    }

    private static func subproof(
        _ m: Int64, start: Int64, count n: Int64, complete: Bool, _ tree: some SubtreeHashing
    )
        throws -> [Hash]
    {
        if m == n { return complete ? [] : [try tree.hash(start: start, count: n)] }
        let k = split(n)
        if m <= k {
            return try subproof(m, start: start, count: k, complete: complete, tree) + [
                tree.hash(start: start + k, count: n - k)
            ]
        }
        return try subproof(m - k, start: start + k, count: n - k, complete: false, tree) + [
            tree.hash(start: start, count: k)
        ]
    }
}

/// A tree held as its list of leaf hashes.
public struct LeafList: SubtreeHashing {
    public var leaves: [Merkle.Hash]
    public init(_ leaves: [Merkle.Hash]) { self.leaves = leaves }
    public func hash(start: Int64, count: Int64) throws -> Merkle.Hash {
        guard start >= 0, count >= 1, start + count <= Int64(leaves.count) else {
            throw AuditError.invalid("range \(start)+\(count) is outside \(leaves.count) leaves")
        }
        return Merkle.root(of: leaves[Int(start)..<Int(start + count)])
    }
}

/// Why an audit check failed.
public struct AuditError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The first log entry found bad, when one can be named.
    public var entry: Int64?

    public static func invalid(_ message: String, entry: Int64? = nil) -> AuditError {
        AuditError(message: message, entry: entry)
    }

    public var description: String { entry.map { "entry \($0): \(message)" } ?? message }
}

/// The right edge of a growing tree: the roots of its perfect subtrees, largest first. Appending
/// is amortised O(1) and the root is O(log n), so a verifier streams millions of entries once.
public struct MerkleFrontier: Sendable {
    private var stack: [(size: Int64, hash: Merkle.Hash)] = []
    public private(set) var size: Int64 = 0

    public init() {}

    public mutating func append(_ leaf: Merkle.Hash) {
        var node = (size: Int64(1), hash: leaf)
        while let last = stack.last, last.size == node.size {
            stack.removeLast()
            node = (last.size * 2, Merkle.nodeHash(last.hash, node.hash))
        }
        stack.append(node)
        size += 1
    }

    /// The root of the tree so far.
    public var root: Merkle.Hash {
        guard var hash = stack.last?.hash else { return Merkle.emptyRoot }
        for node in stack.dropLast().reversed() { hash = Merkle.nodeHash(node.hash, hash) }
        return hash
    }
}
