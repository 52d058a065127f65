public import Logging
public import ServiceLifecycle
public import SightlineCore
import SightlinePolicy
public import SightlineStore

/// Destroys what the law and each agency's own setting no longer allow Sightline to keep: on a
/// schedule in the server, or once from `sightline retention run`. Each owner's reads go after
/// the shorter of its law pack's maximum and its own setting; reads that matched no hot list go
/// sooner where the pack says so (New Hampshire: 3 minutes); reads a legal hold covers stay
/// until it ends. Every destruction is logged with counts and ranges, never plates.
public struct RetentionService: Service {
    let catalog: Catalog
    let store: any ReadStore
    let policy: PolicySource
    let interval: Duration
    let logger: Logger

    static let actor = Actor.localOperator("retention")

    public init(
        catalog: Catalog, store: any ReadStore, policy: PolicySource, interval: Duration = .seconds(60),
        logger: Logger = Logger(label: "sightline.retention")
    ) {
        self.catalog = catalog
        self.store = store
        self.policy = policy
        self.interval = interval
        self.logger = logger
    }

    /// Every owner's cut-offs at `now`, the hits, and the holds in force.
    public func plan(at now: Timestamp) throws -> RetentionPlan {
        let context = try policy.policy(at: now).context
        var owners: [AgencyID: RetentionPlan.Cutoffs] = [:]
        for agency in context.agencies.values {
            guard let pack = context.pack(for: agency) else { continue }
            let days = pack.retentionDays(tightenedBy: context.policies[agency.id])
            let hits = days.map { now.adding(milliseconds: -Int64($0) * Timestamp.millisecondsPerDay) }
            let nonHit = pack.retention?.nonHitMaximumMinutes.map { now.adding(milliseconds: -Int64($0) * 60_000) }
            // The shorter period is the later cut-off.
            let others = [hits, nonHit].compactMap { $0 }.max()
            owners[agency.id] = .init(hits: hits, others: others)
        }
        let holds = try catalog.holds().filter { $0.isActive(at: now) }
        return RetentionPlan(owners: owners, hits: try catalog.hitReads(), holds: holds)
    }

    /// One run: plan, destroy, log.
    public func runOnce(
        at now: Timestamp = .now, progress: @Sendable (_ done: Int, _ of: Int) -> Void = { _, _ in }
    ) async throws -> DestructionReport {
        let report = try await store.destroy(expired: try plan(at: now), progress: progress)
        if !report.partitions.isEmpty { try catalog.logDestruction(report, by: Self.actor) }
        return report
    }

    public func run() async throws {
        try await repeatUntilShutdown(every: interval, logger: logger, failure: "retention run failed") {
            let report = try await runOnce()
            if report.reads > 0 {
                logger.info(
                    "retention destroyed reads",
                    metadata: ["reads": "\(report.reads)", "partitions": "\(report.partitions.count)"])
            }
        }
    }
}
