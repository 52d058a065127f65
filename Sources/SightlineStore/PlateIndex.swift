import SightlineCore

/// A partition's plate dictionary in memory for OCR-tolerant lookups (a deletion-neighbourhood
/// index): every confusable-folded plate is filed under itself and under each of its one-character
/// deletions. Two plates within one edit share a key, so a one-edit query costs a lookup per
/// deletion of the query; a two-edit query runs the one-edit lookup from each one-edit neighbour
/// of the query. Either way only the dictionary's keys are touched, never the reads.
struct PlateIndex: Sendable {
    private(set) var folded: [Int64: String] = [:]
    private var byKey: [String: [Int64]] = [:]
    /// Normalised text by id, and ids by each three-character run of it: a wildcard pattern's
    /// literal runs narrow the dictionary to a few plates before the pattern is checked.
    private var texts: [Int64: String] = [:]
    private var byTrigram: [UInt32: [Int64]] = [:]
    /// The highest plate id filed, so that new plates can be added as the day grows.
    private(set) var lastID: Int64 = 0

    mutating func add(id: Int64, text plate: String, folded text: String) {
        texts[id] = plate
        var seen = Set<UInt32>()
        for trigram in Self.trigrams(Array(plate.utf8)) where seen.insert(trigram).inserted {
            byTrigram[trigram, default: []].append(id)
        }
        folded[id] = text
        byKey[text, default: []].append(id)
        for deletion in Self.deletions(of: text) where deletion != text {
            byKey[deletion, default: []].append(id)
        }
        lastID = max(lastID, id)
    }

    /// Plate ids whose folded text is within `edits` of the folded `query`.
    func ids(near query: String, edits: Int) -> Set<Int64> {
        switch edits {
        case ...0:
            return Set((byKey[query] ?? []).filter { folded[$0] == query })
        case 1:
            var found = Set<Int64>()
            for key in [query] + Self.deletions(of: query) {
                for id in byKey[key] ?? [] where !found.contains(id) {
                    if let text = folded[id], PlateDistance.distance(query, text, limit: 1) != nil { found.insert(id) }
                }
            }
            return found
        default:
            var found = Set<Int64>()
            var checked = Set<Int64>()
            for neighbour in [query] + Self.neighbours(of: query) {
                for key in [neighbour] + Self.deletions(of: neighbour) {
                    for id in byKey[key] ?? [] where !checked.contains(id) {
                        checked.insert(id)
                        if let text = folded[id], PlateDistance.distance(query, text, limit: edits) != nil {
                            found.insert(id)
                        }
                    }
                }
            }
            return found
        }
    }

    /// Ids of plates matching a wildcard pattern, or nil when it has no literal run of three
    /// characters to narrow by (the caller then asks the dictionary's own index).
    func ids(matching pattern: String) -> Set<Int64>? {
        let bytes = Array(pattern.utf8)
        var runs: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in bytes {
            if byte == UInt8(ascii: "?") || byte == UInt8(ascii: "*") {
                if current.count >= 3 { runs.append(current) }
                current = []
            } else {
                current.append(byte)
            }
        }
        if current.count >= 3 { runs.append(current) }
        let trigrams = Set(runs.flatMap(Self.trigrams))
        guard !trigrams.isEmpty else { return nil }
        let postings = trigrams.map { byTrigram[$0] ?? [] }.sorted { $0.count < $1.count }
        var candidates = Set(postings[0])
        for posting in postings.dropFirst() where !candidates.isEmpty { candidates.formIntersection(posting) }
        return candidates.filter { id in texts[id].map { PlatePattern.glob(bytes, Array($0.utf8)) } ?? false }
    }

    static func trigrams(_ bytes: [UInt8]) -> [UInt32] {
        guard bytes.count >= 3 else { return [] }
        return (0...(bytes.count - 3)).map {
            UInt32(bytes[$0]) << 16 | UInt32(bytes[$0 + 1]) << 8 | UInt32(bytes[$0 + 2])
        }
    }

    static func deletions(of text: String) -> [String] {
        let bytes = Array(text.utf8)
        guard bytes.count > 1 else { return [] }
        return (0..<bytes.count).map { i in
            var copy = bytes
            copy.remove(at: i)
            return String(decoding: copy, as: UTF8.self)
        }
    }

    /// The symbols folded plates are made of.
    static let alphabet: [UInt8] = Array(
        Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8).map(Plate.foldByte))
    ).sorted()

    /// Every text one substitution or insertion from `text` (deletions are the index's keys).
    static func neighbours(of text: String) -> [String] {
        let bytes = Array(text.utf8)
        var result: [String] = []
        for i in 0...bytes.count {
            for symbol in alphabet {
                var inserted = bytes
                inserted.insert(symbol, at: i)
                if inserted.count <= Plate.maximumLength { result.append(String(decoding: inserted, as: UTF8.self)) }
                if i < bytes.count, bytes[i] != symbol {
                    var substituted = bytes
                    substituted[i] = symbol
                    result.append(String(decoding: substituted, as: UTF8.self))
                }
            }
        }
        return result + deletions(of: text)
    }
}
