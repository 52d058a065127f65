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
    private var folded: [String: [HotListEntry]] = [:]
    public private(set) var count = 0

    public init(_ entries: [HotListEntry]) {
        exact.reserveCapacity(entries.count)
        folded.reserveCapacity(entries.count)
        for entry in entries {
            exact[entry.plate, default: []].append(entry)
            folded[Plate.fold(entry.plate), default: []].append(entry)
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
        consider(folded[read.plate.folded], .confusable)
        for candidate in read.candidates { consider(exact[candidate.plate], .candidate) }
        return found
    }
}
