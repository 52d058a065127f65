import Foundation
public import SightlineCore
public import SightlinePolicy
public import SightlineStore

/// What a searcher sends: the query and the case it serves. Every field of the case is required.
public struct SearchRequest: Hashable, Sendable, Codable {
    public struct Query: Hashable, Sendable, Codable {
        public var plate: String?
        public var from: Timestamp?
        public var to: Timestamp?
        public var cameras: [CameraID]?
        public var owners: [AgencyID]?
        public var box: GeoBox?
        public var region: String?
        public var limit: Int?

        public init(
            plate: String? = nil, from: Timestamp? = nil, to: Timestamp? = nil, cameras: [CameraID]? = nil,
            owners: [AgencyID]? = nil, box: GeoBox? = nil, region: String? = nil, limit: Int? = nil
        ) {
            self.plate = plate
            self.from = from
            self.to = to
            self.cameras = cameras
            self.owners = owners
            self.box = box
            self.region = region
            self.limit = limit
        }
    }

    public var query: Query?
    public var purpose: String?
    public var `case`: String?
    public var justification: String?
    public var onBehalfOf: AgencyID?

    public init(query: Query?, purpose: String?, case: String?, justification: String?, onBehalfOf: AgencyID?) {
        self.query = query
        self.purpose = purpose
        self.case = `case`
        self.justification = justification
        self.onBehalfOf = onBehalfOf
    }
}

/// The answer: results only from owners that allowed the search, every owner's decision, the
/// count each contributed, and the index of the log record written before this was returned.
public struct SearchResult: Sendable, Codable {
    public var logIndex: Int64
    public var outcome: SearchRecord.Outcome
    public var decisions: [Decision]
    public var counts: [SearchRecord.OwnerCount]
    public var truncated: Bool
    public var reads: [ReadView]
}

/// Case-bound search. The only way from a user to stored reads: authenticate, validate the case
/// fields, ask the policy per data owner, query only allowed owners, log, then answer.
public struct SearchService: Sendable {
    public let catalog: Catalog
    public let store: any ReadStore
    public let policy: any Policy

    public static let minimumJustification = 10

    /// The user a bearer token authenticates.
    public func user(forToken token: String?) throws -> User {
        guard let token, !token.isEmpty else {
            throw SightlineError(.unauthenticated, "a user token is required (Authorization: Bearer <token>)")
        }
        guard let user = try catalog.user(forToken: token) else {
            throw SightlineError(.unauthenticated, "unknown or revoked token")
        }
        return user
    }

    public func search(
        _ request: SearchRequest, by user: User, kind: QueryKind = .search, now: Timestamp = .now
    )
        async throws -> SearchResult
    {
        guard let q = request.query else { throw SightlineError(.invalidField, "query is required", field: "query") }
        guard let plateText = q.plate else {
            throw SightlineError(.invalidField, "query.plate is required", field: "query.plate")
        }
        var query = ReadQuery(plate: try PlatePattern(plateText, field: "query.plate"))
        if kind == .timeline {
            guard case .exact = query.plate else {
                throw SightlineError(.invalidField, "a timeline is for one exact plate", field: "plate")
            }
            query.order = .oldestFirst
        }
        if q.from != nil || q.to != nil {
            let window = TimeWindow(from: q.from ?? Timestamp(milliseconds: 0), to: q.to ?? now)
            guard window.from <= window.to else {
                throw SightlineError(.invalidField, "query.from must not be after query.to", field: "query.from")
            }
            query.window = window
        }
        query.cameras = q.cameras.map(Set.init)
        query.owners = q.owners.map(Set.init)
        if let box = q.box {
            guard box.isValid else {
                throw SightlineError(
                    .invalidField, "query.box must have south ≤ north and west ≤ east, on the globe", field: "query.box"
                )
            }
            query.box = box
        }
        query.region = q.region?.uppercased()
        if let limit = q.limit {
            guard (1...ReadQuery.maximumLimit).contains(limit) else {
                throw SightlineError(
                    .invalidField, "query.limit must be 1 to \(ReadQuery.maximumLimit)", field: "query.limit")
            }
            query.limit = limit
        }
        let access = try accessRequest(request, by: user, kind: kind, window: query.window)

        let owners = try catalog.agencies().map(\.id)
        let decisions = policy.decisions(for: access, owners: owners)
        let allowed = Set(decisions.filter(\.allows).map(\.owner))
        let page =
            allowed.isEmpty ? ReadPage(reads: [], truncated: false) : try await store.search(query, within: allowed)
        var perOwner: [AgencyID: Int] = [:]
        for read in page.reads { perOwner[read.read.owner, default: 0] += 1 }
        let counts = decisions.filter(\.allows).map {
            SearchRecord.OwnerCount(owner: $0.owner, reads: perOwner[$0.owner] ?? 0)
        }
        let record = SearchRecord(
            time: now, request: access, query: SearchRecord.Query(query), decisions: decisions, counts: counts)
        // The record is durable before anyone sees a result.
        let index = try catalog.append(record)
        return SearchResult(
            logIndex: index, outcome: record.outcome, decisions: decisions, counts: counts, truncated: page.truncated,
            reads: page.reads.map(ReadView.init))
    }

    /// Validates the case fields; each must be present and meaningful.
    func accessRequest(
        _ request: SearchRequest, by user: User, kind: QueryKind, window: TimeWindow?
    ) throws
        -> AccessRequest
    {
        guard let purposeText = request.purpose, !purposeText.isEmpty else {
            throw SightlineError(
                .invalidField,
                "purpose is required; one of: \(Purpose.allCases.map(\.rawValue).joined(separator: ", "))",
                field: "purpose")
        }
        guard let purpose = Purpose(rawValue: purposeText) else {
            throw SightlineError(
                .invalidField,
                "purpose \(purposeText.debugDescription) is not in the list: \(Purpose.allCases.map(\.rawValue).joined(separator: ", "))",
                field: "purpose")
        }
        let caseNumber = (request.case ?? "").trimmingCharacters(in: .whitespaces)
        guard !caseNumber.isEmpty, caseNumber.count <= 64 else {
            throw SightlineError(
                .invalidField, "case is required (a case or incident number, at most 64 characters)", field: "case")
        }
        let justification = (request.justification ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard justification.count >= Self.minimumJustification, justification.count <= 2000 else {
            throw SightlineError(
                .invalidField,
                "justification is required: say why, in at least \(Self.minimumJustification) characters",
                field: "justification")
        }
        guard let beneficiary = request.onBehalfOf else {
            throw SightlineError(
                .invalidField, "onBehalfOf is required: the agency this search is for (your own: \(user.agency))",
                field: "onBehalfOf")
        }
        guard try catalog.agency(beneficiary) != nil else {
            throw SightlineError(.invalidField, "onBehalfOf names no known agency", field: "onBehalfOf")
        }
        return AccessRequest(
            user: user.id, agency: user.agency, onBehalfOf: beneficiary, purpose: purpose, caseNumber: caseNumber,
            justification: justification, kind: kind, window: window)
    }
}
