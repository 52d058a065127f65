public import Foundation
import Synchronization

/// One line of an exported log: `{"index":n,"leafHash":"base64","entry":{...}}`, where `entry`
/// is the stored JSON verbatim — the exact bytes its leaf hashes.
public enum ExportLine {
    public static func make(index: Int64, entry: String) -> String {
        let leaf = Data(Merkle.leafHash(Array(entry.utf8))).base64EncodedString()
        return "{\"index\":\(index),\"leafHash\":\"\(leaf)\",\"entry\":\(entry)}"
    }

    /// The parts of a line, as byte ranges, without decoding the entry, so the bytes hashed are the
    /// bytes exported. Nil when the line is not of this shape.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> (index: Int64, leafHash: Range<Int>, entry: Range<Int>)? {
        let indexPrefix = Array(#"{"index":"#.utf8)
        let hashPrefix = Array(#","leafHash":""#.utf8)
        let entryPrefix = Array(#"","entry":"#.utf8)
        func has(_ prefix: [UInt8], at offset: Int) -> Bool {
            offset + prefix.count <= line.count && prefix.indices.allSatisfy { line[offset + $0] == prefix[$0] }
        }
        guard has(indexPrefix, at: 0), line.last == UInt8(ascii: "}") else { return nil }
        var cursor = indexPrefix.count
        var index: Int64 = 0
        let digitsStart = cursor
        while cursor < line.count, (0x30...0x39).contains(line[cursor]), cursor - digitsStart < 18 {
            index = index * 10 + Int64(line[cursor] - 0x30)
            cursor += 1
        }
        guard cursor > digitsStart, has(hashPrefix, at: cursor) else { return nil }
        let hashStart = cursor + hashPrefix.count
        let hashEnd = hashStart + 44
        guard has(entryPrefix, at: hashEnd) else { return nil }
        return (index, hashStart..<hashEnd, (hashEnd + entryPrefix.count)..<(line.count - 1))
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
        try verify(entries: Data(text.utf8), checkpoints: notes, trusted: trusted)
    }

    /// Verifies an export's bytes, as read from `entries.jsonl`.
    public func verify(
        entries text: Data, checkpoints notes: [String], trusted: String?
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
        let lines = Self.lines(of: text)
        // Leaf hashes are independent: compute them on every core, then fold them in order.
        let hashes = Self.leafHashes(of: text, lines: lines)
        for (position, result) in hashes.enumerated() {
            let expected = Int64(position)
            switch result {
            case .malformed: throw .invalid("the line is not an export entry", entry: expected)
            case .index(let found) where found != expected:
                throw .invalid(
                    "expected entry \(expected) here, found entry \(found): an entry is missing or out of order",
                    entry: expected)
            case .mismatch:
                throw .invalid("its bytes do not match its leaf hash: the entry was altered", entry: expected)
            case .leaf(let leaf):
                frontier.append(leaf)
                try check(at: frontier.size)
            case .index: break
            }
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

extension ExportVerifier {
    enum LineResult {
        case leaf(Merkle.Hash)
        case index(Int64)
        case mismatch
        case malformed
    }

    /// The byte ranges of the non-empty lines.
    static func lines(of data: Data) -> [Range<Int>] {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var result: [Range<Int>] = []
            result.reserveCapacity(bytes.count / 400)
            var start = 0
            for i in 0..<bytes.count where bytes[i] == 0x0A {
                if i > start { result.append(start..<i) }
                start = i + 1
            }
            if start < bytes.count { result.append(start..<bytes.count) }
            return result
        }
    }

    static func leafHashes(of data: Data, lines: [Range<Int>]) -> [LineResult] {
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, lines.count / 10_000 + 1))
        let size = (lines.count + chunks - 1) / chunks
        let parts = Mutex([[LineResult]](repeating: [], count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (chunk * size)..<min(lines.count, (chunk + 1) * size)
            let local = data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                return range.map { i in classify(UnsafeBufferPointer(rebasing: bytes[lines[i]]), expected: Int64(i)) }
            }
            parts.withLock { $0[chunk] = local }
        }
        return parts.withLock { $0.flatMap { $0 } }
    }

    static func classify(_ line: UnsafeBufferPointer<UInt8>, expected: Int64) -> LineResult {
        guard let parsed = ExportLine.parse(line) else { return .malformed }
        guard parsed.index == expected else { return .index(parsed.index) }
        let leaf = Merkle.leafHash(UnsafeBufferPointer(rebasing: line[parsed.entry]))
        guard let stated = Base64.decode32(UnsafeBufferPointer(rebasing: line[parsed.leafHash])), stated == leaf else {
            return .mismatch
        }
        return .leaf(leaf)
    }
}

enum Base64 {
    static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(c)] = UInt8(i)
        }
        return table
    }()

    /// Decodes the 44-character base64 of 32 bytes.
    static func decode32(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count == 44, text[43] == UInt8(ascii: "=") else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(33)
        var i = 0
        while i < 44 {
            let a = table[Int(text[i])], b = table[Int(text[i + 1])]
            let c = text[i + 2] == UInt8(ascii: "=") ? 0 : table[Int(text[i + 2])]
            let d = text[i + 3] == UInt8(ascii: "=") ? 0 : table[Int(text[i + 3])]
            guard a | b | c | d != 0xFF, (a | b | c | d) & 0xC0 == 0 else { return nil }
            out.append(a << 2 | b >> 4)
            out.append((b & 0x0F) << 4 | c >> 2)
            out.append((c & 0x03) << 6 | d)
            i += 4
        }
        return Array(out.prefix(32))
    }
}
