/// Where plate reads live. Every implementation passes the same conformance suite.
///
/// The store never decides who may see what: every read method takes the set of owners the
/// policy engine allowed, and must return nothing — not a row, not a count — from any other.
public protocol ReadStore: Sendable {
    /// Appends a batch and returns the ids assigned, in order. The batch is all or nothing, and
    /// the call returns only after the batch is durable: a crash after the return loses nothing.
    func append(_ reads: [PlateRead]) async throws -> [ReadID]

    /// Runs `query` over the reads whose owner is in `owners`.
    func search(_ query: ReadQuery, within owners: Set<AgencyID>) async throws -> ReadPage

    /// How many reads one owner's cameras made on each UTC day in `window` (whole days), for the
    /// transparency report. Aggregate counts only; never a plate.
    func dailyCounts(of owner: AgencyID, in window: TimeWindow) async throws -> [DayCount]

    /// The partitions held, oldest first.
    func partitions() async throws -> [PartitionSummary]

    /// Destroys one partition and everything in it.
    func dropPartition(_ partition: Int) async throws

    /// Destroys what `plan` says has expired, beyond the store's own recovery: a day whose every
    /// read expired goes whole; otherwise its expired reads, their candidates and images are
    /// deleted and their bytes overwritten. Reports partitions done of all to `progress`.
    func destroy(
        expired plan: RetentionPlan, progress: @Sendable (_ done: Int, _ of: Int) -> Void
    ) async throws -> DestructionReport
}

/// What a partition holds, without disclosing any read.
public struct PartitionSummary: Hashable, Sendable, Codable {
    /// The UTC day, `yyyymmdd`.
    public var partition: Int
    public var reads: Int
    public var bytes: Int

    public init(partition: Int, reads: Int, bytes: Int) {
        self.partition = partition
        self.reads = reads
        self.bytes = bytes
    }
}

/// A count for one UTC day, `yyyymmdd`.
public struct DayCount: Hashable, Sendable, Codable {
    public var day: Int
    public var count: Int

    public init(day: Int, count: Int) {
        self.day = day
        self.count = count
    }
}
