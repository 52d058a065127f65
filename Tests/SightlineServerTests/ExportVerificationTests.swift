import Crypto
import Foundation
import SightlineAudit
import SightlineCore
import SightlineServer
import Testing

/// `sightline audit verify` passes an honest export and fails, naming the first bad entry, on each
/// way of tampering with one.
@Suite("Offline verification of exports")
struct ExportVerificationTests {
    struct Export {
        var lines: [String]
        var notes: [String]
        var key: String
        var signer: NoteSigner
        var origin: String

        var text: String { lines.joined(separator: "\n") + "\n" }

        func verify(trusted: String? = nil) throws -> VerifiedLog {
            try ExportVerifier(key: NoteVerifier(verifierKey: key)).verify(
                entries: text, checkpoints: notes, trusted: trusted)
        }

        func failure(trusted: String? = nil) -> AuditError? {
            do {
                _ = try verify(trusted: trusted)
                return nil
            } catch let error as AuditError {
                return error
            } catch {
                return AuditError.invalid("unexpected \(error)")
            }
        }
    }

    /// A real export of a busy log, with a checkpoint from midway and one at the end.
    static func honest() async throws -> (Export, world: PolicyWorld) {
        let world = try await AuditLogTests.busyLog()
        _ = try world.sightline.audit.checkpoint()
        _ = try await world.fixture.test { client in
            try await client.search(world.token("ca-city"), PolicyWorld.search(for: "ca-city"))
        }
        let folder = world.fixture.directory.appendingPathComponent("export")
        _ = try world.sightline.audit.export(to: folder, by: .localOperator("test"), agency: "local-operator")
        let lines = try String(contentsOf: folder.appendingPathComponent("entries.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let export = Export(
            lines: lines, notes: try AuditService.checkpointNotes(in: folder),
            key: try String(contentsOf: folder.appendingPathComponent("log-key.pub"), encoding: .utf8),
            signer: world.sightline.audit.identity.signer, origin: world.sightline.audit.identity.origin)
        return (export, world)
    }

    @Test("an honest export verifies, and a later one is consistent with the checkpoint kept")
    func honestPasses() async throws {
        let (export, world) = try await Self.honest()
        #expect(export.notes.count >= 2)
        let first = try export.verify()
        #expect(first.entries == Int64(export.lines.count))
        _ = try await world.fixture.test { client in
            try await client.search(world.token("ca-county"), PolicyWorld.search(for: "ca-county"))
        }
        let later = world.fixture.directory.appendingPathComponent("export-2")
        _ = try world.sightline.audit.export(to: later, by: .localOperator("test"), agency: "local-operator")
        let next = Export(
            lines: try String(contentsOf: later.appendingPathComponent("entries.jsonl"), encoding: .utf8).split(
                separator: "\n"
            ).map(String.init),
            notes: try AuditService.checkpointNotes(in: later), key: export.key, signer: export.signer,
            origin: export.origin)
        #expect(try next.verify(trusted: first.note).entries > first.entries)
    }

    @Test("a flipped byte in any entry is caught and named", arguments: [0, 5, 17])
    func flippedByte(at index: Int) async throws {
        var (export, _) = try await Self.honest()
        var bytes = Array(export.lines[index].utf8)
        let position = bytes.count - 3
        bytes[position] = bytes[position] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        export.lines[index] = String(decoding: bytes, as: UTF8.self)
        #expect(export.failure()?.entry == Int64(index))
    }

    @Test("a flipped byte with its leaf hash recomputed is caught by the signed root")
    func recomputedHash() async throws {
        var (export, _) = try await Self.honest()
        let index = export.lines.count - 2
        let entry = String(export.lines[index][export.lines[index].range(of: ",\"entry\":")!.upperBound...].dropLast())
        export.lines[index] = ExportLine.make(
            index: Int64(index), entry: entry.replacingOccurrences(of: "ca-city", with: "ca-citx"))
        let failure = try #require(export.failure())
        #expect(failure.entry != nil && failure.entry! <= Int64(index))
        #expect(failure.message.contains("do not match the checkpoint"))
    }

    @Test("a truncated log, two entries swapped, or an entry removed is caught and named")
    func structure() async throws {
        let (export, _) = try await Self.honest()
        var truncated = export
        truncated.lines.removeLast(3)
        #expect(truncated.failure()?.message.contains("truncated") == true)
        var swapped = export
        swapped.lines.swapAt(4, 9)
        #expect(swapped.failure()?.entry == 4)
        var removed = export
        removed.lines.remove(at: 6)
        #expect(removed.failure()?.entry == 6)
    }

    @Test("a checkpoint with a wrong size or root, or signed by an unknown key, is refused")
    func checkpoints() async throws {
        let (export, _) = try await Self.honest()
        let last = export.notes.last!
        let lines = last.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var wrongSize = export
        wrongSize.notes[wrongSize.notes.count - 1] = ([lines[0], String(Int(lines[1])! - 1)] + lines[2...]).joined(
            separator: "\n")
        #expect(wrongSize.failure()?.message.contains("not validly signed") == true)
        var wrongRoot = export
        wrongRoot.notes[wrongRoot.notes.count - 1] =
            ([lines[0], lines[1], Data(Merkle.leafHash([7])).base64EncodedString()] + lines[3...]).joined(
                separator: "\n")
        #expect(wrongRoot.failure() != nil)
        var forged = export
        let impostor = try NoteSigner(name: export.signer.name, key: Curve25519.Signing.PrivateKey())
        let checkpoint = try NoteVerifier(verifierKey: export.key).verify(last)
        forged.notes[forged.notes.count - 1] = try impostor.sign(checkpoint)
        #expect(forged.failure()?.message.contains("not validly signed") == true)
        // Verified against someone else's key, nothing passes.
        var unknown = export
        unknown.key = impostor.verifierKey
        #expect(unknown.failure() != nil)
    }

    @Test("a forked log, re-signed with the real key, is caught by the checkpoint the verifier kept")
    func fork() async throws {
        let (export, _) = try await Self.honest()
        let trusted = try export.verify().note
        // The operator rewrites entry 2 and re-signs a tree that is internally perfect.
        var forged = export
        var frontier = MerkleFrontier()
        for index in forged.lines.indices {
            var entry = String(
                forged.lines[index][forged.lines[index].range(of: ",\"entry\":")!.upperBound...].dropLast())
            if index == 2 { entry = entry.replacingOccurrences(of: "\"", with: "\"", options: [], range: nil) + " " }
            forged.lines[index] = ExportLine.make(index: Int64(index), entry: entry)
            frontier.append(Merkle.leafHash(Array(entry.utf8)))
        }
        forged.notes = [
            try export.signer.sign(Checkpoint(origin: export.origin, size: frontier.size, root: frontier.root))
        ]
        // On its own the forgery looks fine ...
        #expect(forged.failure() == nil)
        // ... but not to a verifier that kept the honest checkpoint.
        let failure = try #require(forged.failure(trusted: trusted))
        #expect(failure.message.contains("rewritten"))
    }
}
