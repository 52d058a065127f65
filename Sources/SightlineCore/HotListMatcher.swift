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
    /// Every folded key, in a flat table: nearly every reading is on no list, and one probe here
    /// says so without touching the dictionaries (an exact match is a folded match too).
    private var present = FoldedKeySet(capacity: 0)
    public private(set) var count = 0

    public init(_ entries: [ListedEntry]) {
        exact.reserveCapacity(entries.count)
        folded.reserveCapacity(entries.count)
        present = FoldedKeySet(capacity: entries.count)
        for listed in entries {
            let key = Self.foldedKey(listed.entry.plate)
            exact[listed.entry.plate, default: []].append(listed)
            folded[key, default: []].append(listed)
            present.insert(key)
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
        let key = Self.foldedKey(plate)
        if present.contains(key) {
            consider(exact[plate], .exact, plate)
            if let sameKey = folded[key] {
                let target = read.plate.folded
                consider(sameKey.filter { Plate.fold($0.entry.plate) == target }, .confusable, plate)
            }
        }
        for candidate in read.candidates where present.contains(Self.foldedKey(candidate.plate)) {
            consider(exact[candidate.plate], .candidate, candidate.plate)
        }
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

/// An open-addressing set of 64-bit keys in one flat array: a miss costs one or two reads of
/// adjacent memory, where a dictionary of strings costs hashing and pointer chasing.
struct FoldedKeySet: Sendable {
    private var slots: [UInt64]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// 0 marks an empty slot, so the key 0 is stored as 1; a false positive only costs a lookup.
    private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    /// FNV's low bits depend only on the low bits of each byte, and plates use few symbols, so
    /// the key is mixed (MurmurHash3's finaliser) before it picks a slot: without this, linear
    /// probing ran into clusters thousands of slots long.
    private func start(_ key: UInt64) -> Int {
        var h = key
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h &*= 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return Int(truncatingIfNeeded: h) & mask
    }

    mutating func insert(_ key: UInt64) {
        let key = Self.stored(key)
        var i = start(key)
        while slots[i] != 0 {
            if slots[i] == key { return }
            i = (i + 1) & mask
        }
        slots[i] = key
    }

    func contains(_ key: UInt64) -> Bool {
        let key = Self.stored(key)
        return slots.withUnsafeBufferPointer { slots in
            var i = start(key)
            while true {
                let slot = slots[i]
                if slot == key { return true }
                if slot == 0 { return false }
                i = (i + 1) & mask
            }
        }
    }
}
