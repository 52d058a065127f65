/// Who makes an administrative change: a signed-in user, or the local operator running the CLI
/// on the server (bootstrap, demo seeding). Either way the change is logged under this name.
public struct Actor: Hashable, Sendable, Codable {
    public var user: UserID
    public var agency: AgencyID

    public init(_ user: User) {
        self.user = user.id
        self.agency = user.agency
    }

    /// The operator at the server's console, named for the log.
    public static func localOperator(_ name: String) -> Actor {
        Actor(user: UserID("operator:\(name)"), agency: AgencyID("local-operator"))
    }

    init(user: UserID, agency: AgencyID) {
        self.user = user
        self.agency = agency
    }
}

/// A request for a supervisor's co-signature on a search whose rules require one.
public struct CoSignRequest: Hashable, Sendable, Codable, Identifiable {
    public enum Status: String, Hashable, Sendable, Codable {
        case pending, approved, rejected, used
    }

    public var id: String
    public var requester: UserID
    public var agency: AgencyID
    public var created: Timestamp
    /// A digest of the search request, so an approval covers exactly the search approved.
    public var fingerprint: String
    /// What the supervisor is asked to approve, in words.
    public var summary: String
    /// The owners whose rules asked for the co-signature, with those rules.
    public var decisions: [Decision]
    public var status: Status
    public var decidedBy: UserID?
    public var decided: Timestamp?
    public var note: String?

    public init(
        id: String, requester: UserID, agency: AgencyID, created: Timestamp, fingerprint: String, summary: String,
        decisions: [Decision]
    ) {
        self.id = id
        self.requester = requester
        self.agency = agency
        self.created = created
        self.fingerprint = fingerprint
        self.summary = summary
        self.decisions = decisions
        self.status = .pending
    }
}
