import Crypto
import Foundation
import SightlineAudit
import SightlineServer
import Testing

@testable import sightline

/// The dashboard's own log verifier (`verify.js`), run in Chromium against checkpoints and
/// proofs made by the server's Swift code: it must accept what is genuine and refuse the rest.
@Suite(
    "Browser log verifier",
    .enabled(if: Browser.available, "Chromium or chromedriver not found: browser tests skipped"))
struct BrowserVerifierTests {
    struct Leaves: SubtreeHashing {
        let hashes: [Merkle.Hash]
        func hash(start: Int64, count: Int64) throws -> Merkle.Hash {
            Merkle.root(of: hashes[Int(start)..<Int(start + count)])
        }
    }

    struct Case: Sendable {
        var index: Int
        var entry: String
        var proof: [String]
    }

    /// A signer whose published key's base64 holds a '+', the case a naive split gets wrong.
    static func signer(named name: String) throws -> NoteSigner {
        for _ in 0..<200 {
            let signer = try NoteSigner(name: name, key: Curve25519.Signing.PrivateKey())
            if signer.verifierKey.split(separator: "+").count > 3 { return signer }
        }
        throw WebDriverError(description: "no key with '+' in 200 tries")
    }

    static let check = """
        import('/app/js/verify.js').then(async (m) => {
          const [note, key, entries, proofs, root] = arguments;
          const out = { proofs: [] };
          try { out.checkpoint = await m.verifyCheckpoint(note, key); } catch (e) { out.checkpointError = e.message; }
          for (const [index, entry, proof] of proofs) {
            out.proofs.push(await m.verifyInclusion(index, entries, await m.leafHash(entry), proof, root));
          }
          done(out);
        }).catch((e) => done({ failed: String(e) }));
        """

    @Test("the browser accepts a genuine checkpoint and inclusion proofs and refuses tampered ones")
    func verifier() async throws {
        let live = try LiveCity()
        defer { live.remove() }
        let signer = try Self.signer(named: "sightline.test/log")
        let entries = (0..<7).map { "{\"entry\":\($0)}" }
        let tree = Leaves(hashes: entries.map { Merkle.leafHash(Array($0.utf8)) })
        let root = Merkle.root(of: tree.hashes[...])
        let rootText = Data(root).base64EncodedString()
        let note = try signer.sign(Checkpoint(origin: "sightline.test/log", size: 7, root: root))
        let proof = { (index: Int) throws -> [String] in
            try Merkle.inclusionProof(index: Int64(index), size: 7, in: tree).map { Data($0).base64EncodedString() }
        }
        let genuine = try (0..<7).map { Case(index: $0, entry: entries[$0], proof: try proof($0)) }
        let tampered = [
            Case(index: 3, entry: "{\"entry\":99}", proof: try proof(3)),  // another entry's bytes
            Case(index: 4, entry: entries[4], proof: try proof(3)),  // another leaf's proof
            Case(index: 2, entry: entries[2], proof: Array(try proof(2).dropLast())),  // a proof cut short
        ]
        let forged = note.replacingOccurrences(of: "\n7\n", with: "\n8\n")
        let stranger = try Self.signer(named: "sightline.test/log").verifierKey

        try await live.serve { server in
            try await withBrowser("log-verifier") { browser in
                try await browser.go(server + "/#/public")
                try await browser.wait(for: "h1", containing: "Transparency")
                func run(_ note: String, _ key: String, _ cases: [Case]) async throws -> [String: Any] {
                    let proofs: [Any] = cases.map { [$0.index, $0.entry, $0.proof] as [Any] }
                    return try #require(
                        try await browser.runAsync(Self.check, [note, key, 7, proofs, rootText]) as? [String: Any])
                }
                let good = try await run(note, signer.verifierKey, genuine)
                #expect(good["failed"] == nil, "\(good)")
                #expect((good["checkpoint"] as? [String: Any])?["size"] as? Int == 7)
                #expect((good["checkpoint"] as? [String: Any])?["root"] as? String == rootText)
                #expect(good["proofs"] as? [Bool] == Array(repeating: true, count: 7))

                let bad = try await run(forged, signer.verifierKey, tampered)
                #expect((bad["checkpointError"] as? String)?.contains("does not verify") == true, "\(bad)")
                #expect(bad["proofs"] as? [Bool] == [false, false, false])

                let foreign = try await run(note, stranger, [])
                #expect((foreign["checkpointError"] as? String)?.contains("no signature by") == true, "\(foreign)")
            }
        }
    }
}
