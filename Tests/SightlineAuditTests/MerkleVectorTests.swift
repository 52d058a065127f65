import Foundation
import SightlineAudit
import Testing

func unhex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

/// The published RFC 6962 / transparency-dev test vectors.
@Suite("Merkle tree: published vectors")
struct MerkleVectorTests {
    static let leaves = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ]
    .map(unhex).map(Merkle.leafHash)
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map(unhex)

    @Test("roots of sizes 0 to 8")
    func roots() {
        #expect(Merkle.emptyRoot == unhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
        for size in 1...8 { #expect(Merkle.root(of: Self.leaves[0..<size]) == Self.roots[size - 1], "size \(size)") }
    }

    @Test(
        "inclusion proofs",
        arguments: [
            (
                1, 8,
                [
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ]
            ),
            (
                6, 8,
                [
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ]
            ),
            (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
            (
                2, 5,
                [
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ]
            ),
        ])
    func inclusion(leaf: Int, size: Int, expected: [String]) throws {
        let tree = LeafList(Array(Self.leaves[0..<size]))
        let proof = try Merkle.inclusionProof(index: Int64(leaf - 1), size: Int64(size), in: tree)
        #expect(proof == expected.map(unhex))
        #expect(
            Merkle.verifyInclusion(
                leaf: Self.leaves[leaf - 1], index: Int64(leaf - 1), size: Int64(size), proof: proof,
                root: Self.roots[size - 1]))
    }

    @Test(
        "consistency proofs",
        arguments: [
            (
                1, 8,
                [
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ]
            ),
            (
                6, 8,
                [
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ]
            ),
            (
                2, 5,
                [
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ]
            ),
        ])
    func consistency(old: Int, new: Int, expected: [String]) throws {
        let proof = try Merkle.consistencyProof(
            from: Int64(old), to: Int64(new), in: LeafList(Array(Self.leaves[0..<new])))
        #expect(proof == expected.map(unhex))
        #expect(
            Merkle.verifyConsistency(
                oldSize: Int64(old), newSize: Int64(new), oldRoot: Self.roots[old - 1], newRoot: Self.roots[new - 1],
                proof: proof))
    }
}

/// Every proof in many trees verifies, and every corruption of it is refused.
@Suite("Merkle tree: generated proofs and corruptions")
struct MerkleGeneratedTests {
    static let leaves = (0..<70).map {
        Merkle.leafHash([UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 * 7)])
    }

    @Test("inclusion: every leaf of every size up to 70; wrong index, size, leaf, root or path fails")
    func inclusion() throws {
        let other = Merkle.leafHash([0xFF])
        for size in 1...70 {
            let tree = LeafList(Array(Self.leaves[0..<size]))
            let root = Merkle.root(of: Self.leaves[0..<size])
            for index in 0..<size {
                let proof = try Merkle.inclusionProof(index: Int64(index), size: Int64(size), in: tree)
                let leaf = Self.leaves[index]
                let (i, n) = (Int64(index), Int64(size))
                #expect(Merkle.verifyInclusion(leaf: leaf, index: i, size: n, proof: proof, root: root))
                #expect(!Merkle.verifyInclusion(leaf: other, index: i, size: n, proof: proof, root: root))
                #expect(!Merkle.verifyInclusion(leaf: leaf, index: i + 1, size: n, proof: proof, root: root))
                if index > 0 {
                    #expect(!Merkle.verifyInclusion(leaf: leaf, index: i - 1, size: n, proof: proof, root: root))
                }
                #expect(!Merkle.verifyInclusion(leaf: leaf, index: i, size: n * 2, proof: proof, root: root))
                #expect(!Merkle.verifyInclusion(leaf: leaf, index: i, size: n, proof: proof + [root], root: root))
                #expect(!Merkle.verifyInclusion(leaf: leaf, index: i, size: n, proof: proof, root: Merkle.emptyRoot))
                for k in proof.indices {
                    var bad = proof
                    bad[k][0] ^= 8
                    #expect(!Merkle.verifyInclusion(leaf: leaf, index: i, size: n, proof: bad, root: root))
                }
                if !proof.isEmpty {
                    #expect(!Merkle.verifyInclusion(leaf: leaf, index: i, size: n, proof: proof.dropLast(), root: root))
                }
            }
        }
    }

    @Test("consistency: every pair of sizes up to 40; a forked tree or a corrupted proof fails")
    func consistency() throws {
        let forked = Self.leaves.enumerated().map { $0.offset == 3 ? Merkle.leafHash([0xEE]) : $0.element }
        for new in 1...40 {
            let tree = LeafList(Array(Self.leaves[0..<new]))
            let newRoot = Merkle.root(of: Self.leaves[0..<new])
            for old in 1...new {
                let oldRoot = Merkle.root(of: Self.leaves[0..<old])
                let proof = try Merkle.consistencyProof(from: Int64(old), to: Int64(new), in: tree)
                #expect(
                    Merkle.verifyConsistency(
                        oldSize: Int64(old), newSize: Int64(new), oldRoot: oldRoot, newRoot: newRoot, proof: proof))
                guard old < new else { continue }
                #expect(
                    !Merkle.verifyConsistency(
                        oldSize: Int64(old), newSize: Int64(new), oldRoot: newRoot, newRoot: oldRoot, proof: proof))
                for k in proof.indices {
                    var bad = proof
                    bad[k][0] ^= 16
                    #expect(
                        !Merkle.verifyConsistency(
                            oldSize: Int64(old), newSize: Int64(new), oldRoot: oldRoot, newRoot: newRoot, proof: bad))
                }
                // A tree that rewrote leaf 3 cannot prove it extends the honest one.
                if old > 3 {
                    let forkTree = LeafList(Array(forked[0..<new]))
                    let forkProof = try Merkle.consistencyProof(from: Int64(old), to: Int64(new), in: forkTree)
                    let forkRoot = Merkle.root(of: forked[0..<new])
                    #expect(
                        !Merkle.verifyConsistency(
                            oldSize: Int64(old), newSize: Int64(new), oldRoot: oldRoot, newRoot: forkRoot,
                            proof: forkProof))
                }
            }
        }
    }
}
