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
    public var listed: ListedEntry
    public var kind: MatchKind
    /// The text that matched: the read's plate, or the candidate reading.
    public var text: String

    public var entry: HotListEntry { listed.entry }
}

/// Matches reads against hot lists held in memory: two hash lookups per reading, so lists of
/// a million entries cost the same per read as a list of ten.
public struct HotListMatcher: Sendable {
    private var exact: [String: [ListedEntry]] = [:]
    /// By a hash of the folded text: no string is built per read. Entries found this way are
    /// checked against the folded text, so a hash collision never yields a false match.
    private var folded: [UInt64: [ListedEntry]] = [:]
    public private(set) var count = 0

    public init(_ entries: [ListedEntry]) {
        exact.reserveCapacity(entries.count)
        folded.reserveCapacity(entries.count)
        for listed in entries {
            exact[listed.entry.plate, default: []].append(listed)
            folded[Self.foldedKey(listed.entry.plate), default: []].append(listed)
        }
        count = entries.count
    }

    /// One owner's single list, for tests and benchmarks.
    public init(_ entries: [HotListEntry], owner: AgencyID = "owner", list: String = "list") {
        self.init(entries.map { ListedEntry(owner: owner, list: list, entry: $0) })
    }

    /// Every entry in force at `time` that the read matches, best match kind first; regions must
    /// agree where both the read and the entry name one.
    public func matches(_ read: PlateRead, at time: Timestamp) -> [HotListMatch] {
        var found: [HotListMatch] = []
        func consider(_ entries: [ListedEntry]?, _ kind: MatchKind, _ text: String) {
            for listed in entries ?? [] where listed.entry.isInForce(at: time) {
                if let want = listed.entry.region, let got = read.region, want != got { continue }
                if found.contains(where: { $0.listed == listed }) { continue }
                found.append(HotListMatch(listed: listed, kind: kind, text: text))
            }
        }
        let plate = read.plate.normalized
        consider(exact[plate], .exact, plate)
        if let sameKey = folded[Self.foldedKey(plate)] {
            let target = read.plate.folded
            consider(sameKey.filter { Plate.fold($0.entry.plate) == target }, .confusable, plate)
        }
        for candidate in read.candidates { consider(exact[candidate.plate], .candidate, candidate.plate) }
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
