import Foundation
public import SightlineCore
import SightlinePolicy
import SightlineStore

/// Who can reach an agency's data, and why: the answer to "who has access", one call away.
public struct AccessList: Sendable, Codable {
    public var agency: AgencyID
    public var pack: String
    public var packName: String
    public var citations: [String]
    public var retentionDays: Int?
    public var policy: AgencyPolicy?
    /// Grants in force now: every agency that can reach this agency's data.
    public var active: [Grant]
    /// Grants expired, revoked or not yet started, kept so that changes can be seen.
    public var inactive: [Grant]
    public var declarations: [Declaration]
}

/// What an administrator asks for when issuing a grant.
public struct GrantRequest: Sendable, Codable {
    public var recipient: AgencyID?
    public var purposes: [Purpose]?
    public var kinds: [QueryKind]?
    public var start: Timestamp?
    public var expiry: Timestamp?

    public init(
        recipient: AgencyID?, purposes: [Purpose]?, kinds: [QueryKind]?, start: Timestamp?, expiry: Timestamp?
    ) {
        self.recipient = recipient
        self.purposes = purposes
        self.kinds = kinds
        self.start = start
        self.expiry = expiry
    }
}

extension AdminService {
    /// The longest a grant may run; renewal is a deliberate, logged act.
    public static let maximumGrantDays: Int64 = 366

    /// Issues a grant from the caller's agency, refusing one its law pack could never honour.
    public func issueGrant(_ request: GrantRequest, by caller: Caller, now: Timestamp = .now) throws -> Grant {
        let issuer = caller.user.agency
        try caller.requireAdministrator(of: issuer, "issue sharing grants")
        guard let recipientID = request.recipient else {
            throw SightlineError(.invalidField, "recipient is required: one named agency", field: "recipient")
        }
        guard recipientID != issuer else {
            throw SightlineError(.invalidField, "an agency needs no grant to its own data", field: "recipient")
        }
        guard let recipient = try catalog.agency(recipientID) else {
            throw SightlineError(.invalidField, "recipient \(recipientID) is not a known agency", field: "recipient")
        }
        guard let purposes = request.purposes, !purposes.isEmpty else {
            throw SightlineError(.invalidField, "purposes are required", field: "purposes")
        }
        guard let kinds = request.kinds, !kinds.isEmpty else {
            throw SightlineError(
                .invalidField, "kinds are required: \(QueryKind.allCases.map(\.rawValue))", field: "kinds")
        }
        let start = request.start ?? now
        guard let expiry = request.expiry, expiry > start else {
            throw SightlineError(.invalidField, "expiry is required and must follow start", field: "expiry")
        }
        guard expiry.milliseconds - start.milliseconds <= Self.maximumGrantDays * Timestamp.millisecondsPerDay else {
            throw SightlineError(.invalidField, "a grant runs at most \(Self.maximumGrantDays) days", field: "expiry")
        }
        guard let owner = try catalog.agency(issuer), let pack = try policy.policy(at: now).context.pack(for: owner)
        else {
            throw SightlineError(.notFound, "no agency \(issuer)")
        }
        if let rule = pack.recipients {
            guard rule.admit(recipient, from: owner) else {
                throw SightlineError(
                    .forbidden, "\(pack.name) forbids sharing with \(recipientID): \(rule.citation)", field: "recipient"
                )
            }
        }
        for purpose in purposes
        where purpose.isProhibitedEverywhere
            || pack.prohibitedPurposes?.contains(where: { $0.purpose == purpose }) == true
        {
            throw SightlineError(
                .forbidden, "\(pack.name) prohibits \(purpose.rawValue); no grant can cover it", field: "purposes")
        }
        let grant = Grant(
            id: "g-\(Secret.generate(prefix: "").prefix(12))", issuer: issuer, recipient: recipientID,
            purposes: Array(Set(purposes)).sorted { $0.rawValue < $1.rawValue },
            kinds: Array(Set(kinds)).sorted { $0.rawValue < $1.rawValue },
            start: start, expiry: expiry, issuedBy: caller.user.id)
        try catalog.issue(grant, by: caller.actor)
        return grant
    }

    public func revokeGrant(_ id: String, by caller: Caller) throws -> Grant {
        guard let grant = try catalog.grant(id) else { throw SightlineError(.notFound, "no grant \(id)") }
        try caller.requireAdministrator(of: grant.issuer, "revoke grants")
        return try catalog.revokeGrant(id, by: caller.actor)
    }

    /// Records an out-of-state agency's written declaration, by its document's SHA-256.
    public func fileDeclaration(
        recipient: AgencyID, documentSHA256: String, expiry: Timestamp, by caller: Caller, now: Timestamp = .now
    ) throws -> Declaration {
        let owner = caller.user.agency
        try caller.requireAdministrator(of: owner, "file declarations")
        guard documentSHA256.count == 64, documentSHA256.allSatisfy(\.isHexDigit) else {
            throw SightlineError(.invalidField, "documentSHA256 must be 64 hexadecimal digits", field: "documentSHA256")
        }
        guard expiry > now else { throw SightlineError(.invalidField, "expiry must be in the future", field: "expiry") }
        guard try catalog.agency(recipient) != nil else {
            throw SightlineError(.invalidField, "recipient \(recipient) is not a known agency", field: "recipient")
        }
        let declaration = Declaration(
            owner: owner, recipient: recipient, documentSHA256: documentSHA256.lowercased(), expiry: expiry,
            filedBy: caller.user.id)
        try catalog.file(declaration, by: caller.actor)
        return declaration
    }

    /// Sets the agency's tightenings. The pack is always its jurisdiction's: an agency cannot
    /// pick a gentler law, and a setting that would loosen the pack is refused.
    public func setPolicy(_ requested: AgencyPolicy, for agencyID: AgencyID, by caller: Caller) throws -> AgencyPolicy {
        try caller.requireAdministrator(of: agencyID, "change retention or sharing policy")
        guard let agency = try catalog.agency(agencyID) else {
            throw SightlineError(.notFound, "no agency \(agencyID)")
        }
        let lawful = LawPack.id(for: agency.jurisdiction, among: packs)
        guard requested.pack == lawful, let pack = packs[lawful] else {
            throw SightlineError(
                .forbidden,
                "the law of \(agencyID)'s jurisdiction is pack \(lawful); tighten it instead of choosing another",
                field: "pack")
        }
        try pack.check(requested)
        try catalog.setPolicy(requested, for: agencyID, by: caller.actor)
        return requested
    }

    /// Every agency that can reach `agencyID`'s data, under which grant, and the law in force.
    public func accessList(of agencyID: AgencyID, now: Timestamp = .now) throws -> AccessList {
        guard let agency = try catalog.agency(agencyID) else {
            throw SightlineError(.notFound, "no agency \(agencyID)")
        }
        let context = try policy.policy(at: now).context
        guard let pack = context.pack(for: agency) else {
            throw SightlineError(.notFound, "no law pack for \(agencyID)")
        }
        let grants = try catalog.grants(issuedBy: agencyID)
        let tightening = context.policies[agencyID]
        return AccessList(
            agency: agencyID, pack: pack.id, packName: pack.name, citations: pack.citations,
            retentionDays: pack.retentionDays(tightenedBy: tightening), policy: tightening,
            active: grants.filter { $0.isActive(at: now) }, inactive: grants.filter { !$0.isActive(at: now) },
            declarations: context.declarations.filter { $0.owner == agencyID })
    }

    /// A supervisor approves or rejects a co-signature request of a colleague in the same agency.
    public func decideCoSignature(
        _ id: String, approve: Bool, note: String?, by caller: Caller, now: Timestamp = .now
    )
        throws -> CoSignRequest
    {
        try caller.require(caller.user.role.coSigns, scope: "search", "co-sign searches")
        guard var request = try catalog.coSignRequest(id), request.agency == caller.user.agency else {
            throw SightlineError(.notFound, "no co-signature request \(id) in \(caller.user.agency)")
        }
        guard request.requester != caller.user.id else {
            throw SightlineError(.forbidden, "a search cannot be co-signed by the person who made it")
        }
        guard request.status == .pending else {
            throw SightlineError(.conflict, "co-signature request \(id) is \(request.status.rawValue)")
        }
        request.status = approve ? .approved : .rejected
        request.decidedBy = caller.user.id
        request.decided = now
        request.note = note
        try catalog.update(request, action: approve ? "cosign.approve" : "cosign.reject", by: caller.actor)
        return request
    }
}
