import Foundation

/// One line of an exported log: `{"index":n,"leafHash":"base64","entry":{...}}`, where `entry`
/// is the stored JSON verbatim — the exact bytes its leaf hashes.
public enum ExportLine {
    public static func make(index: Int64, entry: String) -> String {
        let leaf = Data(Merkle.leafHash(Array(entry.utf8))).base64EncodedString()
        return "{\"index\":\(index),\"leafHash\":\"\(leaf)\",\"entry\":\(entry)}"
    }

    /// Splits a line into its parts without decoding the entry, so the bytes hashed are the bytes
    /// exported. Nil when the line is not of this shape.
    static func parse(_ line: Substring) -> (index: Int64, leafHash: Substring, entry: Substring)? {
        let indexPrefix = "{\"index\":"
        let hashPrefix = ",\"leafHash\":\""
        let entryPrefix = "\",\"entry\":"
        guard line.hasPrefix(indexPrefix), line.hasSuffix("}") else { return nil }
        let afterIndex = line.dropFirst(indexPrefix.count)
        guard let comma = afterIndex.firstIndex(of: ","), let index = Int64(afterIndex[..<comma]) else { return nil }
        let rest = afterIndex[comma...]
        guard rest.hasPrefix(hashPrefix) else { return nil }
        let hashStart = rest.index(rest.startIndex, offsetBy: hashPrefix.count)
        guard let hashEnd = rest[hashStart...].firstIndex(of: "\"") else { return nil }
        let afterHash = rest[hashEnd...]
        guard afterHash.hasPrefix(entryPrefix) else { return nil }
        let entry = afterHash.dropFirst(entryPrefix.count).dropLast()
        return (index, rest[hashStart..<hashEnd], entry)
    }
}

/// What a successful offline verification established.
public struct VerifiedLog: Sendable {
    public var entries: Int64
    /// The newest checkpoint, now trusted.
    public var checkpoint: Checkpoint
    public var note: String
    public var checkpointsChecked: Int
}

/// Checks an exported log offline: every checkpoint's signature under the trusted key, every
/// entry's bytes against its leaf hash and its place in the sequence, every checkpoint's root
/// against the entries, and — when the verifier kept a checkpoint from before — that the log
/// still extends it. The first failure names the first bad entry where one can be named.
public struct ExportVerifier: Sendable {
    public let key: NoteVerifier

    public init(key: NoteVerifier) { self.key = key }

    public func verify(
        entries text: String, checkpoints notes: [String], trusted: String?
    ) throws(AuditError) -> VerifiedLog {
        var checkpoints: [(checkpoint: Checkpoint, note: String)] = []
        for note in notes {
            do {
                checkpoints.append((try key.verify(note), note))
            } catch let error as AuditError {
                throw .invalid("a checkpoint is not validly signed: \(error.message)")
            } catch {
                throw .invalid("a checkpoint could not be read")
            }
        }
        checkpoints.sort { $0.checkpoint.size < $1.checkpoint.size }
        guard let newest = checkpoints.last else { throw .invalid("the export holds no checkpoint") }
        guard Set(checkpoints.map(\.checkpoint.origin)).count == 1 else {
            throw .invalid("the checkpoints name different logs")
        }
        var previous: Checkpoint?
        if let trusted {
            do {
                previous = try key.verify(trusted)
            } catch {
                throw .invalid("the checkpoint you trusted before does not verify under this key")
            }
            guard previous!.origin == newest.checkpoint.origin else {
                throw .invalid("the export is of another log than the one you trusted")
            }
            guard previous!.size <= newest.checkpoint.size else {
                throw .invalid(
                    "the log shrank: you trusted \(previous!.size) entries, the newest checkpoint has \(newest.checkpoint.size)"
                )
            }
        }

        var frontier = MerkleFrontier()
        var pending = checkpoints.makeIterator()
        var next = pending.next()
        var lastGood: Int64 = 0
        func check(at size: Int64) throws(AuditError) {
            while let due = next, due.checkpoint.size == size {
                guard frontier.root == due.checkpoint.root else {
                    throw .invalid(
                        "entries \(lastGood) to \(size - 1) do not match the checkpoint signed at size \(size); the first bad entry is at or after \(lastGood)",
                        entry: lastGood)
                }
                lastGood = size
                next = pending.next()
            }
            if let previous, previous.size == size, frontier.root != previous.root {
                throw .invalid(
                    "the log was rewritten: its first \(size) entries differ from the checkpoint you trusted (a forked log)",
                    entry: lastGood)
            }
        }
        try check(at: 0)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let expected = frontier.size
            guard let parsed = ExportLine.parse(line) else {
                throw .invalid("the line is not an export entry", entry: expected)
            }
            guard parsed.index == expected else {
                throw .invalid(
                    "expected entry \(expected) here, found entry \(parsed.index): an entry is missing or out of order",
                    entry: expected)
            }
            let leaf = Merkle.leafHash(Array(parsed.entry.utf8))
            guard Data(leaf).base64EncodedString() == parsed.leafHash else {
                throw .invalid("its bytes do not match its leaf hash: the entry was altered", entry: expected)
            }
            frontier.append(leaf)
            try check(at: frontier.size)
        }
        guard frontier.size >= newest.checkpoint.size else {
            throw .invalid(
                "the export is truncated: it holds \(frontier.size) entries, the newest checkpoint covers \(newest.checkpoint.size)",
                entry: frontier.size)
        }
        if let previous, previous.size > frontier.size {
            throw .invalid("the export holds fewer entries than the checkpoint you trusted", entry: frontier.size)
        }
        return VerifiedLog(
            entries: frontier.size, checkpoint: newest.checkpoint, note: newest.note,
            checkpointsChecked: checkpoints.count)
    }
}
