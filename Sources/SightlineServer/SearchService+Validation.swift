import Foundation
import SightlineCore

extension SearchService {
    /// The query a request asks for, or the field that is wrong.
    func readQuery(_ request: SearchRequest, kind: QueryKind, now: Timestamp) throws -> ReadQuery {
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
        if let radius = q.radius {
            let circle = GeoCircle(
                center: Coordinate(latitude: radius.latitude, longitude: radius.longitude), meters: radius.meters)
            guard circle.isValid else {
                throw SightlineError(
                    .invalidField, "query.radius needs a place on the globe and 1 m to 100 km", field: "query.radius")
            }
            query.radius = circle
        }
        query.make = q.make
        query.color = q.color
        query.vehicleType = q.type
        query.direction = q.direction
        if let tolerance = q.tolerance {
            guard (0...ReadQuery.maximumEdits).contains(tolerance) else {
                throw SightlineError(
                    .invalidField, "query.tolerance is 0 (confusables only), 1 or 2 edits", field: "query.tolerance")
            }
            if case .wildcard = query.plate, tolerance > 0 {
                throw SightlineError(
                    .invalidField, "with wildcards, query.tolerance may only be 0 (confusables)",
                    field: "query.tolerance")
            }
            if kind == .timeline {
                throw SightlineError(.invalidField, "a timeline is for one exact plate", field: "query.tolerance")
            }
            query.tolerance = tolerance
        }
        if let limit = q.limit {
            guard (1...ReadQuery.maximumLimit).contains(limit) else {
                throw SightlineError(
                    .invalidField, "query.limit must be 1 to \(ReadQuery.maximumLimit)", field: "query.limit")
            }
            query.limit = limit
        }
        return query
    }

    /// Validates the case fields as `accessRequest` does, and records a refusal in the log: an
    /// attempt to search without a purpose, case or reason is itself something auditors and the
    /// public should see.
    func checkedAccessRequest(
        _ request: SearchRequest, by user: User, kind: QueryKind, window: TimeWindow?, now: Timestamp
    ) throws -> AccessRequest {
        do {
            return try accessRequest(request, by: user, kind: kind, window: window)
        } catch let error as SightlineError {
            try catalog.append(
                .change(
                    ChangeRecord(
                        time: now, actor: user.id, actorAgency: user.agency, action: Self.incompleteRefusal,
                        agency: user.agency, subject: "\(kind.rawValue) request", before: nil,
                        after: "\(error.field ?? "request"): \(error.message)")))
            throw error
        }
    }

    /// The log action of a search refused because its purpose, case, reason or beneficiary was
    /// missing or unusable.
    public static let incompleteRefusal = "search.refused-incomplete"

    /// Validates the case fields; each must be present and meaningful.
    func accessRequest(
        _ request: SearchRequest, by user: User, kind: QueryKind, window: TimeWindow?
    ) throws
        -> AccessRequest
    {
        let purposes = Purpose.allCases.map(\.rawValue).joined(separator: ", ")
        guard let purposeText = request.purpose, !purposeText.isEmpty else {
            throw SightlineError(.invalidField, "purpose is required; one of: \(purposes)", field: "purpose")
        }
        guard let purpose = Purpose(rawValue: purposeText) else {
            throw SightlineError(
                .invalidField, "purpose \(purposeText.debugDescription) is not in the list: \(purposes)",
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
