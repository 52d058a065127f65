/// What retention may destroy, decided by the policy layer and carried out by a store. The
/// store learns cut-off times, which reads matched a hot list, and what holds cover, and
/// nothing leaves it but counts.
public struct RetentionPlan: Sendable {
    /// One owner's cut-offs: reads before them are destroyed. Nil keeps them.
    public struct Cutoffs: Hashable, Sendable {
        /// For reads that matched a hot list.
        public var hits: Timestamp?
        /// For every other read (New Hampshire: three minutes after the read).
        public var others: Timestamp?

        public init(hits: Timestamp?, others: Timestamp?) {
            self.hits = hits
            self.others = others
        }
    }

    public var owners: [AgencyID: Cutoffs]
    /// Reads that raised an alert.
    public var hits: Set<ReadID>
    /// Holds in force: what they cover outlives retention.
    public var holds: [LegalHold]

    public init(owners: [AgencyID: Cutoffs], hits: Set<ReadID>, holds: [LegalHold]) {
        self.owners = owners
        self.hits = hits
        self.holds = holds
    }

    /// The instant before which nothing of `owner` survives unless held, for the quick check of
    /// whether a whole day can go: the earlier of its two cut-offs.
    public func floor(of owner: AgencyID) -> Timestamp? {
        guard let cutoffs = owners[owner], let hits = cutoffs.hits, let others = cutoffs.others else { return nil }
        return min(hits, others)
    }

    /// The instant before which some of `owner`'s reads may have expired: the later of its
    /// cut-offs. A store need not look at later reads.
    public func ceiling(of owner: AgencyID) -> Timestamp? {
        guard let cutoffs = owners[owner] else { return nil }
        return [cutoffs.hits, cutoffs.others].compactMap { $0 }.max()
    }

    /// Whether one read is past its owner's retention, held or not.
    public func isPastRetention(_ id: ReadID, owner: AgencyID, time: Timestamp) -> Bool {
        guard let cutoffs = owners[owner], let cutoff = hits.contains(id) ? cutoffs.hits : cutoffs.others else {
            return false
        }
        return time < cutoff
    }

    public func isHeld(_ id: ReadID, owner: AgencyID, plate: String, time: Timestamp) -> Bool {
        holds.contains { $0.covers(id, owner: owner, plate: plate, time: time) }
    }

    /// Whether one read is past its owner's retention and not held.
    public func expires(_ id: ReadID, owner: AgencyID, plate: String, time: Timestamp) -> Bool {
        isPastRetention(id, owner: owner, time: time) && !isHeld(id, owner: owner, plate: plate, time: time)
    }
}

/// A legal hold: a court order or preservation letter that keeps named reads past retention
/// until it ends. Placed by the data's owner, for a case; placing and releasing it are logged.
public struct LegalHold: Hashable, Sendable, Codable, Identifiable {
    public enum Authority: String, Hashable, Sendable, Codable {
        case courtOrder = "court-order"
        case preservationLetter = "preservation-letter"
    }

    public var id: String
    /// The data owner whose reads it keeps.
    public var agency: AgencyID
    public var caseNumber: String
    public var authority: Authority
    /// The order's or letter's reference, such as a docket number.
    public var reference: String
    /// What it covers: these reads, or a plate within a window.
    public var reads: [ReadID]?
    public var plate: String?
    public var window: TimeWindow?
    public var expiry: Timestamp
    public var placed: Timestamp
    public var placedBy: UserID
    public var released: Timestamp?
    public var releasedBy: UserID?

    public init(
        id: String, agency: AgencyID, caseNumber: String, authority: Authority, reference: String, reads: [ReadID]?,
        plate: String?, window: TimeWindow?, expiry: Timestamp, placed: Timestamp, placedBy: UserID
    ) {
        self.id = id
        self.agency = agency
        self.caseNumber = caseNumber
        self.authority = authority
        self.reference = reference
        self.reads = reads
        self.plate = plate
        self.window = window
        self.expiry = expiry
        self.placed = placed
        self.placedBy = placedBy
    }

    public func isActive(at now: Timestamp) -> Bool { released == nil && now < expiry }

    /// Whether the hold keeps this read of its owner's.
    public func covers(_ id: ReadID, owner: AgencyID, plate: String, time: Timestamp) -> Bool {
        guard owner == agency else { return false }
        if let reads { return reads.contains(id) }
        guard let held = self.plate, held == plate else { return false }
        return window?.contains(time) ?? true
    }
}

/// What one retention run destroyed: counts and ranges, never a plate.
public struct DestructionReport: Hashable, Sendable, Codable {
    public struct Partition: Hashable, Sendable, Codable {
        public var partition: Int
        public var reads: Int
        public var images: Int
        /// The destroyed reads' time range.
        public var from: Timestamp?
        public var to: Timestamp?
        /// The whole day went: its file (or table) removed.
        public var removed: Bool

        public init(partition: Int, reads: Int, images: Int, from: Timestamp?, to: Timestamp?, removed: Bool) {
            self.partition = partition
            self.reads = reads
            self.images = images
            self.from = from
            self.to = to
            self.removed = removed
        }
    }

    public var partitions: [Partition]
    /// Reads past retention kept only because a hold covers them.
    public var held: Int

    public init(partitions: [Partition] = [], held: Int = 0) {
        self.partitions = partitions
        self.held = held
    }

    public var reads: Int { partitions.reduce(0) { $0 + $1.reads } }
}
