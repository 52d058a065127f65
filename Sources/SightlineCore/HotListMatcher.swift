/// How a read matched a hot-list entry.
public enum MatchKind: String, Hashable, Sendable, Codable {
    /// The normalised plate is the entry's plate.
    case exact
    /// The plates differ only within confusable classes (O/0, B/8, …): a lenient match.
    case confusable
    /// One of the OCR engine's other readings is the entry's plate.
    case candidate
}

public struct HotListMatch: Hashable, Sendable {
    public var entry: HotListEntry
    public var kind: MatchKind
}

/// Matches reads against a hot list held in memory: two hash lookups per reading, so a list of
/// a million entries costs the same per read as a list of ten.
public struct HotListMatcher: Sendable {
    private var exact: [String: [HotListEntry]] = [:]
    /// By a hash of the folded text: no string is built per read. Entries found this way are
    /// checked against the folded text, so a hash collision never yields a false match.
    private var folded: [UInt64: [HotListEntry]] = [:]
    public private(set) var count = 0

    public init(_ entries: [HotListEntry]) {
        exact.reserveCapacity(entries.count)
        folded.reserveCapacity(entries.count)
        for entry in entries {
            exact[entry.plate, default: []].append(entry)
            folded[Self.foldedKey(entry.plate), default: []].append(entry)
        }
        count = entries.count
    }

    /// Every entry in force that the read matches, best match kind first; regions must agree
    /// where both the read and the entry name one.
    public func matches(_ read: PlateRead, at time: Timestamp) -> [HotListMatch] {
        var found: [HotListMatch] = []
        var seen = Set<HotListEntry>()
        func consider(_ entries: [HotListEntry]?, _ kind: MatchKind) {
            for entry in entries ?? [] where entry.isInForce(at: time) && !seen.contains(entry) {
                if let want = entry.region, let got = read.region, want != got { continue }
                seen.insert(entry)
                found.append(HotListMatch(entry: entry, kind: kind))
            }
        }
        consider(exact[read.plate.normalized], .exact)
        if let sameKey = folded[Self.foldedKey(read.plate.normalized)] {
            let target = read.plate.folded
            consider(sameKey.filter { Plate.fold($0.plate) == target }, .confusable)
        }
        for candidate in read.candidates { consider(exact[candidate.plate], .candidate) }
        return found
    }

    /// FNV-1a over the confusable-folded bytes.
    static func foldedKey(_ normalized: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in normalized.utf8 {
            hash = (hash ^ UInt64(Plate.foldByte(byte))) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
