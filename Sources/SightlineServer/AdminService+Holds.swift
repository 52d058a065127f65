import Foundation
public import SightlineCore
import SightlineStore

/// A legal hold as an administrator asks for it; every field checked, the bad one named.
public struct HoldRequest: Hashable, Sendable, Codable {
    public var `case`: String?
    public var authority: String?
    public var reference: String?
    public var reads: [ReadID]?
    public var plate: String?
    public var from: Timestamp?
    public var to: Timestamp?
    public var expiry: Timestamp?

    public init(
        case: String?, authority: String?, reference: String?, reads: [ReadID]? = nil, plate: String? = nil,
        from: Timestamp? = nil, to: Timestamp? = nil, expiry: Timestamp?
    ) {
        self.case = `case`
        self.authority = authority
        self.reference = reference
        self.reads = reads
        self.plate = plate
        self.from = from
        self.to = to
        self.expiry = expiry
    }
}

extension AdminService {
    /// An agency's administrator holds its own data for a case, under a court order or a
    /// preservation letter, until an expiry; the hold is logged.
    public func placeHold(_ request: HoldRequest, by caller: Caller, now: Timestamp = .now) throws -> LegalHold {
        try caller.requireAdministrator(of: caller.user.agency, "place legal holds")
        let caseNumber = (request.case ?? "").trimmingCharacters(in: .whitespaces)
        guard !caseNumber.isEmpty, caseNumber.count <= 64 else {
            throw SightlineError(.invalidField, "case is required (at most 64 characters)", field: "case")
        }
        guard let text = request.authority, let authority = LegalHold.Authority(rawValue: text) else {
            throw SightlineError(
                .invalidField, "authority is court-order or preservation-letter", field: "authority")
        }
        let reference = (request.reference ?? "").trimmingCharacters(in: .whitespaces)
        guard !reference.isEmpty, reference.count <= 200 else {
            throw SightlineError(
                .invalidField, "reference is required: the order's or letter's number", field: "reference")
        }
        guard let expiry = request.expiry, expiry > now else {
            throw SightlineError(.invalidField, "expiry is required and in the future", field: "expiry")
        }
        var plate: String?
        if let text = request.plate {
            guard case .exact(let exact) = try PlatePattern(text, field: "plate") else {
                throw SightlineError(.invalidField, "a hold names one exact plate", field: "plate")
            }
            plate = exact
        }
        let reads = request.reads.flatMap { $0.isEmpty ? nil : $0 }
        guard (reads == nil) != (plate == nil) else {
            throw SightlineError(.invalidField, "a hold names either reads or a plate", field: "plate")
        }
        var window: TimeWindow?
        if request.from != nil || request.to != nil {
            guard plate != nil else {
                throw SightlineError(.invalidField, "from and to bound a plate's hold", field: "from")
            }
            window = TimeWindow(from: request.from ?? Timestamp(milliseconds: 0), to: request.to ?? now)
            guard window!.from <= window!.to else {
                throw SightlineError(.invalidField, "from must not be after to", field: "from")
            }
        }
        let hold = LegalHold(
            id: "hold-\(Secret.generate(prefix: "").prefix(12))", agency: caller.user.agency, caseNumber: caseNumber,
            authority: authority, reference: reference, reads: reads, plate: plate, window: window, expiry: expiry,
            placed: now, placedBy: caller.user.id)
        try catalog.place(hold, by: caller.actor)
        return hold
    }

    public func releaseHold(_ id: String, by caller: Caller, now: Timestamp = .now) throws -> LegalHold {
        try caller.requireAdministrator(of: caller.user.agency, "release legal holds")
        return try catalog.release(hold: id, of: caller.user.agency, at: now, by: caller.actor)
    }

    public func holds(by caller: Caller) throws -> [LegalHold] {
        try caller.require(caller.user.role.audits, scope: "admin", "list legal holds")
        return try catalog.holds(of: caller.user.agency)
    }
}
