public import SightlineCore
import SightlineStore

/// Stakeout, convoy and locate: each through the policy engine as the `analytics` query kind,
/// over the owners that allow it and only as far back as each allows, and logged with its
/// decisions before it answers. Owners that answer hit / no-hit only contribute no reads, since
/// an analytic's answer is made of reads; for an analytic that starts from a plate they say
/// whether that plate is in their data. Owners that want a co-signature answer once a
/// supervisor approved exactly this analytic.
extension SearchService {
    public static let maximumScenes = 10
    /// A scene is a place at a time, not a season: at most a day.
    public static let maximumSceneMilliseconds: Int64 = Timestamp.millisecondsPerDay
    /// Convoy looks at no more of the target's reads than this.
    public static let maximumConvoyScenes = 500

    public func stakeout(
        _ request: AnalyticsRequest, by caller: Caller, now: Timestamp = .now
    ) async throws
        -> AnalyticsResult
    {
        let scenes = try sceneQueries(request)
        let minimum = request.minScenes ?? scenes.count
        guard (2...scenes.count).contains(minimum) else {
            throw SightlineError(
                .invalidField, "minScenes is 2 to the number of scenes (\(scenes.count))", field: "minScenes")
        }
        let span = TimeWindow(
            from: scenes.map { $0.window!.from }.min()!, to: scenes.map { $0.window!.to }.max()!)
        return try await run(
            "stakeout", request, by: caller, plate: .anyPlate, window: span,
            detail: "stakeout: plates at \(minimum) of \(scenes.count) scenes", now: now
        ) { decisions in
            var found: [[StoredRead]] = []
            var truncated = false
            for scene in scenes {
                let page = try await execute(scene, decisions: decisions, now: now)
                truncated = truncated || page.truncated
                found.append(page.reads)
            }
            let vehicles = CaseAnalytics.stakeout(found, minimum: minimum).map {
                AnalyticsResult.Vehicle(plate: $0.plate, scenes: $0.scenes, reads: $0.reads.map(ReadView.init))
            }
            return (vehicles, nil, truncated, vehicles.flatMap(\.reads).map(\.owner))
        }
    }

    public func convoy(
        _ request: AnalyticsRequest, by caller: Caller, now: Timestamp = .now
    ) async throws
        -> AnalyticsResult
    {
        let (plate, window) = try target(request, now: now)
        let gap = Int64(request.gapSeconds ?? 60)
        guard (1...900).contains(gap) else {
            throw SightlineError(.invalidField, "gapSeconds is 1 to 900", field: "gapSeconds")
        }
        let minimum = request.minCameras ?? 2
        guard (2...50).contains(minimum) else {
            throw SightlineError(.invalidField, "minCameras is 2 to 50", field: "minCameras")
        }
        return try await run(
            "convoy", request, by: caller, plate: .exact(plate), window: window,
            detail: "convoy: within \(gap) s of \(plate) at \(minimum) or more cameras", now: now
        ) { decisions in
            var query = ReadQuery(plate: .exact(plate), window: window, order: .oldestFirst)
            query.limit = Self.maximumConvoyScenes
            let targets = try await execute(query, decisions: decisions, now: now)
            var passes: [[StoredRead]] = []
            for target in targets.reads {
                let scene = ReadQuery(
                    plate: .anyPlate,
                    window: TimeWindow(
                        from: target.read.time.adding(milliseconds: -gap * 1000),
                        to: target.read.time.adding(milliseconds: gap * 1000)),
                    cameras: [target.read.camera], limit: ReadQuery.maximumLimit)
                passes.append(try await execute(scene, decisions: decisions, now: now).reads)
            }
            let vehicles = CaseAnalytics.convoy(target: plate, passes: passes, minimum: minimum).map {
                AnalyticsResult.Vehicle(
                    plate: $0.plate, cameras: $0.cameras, coOccurrences: $0.coOccurrences,
                    reads: $0.reads.map(ReadView.init))
            }
            return (
                vehicles, nil, targets.truncated,
                targets.reads.map(\.read.owner) + vehicles.flatMap(\.reads).map(\.owner)
            )
        }
    }

    public func locate(
        _ request: AnalyticsRequest, by caller: Caller, now: Timestamp = .now
    ) async throws
        -> AnalyticsResult
    {
        let (plate, window) = try target(request, now: now)
        return try await run(
            "locate", request, by: caller, plate: .exact(plate), window: window,
            detail: "locate: where \(plate) is seen",
            now: now
        ) { decisions in
            var query = ReadQuery(plate: .exact(plate), window: window, order: .oldestFirst)
            query.limit = ReadQuery.maximumLimit
            let found = try await execute(query, decisions: decisions, now: now)
            let places = Dictionary(grouping: found.reads, by: \.read.camera).map { camera, reads in
                var hours = Array(repeating: 0, count: 24)
                for read in reads {
                    hours[Int((read.read.time.milliseconds % Timestamp.millisecondsPerDay) / 3_600_000)] += 1
                }
                let first = reads.map(\.read.time).min()!
                return AnalyticsResult.Place(
                    camera: camera, owner: reads[0].read.owner, latitude: reads[0].read.location.latitude,
                    longitude: reads[0].read.location.longitude, reads: reads.count, first: first,
                    last: reads.map(\.read.time).max()!, hours: hours)
            }
            .sorted { ($1.reads, $0.camera) < ($0.reads, $1.camera) }
            return (nil, places, found.truncated, found.reads.map(\.read.owner))
        }
    }

    /// The shared frame: case fields checked, the policy asked per owner for `analytics`, the
    /// body run over what the owners allow, the record logged, the result returned.
    private func run(
        _ name: String, _ request: AnalyticsRequest, by caller: Caller, plate: PlatePattern, window: TimeWindow,
        detail: String, now: Timestamp,
        body: ([Decision]) async throws -> (
            vehicles: [AnalyticsResult.Vehicle]?, places: [AnalyticsResult.Place]?, truncated: Bool,
            owners: [AgencyID]
        )
    ) async throws -> AnalyticsResult {
        try caller.require(caller.user.role.searches, scope: "search", "run case analytics")
        let started = ContinuousClock.now
        var access = try checkedAccessRequest(
            SearchRequest(
                query: nil, purpose: request.purpose, case: request.case, justification: request.justification,
                onBehalfOf: request.onBehalfOf), by: caller.user, kind: .analytics, window: window, now: now)
        var bare = request
        bare.coSignature = nil
        let fingerprint = try Self.fingerprint(bare, label: "analytics/\(name)")
        let approval = try request.coSignature.map {
            try approvedCoSignature($0, fingerprint: fingerprint, by: caller.user)
        }
        access.coSignedBy = approval?.decidedBy

        let engine = try policy.policy(at: now)
        let decisions = engine.decisions(for: access, owners: engine.context.agencies.keys.sorted())
        let usable = decisions.filter { $0.allows && $0.disclosure == .reads }
        let answer = try await body(usable)
        let contributed = Dictionary(grouping: answer.owners, by: { $0 }).mapValues(\.count)
        var counts = usable.map { SearchRecord.OwnerCount(owner: $0.owner, reads: contributed[$0.owner] ?? 0) }
        let hitOnly = decisions.filter { $0.allows && $0.disclosure == .hitOnly }
        if case .exact = plate, !hitOnly.isEmpty {
            counts += try await execute(ReadQuery(plate: plate, window: window), decisions: hitOnly, now: now).counts
        }

        let waiting = decisions.filter { $0.outcome == .coSign }
        let opened = try settleCoSignature(
            waiting: waiting, approval: approval, fingerprint: fingerprint,
            summary:
                "\(name) (\(detail)) for \(access.onBehalfOf), \(access.purpose.rawValue), case \(access.caseNumber): \(access.justification)",
            by: caller, now: now)
        var logged = SearchRecord.Query(ReadQuery(plate: plate, window: window))
        logged.detail = detail
        let record = SearchRecord(
            time: now, request: access, query: logged, decisions: decisions, counts: counts,
            coSignature: opened?.id)
        let index = try catalog.append(.search(record))
        measure(.analytics, decisions, since: started)
        return AnalyticsResult(
            logIndex: index, outcome: record.outcome, decisions: decisions, counts: counts,
            vehicles: answer.vehicles, places: answer.places, truncated: answer.truncated,
            coSignature: opened.map { .init(id: $0.id, status: $0.status, owners: waiting.map(\.owner)) })
    }

    private func target(_ request: AnalyticsRequest, now: Timestamp) throws -> (String, TimeWindow) {
        guard let text = request.plate else { throw SightlineError(.invalidField, "plate is required", field: "plate") }
        guard case .exact(let plate) = try PlatePattern(text, field: "plate") else {
            throw SightlineError(.invalidField, "an analytic starts from one exact plate", field: "plate")
        }
        let window = TimeWindow(
            from: request.from ?? now.adding(milliseconds: -30 * Timestamp.millisecondsPerDay), to: request.to ?? now)
        guard window.from <= window.to else {
            throw SightlineError(.invalidField, "from must not be after to", field: "from")
        }
        return (plate, window)
    }

    private func sceneQueries(_ request: AnalyticsRequest) throws -> [ReadQuery] {
        guard let scenes = request.scenes, (2...Self.maximumScenes).contains(scenes.count) else {
            throw SightlineError(
                .invalidField, "a stakeout has 2 to \(Self.maximumScenes) scenes, each a place and a time",
                field: "scenes")
        }
        return try scenes.enumerated().map { index, scene in
            let field = "scenes[\(index)]"
            guard let from = scene.from, let to = scene.to, from <= to,
                to.milliseconds - from.milliseconds <= Self.maximumSceneMilliseconds
            else {
                throw SightlineError(
                    .invalidField, "each scene needs from and to, at most a day apart", field: "\(field).from")
            }
            var query = ReadQuery(plate: .anyPlate, window: TimeWindow(from: from, to: to))
            query.limit = ReadQuery.maximumLimit
            if let cameras = scene.cameras, !cameras.isEmpty { query.cameras = Set(cameras) }
            if let radius = scene.radius {
                let circle = GeoCircle(
                    center: Coordinate(latitude: radius.latitude, longitude: radius.longitude), meters: radius.meters)
                guard circle.isValid, circle.meters <= 2_000 else {
                    throw SightlineError(
                        .invalidField, "a scene's radius is a place on the globe and 1 m to 2 km",
                        field: "\(field).radius")
                }
                query.radius = circle
            }
            guard query.cameras != nil || query.radius != nil else {
                throw SightlineError(
                    .invalidField, "each scene names cameras or a radius: a place, not everywhere",
                    field: "\(field).cameras")
            }
            return query
        }
    }
}
