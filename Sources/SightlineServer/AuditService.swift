public import Foundation
public import SightlineAudit
public import SightlineCore
public import SightlineStore

/// The agency's own tamper-evident log: checkpoints signed with a key that lives in the data
/// directory, proofs from the stored tree, and exports anyone holding the verifier key can check.
public struct AuditService: Sendable {
    public let catalog: Catalog
    public let identity: SigningIdentity
    let metrics: Metrics

    /// The key to publish: `name+keyid+base64(0x01 || Ed25519 public key)`.
    public var verifierKey: String { identity.signer.verifierKey }

    /// A checkpoint of the log as it is now: the latest one if the log has not grown since, a
    /// newly signed one otherwise.
    public func checkpoint() throws -> String {
        let head = try catalog.treeHead()
        if let latest = try catalog.checkpointNotes().last, latest.size == head.size { return latest.note }
        let note = try identity.signer.sign(Checkpoint(origin: identity.origin, size: head.size, root: head.root))
        try catalog.store(checkpointNote: note, size: head.size)
        metrics.set(
            "sightline_checkpoint_signed_timestamp_seconds", to: Double(Timestamp.now.milliseconds) / 1000)
        return note
    }

    /// Checks the stored log as an outside verifier would an export: every entry against its
    /// leaf, every checkpoint's signature and root, the newest signed now (if the log grew since
    /// the last) so that every entry is covered. Writes no log entry.
    public func verifyStored(trusting trusted: String? = nil) throws -> VerifiedLog {
        _ = try checkpoint()
        let notes = try catalog.checkpointNotes()
        guard let size = notes.last?.size else { throw AuditError.invalid("the log has no checkpoint yet") }
        var text = ""
        var start: Int64 = 0
        while start < size {
            let batch = try catalog.entries(from: start, to: min(size, start + 10_000))
            for (index, entry) in batch { text += ExportLine.make(index: index, entry: entry) + "\n" }
            start += Int64(batch.count)
        }
        return try ExportVerifier(key: try NoteVerifier(verifierKey: verifierKey)).verify(
            entries: text, checkpoints: notes.map(\.note), trusted: trusted)
    }

    /// Writes `entries.jsonl`, `checkpoints.jsonl` and `log-key.pub` to `directory`. The export
    /// is itself an entry of the log, and the last checkpoint covers it.
    public func export(
        to directory: URL, by actor: Actor, agency: AgencyID
    ) throws -> (entries: Int64, checkpoint: String) {
        try catalog.append(
            .change(
                ChangeRecord(
                    time: .now, actor: actor.user, actorAgency: actor.agency, action: "log.export", agency: agency,
                    subject: "log", before: nil, after: "exported to \(directory.lastPathComponent)")))
        let note = try checkpoint()
        let size = try NoteVerifier(verifierKey: verifierKey).verify(note).size
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let handle = try FileHandle(forWritingTo: Self.create(directory.appendingPathComponent("entries.jsonl")))
        var start: Int64 = 0
        while start < size {
            let batch = try catalog.entries(from: start, to: min(size, start + 10_000))
            var text = ""
            for (index, entry) in batch { text += ExportLine.make(index: index, entry: entry) + "\n" }
            handle.write(Data(text.utf8))
            start += Int64(batch.count)
        }
        try handle.close()
        let notes = try catalog.checkpointNotes().filter { $0.size <= size }.map(\.note)
        let lines = try notes.map { String(decoding: try JSONEncoder().encode(["note": $0]), as: UTF8.self) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(
            to: directory.appendingPathComponent("checkpoints.jsonl"))
        try Data((verifierKey + "\n").utf8).write(to: directory.appendingPathComponent("log-key.pub"))
        return (size, note)
    }

    private static func create(_ url: URL) throws -> URL {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }

    /// Reads the checkpoints of an export.
    public static func checkpointNotes(in directory: URL) throws -> [String] {
        let text = try String(contentsOf: directory.appendingPathComponent("checkpoints.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let note = try JSONDecoder().decode([String: String].self, from: Data(line.utf8))["note"] else {
                throw AuditError.invalid("a checkpoint line has no note")
            }
            return note
        }
    }
}
