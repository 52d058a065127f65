import Foundation
internal import GRDB
public import SightlineAudit
import SightlineCore

/// The log as an RFC 9162 Merkle tree. Each entry's leaf is SHA-256(0x00 || its stored JSON);
/// every perfect subtree's hash is stored as it completes, in the entry's own transaction, so a
/// root or a proof costs O(log n) lookups however long the log grows.
extension Catalog {
    static func addLeaf(index: Int64, entry: String, db: Database) throws {
        var nodes = NodeCache()
        try addLeaf(index: index, entry: entry, db: db, nodes: &nodes)
    }

    /// Adds a leaf and the nodes it completes; `nodes` remembers what this transaction wrote so
    /// a batch does not read back its own left siblings.
    static func addLeaf(index: Int64, entry: String, db: Database, nodes: inout NodeCache) throws {
        var hash = Merkle.leafHash(Array(entry.utf8))
        var level: Int64 = 0
        var position = index
        let insert = try db.cachedStatement(sql: "INSERT INTO merkle(level, idx, hash) VALUES (?, ?, ?)")
        let select = try db.cachedStatement(sql: "SELECT hash FROM merkle WHERE level = ? AND idx = ?")
        try insert.execute(arguments: [0, position, Data(hash)])
        nodes.hashes[NodeCache.Key(level: 0, index: position)] = hash
        while position & 1 == 1 {
            let sibling = NodeCache.Key(level: level, index: position - 1)
            guard
                let left = try nodes.hashes.removeValue(forKey: sibling)
                    ?? Data.fetchOne(select, arguments: [level, position - 1]).map(Array.init)
            else { throw SightlineError(.corrupt, "the log's Merkle tree is missing node \(level)/\(position - 1)") }
            nodes.hashes.removeValue(forKey: NodeCache.Key(level: level, index: position))
            hash = Merkle.nodeHash(left, hash)
            level += 1
            position >>= 1
            try insert.execute(arguments: [level, position, Data(hash)])
            nodes.hashes[NodeCache.Key(level: level, index: position)] = hash
        }
    }

    /// The size and root of the tree now, or at an earlier size.
    public func treeHead(size: Int64? = nil) throws -> (size: Int64, root: Merkle.Hash) {
        try pool.read { db in
            let current = (try Int64.fetchOne(db, sql: "SELECT max(idx) FROM log") ?? -1) + 1
            let n = size ?? current
            guard n >= 0, n <= current else {
                throw SightlineError(.invalidField, "the log has \(current) entries", field: "size")
            }
            return (n, n == 0 ? Merkle.emptyRoot : try StoredTree(db: db).hash(start: 0, count: n))
        }
    }

    /// The proof that entry `index` is in the tree of `size` entries.
    public func inclusionProof(index: Int64, size: Int64) throws -> [Merkle.Hash] {
        try pool.read { db in
            let current = (try Int64.fetchOne(db, sql: "SELECT max(idx) FROM log") ?? -1) + 1
            guard size <= current, index >= 0, index < size else {
                throw SightlineError(
                    .invalidField, "entry \(index) is not in a tree of size \(size) (the log has \(current))",
                    field: "index")
            }
            return try Merkle.inclusionProof(index: index, size: size, in: StoredTree(db: db))
        }
    }

    /// The proof that the tree of `new` entries extends the tree of `old` entries.
    public func consistencyProof(from old: Int64, to new: Int64) throws -> [Merkle.Hash] {
        try pool.read { db in
            let current = (try Int64.fetchOne(db, sql: "SELECT max(idx) FROM log") ?? -1) + 1
            guard old >= 0, old <= new, new <= current else {
                throw SightlineError(
                    .invalidField, "no consistency proof from \(old) to \(new) (the log has \(current))", field: "from")
            }
            return try Merkle.consistencyProof(from: old, to: new, in: StoredTree(db: db))
        }
    }

    /// Entries as stored, the exact bytes their leaves hash, in order.
    public func entries(from start: Int64, to end: Int64) throws -> [(index: Int64, entry: String)] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT idx, body FROM log WHERE idx >= ? AND idx < ? ORDER BY idx", arguments: [start, end]
            ).map { ($0[0], $0[1]) }
        }
    }

    /// Keeps a signed checkpoint.
    public func store(checkpointNote note: String, size: Int64) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO checkpoint(size, time, note) VALUES (?, ?, ?)",
                arguments: [size, Timestamp.now.milliseconds, note])
        }
    }

    /// Every checkpoint issued, by size.
    public func checkpointNotes() throws -> [(size: Int64, note: String)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT size, note FROM checkpoint ORDER BY size").map { ($0[0], $0[1]) }
        }
    }
}

/// Nodes written by the current transaction that a later leaf in it may pair with.
struct NodeCache {
    struct Key: Hashable {
        var level: Int64
        var index: Int64
    }
    var hashes: [Key: Merkle.Hash] = [:]
}

/// Subtree hashes from the stored nodes: a perfect, aligned subtree is one lookup; any other run
/// splits as RFC 9162 does.
struct StoredTree: SubtreeHashing {
    let db: Database

    func hash(start: Int64, count: Int64) throws -> Merkle.Hash {
        if count & (count - 1) == 0, start % count == 0 {
            let level = Int64(count.trailingZeroBitCount)
            guard
                let data = try Data.fetchOne(
                    db.cachedStatement(sql: "SELECT hash FROM merkle WHERE level = ? AND idx = ?"),
                    arguments: [level, start / count])
            else { throw SightlineError(.corrupt, "the log's Merkle tree is missing node \(level)/\(start / count)") }
            return Array(data)
        }
        var k: Int64 = 1
        while k << 1 < count { k <<= 1 }
        return Merkle.nodeHash(try hash(start: start, count: k), try hash(start: start + k, count: count - k))
    }
}
