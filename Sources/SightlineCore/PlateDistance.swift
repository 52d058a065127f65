/// How far a reading is from what an investigator typed, counting confusable substitutions
/// (O for 0, B for 8, …) as free but noting them, and every other substitution, insertion or
/// deletion as one edit; with the alignment, so that the match can be explained.
public struct PlateMatch: Hashable, Sendable, Codable {
    public enum Reading: String, Hashable, Sendable, Codable {
        /// The plate as the camera read it.
        case plate
        /// One of the OCR engine's other readings.
        case candidate
    }

    /// The text that matched.
    public var text: String
    public var reading: Reading
    /// Edits beyond confusable substitutions.
    public var edits: Int
    /// Confusable substitutions.
    public var confusables: Int
    /// Each difference, in words: `position 3: B read as 8 (confusable)`.
    public var differences: [String]

    public init(text: String, reading: Reading, edits: Int, confusables: Int, differences: [String]) {
        self.text = text
        self.reading = reading
        self.edits = edits
        self.confusables = confusables
        self.differences = differences
    }
}

/// Edit distance over confusable-folded plates, and its explanation.
public enum PlateDistance {
    /// The edit distance between two normalised plates once confusables are folded, or nil when
    /// it exceeds `limit`; it stops at the first row whose every entry is past the limit.
    /// Every folded text within one insertion, deletion or substitution of `folded` (itself
    /// included), sorted: what a database index of folded plates is probed with when it cannot
    /// compute the distance itself. Complete for one edit.
    public static func oneEditVariants(ofFolded folded: String) -> [String] {
        let alphabet = Array(Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8).map(Plate.foldByte))).sorted()
        let bytes = Array(folded.utf8)
        var out: Set<String> = [folded]
        for i in 0...bytes.count {
            if i < bytes.count {
                var deleted = bytes
                deleted.remove(at: i)
                out.insert(String(decoding: deleted, as: UTF8.self))
            }
            for symbol in alphabet {
                var inserted = bytes
                inserted.insert(symbol, at: i)
                out.insert(String(decoding: inserted, as: UTF8.self))
                if i < bytes.count {
                    var substituted = bytes
                    substituted[i] = symbol
                    out.insert(String(decoding: substituted, as: UTF8.self))
                }
            }
        }
        return out.sorted()
    }

    public static func distance(_ a: String, _ b: String, limit: Int) -> Int? {
        let x = Array(Plate.fold(a).utf8)
        let y = Array(Plate.fold(b).utf8)
        guard abs(x.count - y.count) <= limit else { return nil }
        var previous = Array(0...y.count)
        var current = Array(repeating: 0, count: y.count + 1)
        for i in stride(from: 1, through: x.count, by: 1) {
            current[0] = i
            var best = i
            for j in stride(from: 1, through: y.count, by: 1) {
                let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                best = min(best, current[j])
            }
            if best > limit { return nil }
            swap(&previous, &current)
        }
        return previous[y.count] <= limit ? previous[y.count] : nil
    }

    /// The match of `reading` against the `query`, explained, when within `edits`.
    public static func match(query: String, reading: String, as kind: PlateMatch.Reading, edits: Int) -> PlateMatch? {
        guard distance(query, reading, limit: edits) != nil else { return nil }
        let q = Array(query.utf8)
        let r = Array(reading.utf8)
        // Full table for the alignment: plates are at most a dozen characters.
        var cost = Array(repeating: Array(repeating: 0, count: r.count + 1), count: q.count + 1)
        for i in 0...q.count { cost[i][0] = i }
        for j in 0...r.count { cost[0][j] = j }
        for i in stride(from: 1, through: q.count, by: 1) {
            for j in stride(from: 1, through: r.count, by: 1) {
                let same = Plate.foldByte(q[i - 1]) == Plate.foldByte(r[j - 1])
                cost[i][j] = min(cost[i - 1][j - 1] + (same ? 0 : 1), cost[i - 1][j] + 1, cost[i][j - 1] + 1)
            }
        }
        var differences: [String] = []
        var confusables = 0
        var i = q.count
        var j = r.count
        func char(_ byte: UInt8) -> String { String(UnicodeScalar(byte)) }
        while i > 0 || j > 0 {
            if i > 0, j > 0 {
                let same = Plate.foldByte(q[i - 1]) == Plate.foldByte(r[j - 1])
                if cost[i][j] == cost[i - 1][j - 1] + (same ? 0 : 1) {
                    if q[i - 1] != r[j - 1] {
                        if same {
                            confusables += 1
                            differences.append(
                                "position \(i): \(char(q[i - 1])) read as \(char(r[j - 1])) (confusable)")
                        } else {
                            differences.append("position \(i): \(char(q[i - 1])) read as \(char(r[j - 1]))")
                        }
                    }
                    i -= 1
                    j -= 1
                    continue
                }
            }
            if i > 0, cost[i][j] == cost[i - 1][j] + 1 {
                differences.append("position \(i): \(char(q[i - 1])) missing from the reading")
                i -= 1
            } else {
                differences.append("position \(i + 1): extra \(char(r[j - 1])) in the reading")
                j -= 1
            }
        }
        return PlateMatch(
            text: reading, reading: kind, edits: cost[q.count][r.count], confusables: confusables,
            differences: differences.reversed())
    }

    /// The best match of a read: its plate, or else the closest of its candidate readings.
    public static func best(query: String, read: PlateRead, edits: Int) -> PlateMatch? {
        var found = match(query: query, reading: read.plate.normalized, as: .plate, edits: edits)
        for candidate in read.candidates {
            guard let other = match(query: query, reading: candidate.plate, as: .candidate, edits: edits) else {
                continue
            }
            if found.map({ (other.edits, other.confusables) < ($0.edits, $0.confusables) }) ?? true { found = other }
        }
        return found
    }
}

extension StoredRead {
    /// The order of tolerant results: fewest edits, then fewest confusables, the plate as read
    /// before a candidate reading, then the most confident, then the newest.
    public static func ranked(_ a: StoredRead, _ b: StoredRead) -> Bool {
        func key(_ r: StoredRead) -> (Int, Int, Int, Double, Int64) {
            (
                r.match?.edits ?? Int.max, r.match?.confusables ?? Int.max, r.match?.reading == .plate ? 0 : 1,
                -r.read.confidence, -r.read.time.milliseconds
            )
        }
        let (x, y) = (key(a), key(b))
        if x != y { return x < y }
        return a.id.description < b.id.description
    }
}
