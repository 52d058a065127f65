import Foundation
public import SightlineCore
import SightlinePolicy
public import SightlineStore

/// Case-bound search, the only way from a user to stored reads: authenticate, check the role,
/// validate the case fields, ask the policy engine per data owner, query only what it allowed
/// (clipped to retention, hit / no-hit where the law says so), log, and only then answer.
public struct SearchService: Sendable {
    public let catalog: Catalog
    public let store: any ReadStore
    public let policy: PolicySource
    let metrics: Metrics

    public static let minimumJustification = 10

    public func search(
        _ request: SearchRequest, by caller: Caller, kind: QueryKind = .search, now: Timestamp = .now
    )
        async throws -> SearchResult
    {
        try caller.require(caller.user.role.searches, scope: "search", "run plate searches")
        let started = ContinuousClock.now
        let query = try readQuery(request, kind: kind, now: now)
        var access = try checkedAccessRequest(request, by: caller.user, kind: kind, window: query.window, now: now)
        let fingerprint = try Self.fingerprint(request, kind: kind)
        let approval = try request.coSignature.map {
            try approvedCoSignature($0, fingerprint: fingerprint, by: caller.user)
        }
        access.coSignedBy = approval?.decidedBy

        let engine = try policy.policy(at: now)
        let decisions = engine.decisions(for: access, owners: engine.context.agencies.keys.sorted())
        let (reads, counts, truncated) = try await execute(query, decisions: decisions, now: now)

        let waiting = decisions.filter { $0.outcome == .coSign }
        let opened = try settleCoSignature(
            waiting: waiting, approval: approval, fingerprint: fingerprint,
            summary:
                "\(kind.rawValue) \(query.plate.text) for \(access.onBehalfOf), \(access.purpose.rawValue), case \(access.caseNumber): \(access.justification)",
            by: caller, now: now)
        let record = SearchRecord(
            time: now, request: access, query: SearchRecord.Query(query), decisions: decisions, counts: counts,
            coSignature: opened?.id)
        // The record is durable before anyone sees a result.
        let index = try catalog.append(.search(record))
        measure(kind, decisions, since: started)
        return SearchResult(
            logIndex: index, outcome: record.outcome, decisions: decisions, counts: counts, truncated: truncated,
            reads: reads.map(ReadView.init),
            coSignature: opened.map { .init(id: $0.id, status: $0.status, owners: waiting.map(\.owner)) })
    }

    /// What the policy engine would decide for this request, owner by owner, without reading any
    /// data or opening anything.
    public func explain(
        _ request: SearchRequest, as user: User, kind: QueryKind = .search, now: Timestamp = .now
    ) throws
        -> [Decision]
    {
        let query = try readQuery(request, kind: kind, now: now)
        let access = try accessRequest(request, by: user, kind: kind, window: query.window)
        let engine = try policy.policy(at: now)
        return engine.decisions(for: access, owners: engine.context.agencies.keys.sorted())
    }

    /// Runs the query over what each allowed owner permits.
    func execute(
        _ query: ReadQuery, decisions: [Decision], now: Timestamp
    ) async throws
        -> (reads: [StoredRead], counts: [SearchRecord.OwnerCount], truncated: Bool)
    {
        let allowed = decisions.filter(\.allows)
        var counts: [AgencyID: SearchRecord.OwnerCount] = [:]
        for decision in allowed where decision.disclosure == .hitOnly {
            var probe = query
            probe.window = Self.clip(query.window, notBefore: decision.notBefore, now: now)
            probe.limit = 1
            var hit = false
            if probe.window.map({ $0.from <= $0.to }) ?? true {
                hit = !(try await store.search(probe, within: [decision.owner]).reads.isEmpty)
            }
            counts[decision.owner] = .init(owner: decision.owner, reads: 0, hit: hit)
        }
        var reads: [StoredRead] = []
        var truncated = false
        let groups = Dictionary(grouping: allowed.filter { $0.disclosure == .reads }, by: \.notBefore)
        for (notBefore, group) in groups {
            var clipped = query
            clipped.window = Self.clip(query.window, notBefore: notBefore, now: now)
            if let window = clipped.window, window.from > window.to { continue }
            let page = try await store.search(clipped, within: Set(group.map(\.owner)))
            reads += page.reads
            truncated = truncated || page.truncated
        }
        if groups.count > 1 {
            reads.sort { ($0.read.time, $0.id) < ($1.read.time, $1.id) }
            if query.order == .newestFirst { reads.reverse() }
            if reads.count > query.limit {
                reads.removeLast(reads.count - query.limit)
                truncated = true
            }
        }
        for decision in allowed where decision.disclosure == .reads {
            counts[decision.owner] = .init(
                owner: decision.owner, reads: reads.filter { $0.read.owner == decision.owner }.count)
        }
        return (reads, allowed.compactMap { counts[$0.owner] }, truncated)
    }

    static func clip(_ window: TimeWindow?, notBefore: Timestamp?, now: Timestamp) -> TimeWindow? {
        guard let notBefore else { return window }
        let to = window?.to ?? now.adding(milliseconds: Timestamp.millisecondsPerDay)
        return TimeWindow(from: max(window?.from ?? notBefore, notBefore), to: to)
    }
}

extension SearchService {
    /// Latency by kind, and every owner the policy refused, by rule.
    func measure(_ kind: QueryKind, _ decisions: [Decision], since started: ContinuousClock.Instant) {
        metrics.observe("sightline_search_seconds", ContinuousClock.now - started, labels: [("kind", kind.rawValue)])
        for decision in decisions where decision.outcome == .deny {
            metrics.increment("sightline_policy_denials_total", [("rule", decision.rule)])
        }
    }
}
