import Crypto
import Foundation
import SightlineAudit
import Testing

@Suite("Checkpoints as signed notes")
struct CheckpointTests {
    static let checkpoint = Checkpoint(origin: "sightline/test-log", size: 42, root: Merkle.leafHash([1, 2, 3]))

    @Test("a signed checkpoint verifies with the published key and has the C2SP shape")
    func roundTrip() throws {
        let signer = try NoteSigner(name: "sightline-test", key: Curve25519.Signing.PrivateKey())
        let note = try signer.sign(Self.checkpoint)
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "sightline/test-log")
        #expect(lines[1] == "42")
        #expect(lines[3] == "")
        #expect(lines[4].hasPrefix("\u{2014} sightline-test "))
        #expect(try NoteVerifier(verifierKey: signer.verifierKey).verify(note) == Self.checkpoint)
    }

    @Test("wrong size, wrong root, another key, a forged or missing signature are all refused")
    func refusals() throws {
        let signer = try NoteSigner(name: "sightline-test", key: Curve25519.Signing.PrivateKey())
        let verifier = try NoteVerifier(verifierKey: signer.verifierKey)
        let note = try signer.sign(Self.checkpoint)
        let wrongSize = note.replacingOccurrences(of: "\n42\n", with: "\n43\n")
        let otherRoot = Data(Merkle.leafHash([9])).base64EncodedString()
        let wrongRoot = note.replacingOccurrences(of: Data(Self.checkpoint.root).base64EncodedString(), with: otherRoot)
        let impostor = try NoteSigner(name: "sightline-test", key: Curve25519.Signing.PrivateKey())
        let forged = try impostor.sign(Self.checkpoint)
        let unsigned = Self.checkpoint.body + "\n"
        for bad in [wrongSize, wrongRoot, forged, unsigned, "garbage"] {
            #expect(throws: AuditError.self) { try verifier.verify(bad) }
        }
        // A signature line whose bytes were changed.
        var flipped = Array(note.utf8)
        flipped[flipped.count - 5] ^= 1
        #expect(throws: AuditError.self) { try verifier.verify(String(decoding: flipped, as: UTF8.self)) }
        #expect(throws: AuditError.self) { try NoteVerifier(verifierKey: "not a key") }
    }
}
