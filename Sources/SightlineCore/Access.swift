/// The kind of question asked of stored data; grants and law packs allow kinds separately.
public enum QueryKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Plate search over reads.
    case search
    /// One plate's reads in order.
    case timeline
    /// Case-bound analytics: stakeout, convoy, locate.
    case analytics
    /// A hit / no-hit answer without the reads.
    case lookup
    /// Hot-list alerts raised on the owner's reads.
    case alerts
    /// The owner's hot lists matched against others' reads.
    case hotListSharing = "hot-list-sharing"
}

/// Everything the policy engine needs to know about who asks, for whom and why.
public struct AccessRequest: Hashable, Sendable, Codable {
    public var user: UserID
    /// The requester's own agency.
    public var agency: AgencyID
    /// The agency the search is for. A search for another agency is judged as if that agency
    /// made it, so a local officer cannot launder another body's request.
    public var onBehalfOf: AgencyID
    public var purpose: Purpose
    public var caseNumber: String
    public var justification: String
    public var kind: QueryKind
    public var window: TimeWindow?
    /// The supervisor who co-signed this request, when one did.
    public var coSignedBy: UserID?

    public var coSigned: Bool { coSignedBy != nil }

    public init(
        user: UserID, agency: AgencyID, onBehalfOf: AgencyID, purpose: Purpose, caseNumber: String,
        justification: String, kind: QueryKind, window: TimeWindow? = nil, coSignedBy: UserID? = nil
    ) {
        self.coSignedBy = coSignedBy
        self.user = user
        self.agency = agency
        self.onBehalfOf = onBehalfOf
        self.purpose = purpose
        self.caseNumber = caseNumber
        self.justification = justification
        self.kind = kind
        self.window = window
    }
}

/// The policy engine's answer for one data owner.
public struct Decision: Hashable, Sendable, Codable {
    public enum Outcome: String, Hashable, Sendable, Codable {
        case allow, deny
        /// Allowed only once a supervisor of the requester's agency co-signs.
        case coSign = "co-sign"
    }

    /// How much of the owner's data an allowed search may see.
    public enum Disclosure: String, Hashable, Sendable, Codable {
        /// The matching reads.
        case reads
        /// Only whether any read matched (the Netherlands model).
        case hitOnly = "hit-only"
    }

    public var owner: AgencyID
    public var outcome: Outcome
    /// The stable id of the rule that decided, such as `own-agency.allow`.
    public var rule: String
    /// Why, in words an auditor can read, citing the law where a law decided.
    public var reason: String
    public var disclosure: Disclosure
    /// Reads before this instant are out of reach (past the owner's retention).
    public var notBefore: Timestamp?
    /// The grant that allowed access to another agency's data.
    public var grant: String?

    public init(
        owner: AgencyID, outcome: Outcome, rule: String, reason: String, disclosure: Disclosure = .reads,
        notBefore: Timestamp? = nil, grant: String? = nil
    ) {
        self.owner = owner
        self.outcome = outcome
        self.rule = rule
        self.reason = reason
        self.disclosure = disclosure
        self.notBefore = notBefore
        self.grant = grant
    }

    public var allows: Bool { outcome == .allow }

    private enum CodingKeys: String, CodingKey {
        case owner, outcome, rule, reason, disclosure, notBefore, grant
    }

    // Fields added after the first release decode with their defaults, so older log records
    // still read.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        owner = try c.decode(AgencyID.self, forKey: .owner)
        outcome = try c.decode(Outcome.self, forKey: .outcome)
        rule = try c.decode(String.self, forKey: .rule)
        reason = try c.decode(String.self, forKey: .reason)
        disclosure = try c.decodeIfPresent(Disclosure.self, forKey: .disclosure) ?? .reads
        notBefore = try c.decodeIfPresent(Timestamp.self, forKey: .notBefore)
        grant = try c.decodeIfPresent(String.self, forKey: .grant)
    }
}
