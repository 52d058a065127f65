/// What the log keeps of one administrative change: who made it, to what, and the value before
/// and after, as JSON. Written in the same transaction as the change itself.
public struct ChangeRecord: Hashable, Sendable, Codable {
    public var time: Timestamp
    public var actor: UserID
    public var actorAgency: AgencyID
    /// What was done, such as `grant.issue`, `grant.revoke`, `agency.policy`, `user.add`.
    public var action: String
    /// The agency whose data or settings the change concerns.
    public var agency: AgencyID
    /// What was changed, such as `grant g-12`.
    public var subject: String
    public var before: String?
    public var after: String?

    public init(
        time: Timestamp, actor: UserID, actorAgency: AgencyID, action: String, agency: AgencyID, subject: String,
        before: String?, after: String?
    ) {
        self.time = time
        self.actor = actor
        self.actorAgency = actorAgency
        self.action = action
        self.agency = agency
        self.subject = subject
        self.before = before
        self.after = after
    }
}

/// A sign-in attempt, kept whether it succeeded or not (CJIS: who, what, when, outcome).
public struct LoginRecord: Hashable, Sendable, Codable {
    public enum Outcome: String, Hashable, Sendable, Codable {
        case success
        case badPassword = "bad-password"
        case badSecondFactor = "bad-second-factor"
        case locked
        case unknownUser = "unknown-user"
    }

    public var time: Timestamp
    public var user: UserID
    public var agency: AgencyID?
    public var outcome: Outcome

    public init(time: Timestamp, user: UserID, agency: AgencyID?, outcome: Outcome) {
        self.time = time
        self.user = user
        self.agency = agency
        self.outcome = outcome
    }
}

/// One entry of the append-only log. Its JSON is the record's own fields plus `"type"`
/// (`search`, `change` or `login`); records written before the type existed are searches.
public enum LogRecord: Hashable, Sendable, Codable {
    case search(SearchRecord)
    case change(ChangeRecord)
    case login(LoginRecord)
    case alert(AlertRecord)

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: TypeKey.self).decodeIfPresent(String.self, forKey: .type)
        switch type {
        case nil, "search": self = .search(try SearchRecord(from: decoder))
        case "change": self = .change(try ChangeRecord(from: decoder))
        case "login": self = .login(try LoginRecord(from: decoder))
        case "alert": self = .alert(try AlertRecord(from: decoder))
        case let other?:
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown log record type \(other)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        switch self {
        case .search(let record):
            try container.encode("search", forKey: .type)
            try record.encode(to: encoder)
        case .change(let record):
            try container.encode("change", forKey: .type)
            try record.encode(to: encoder)
        case .login(let record):
            try container.encode("login", forKey: .type)
            try record.encode(to: encoder)
        case .alert(let record):
            try container.encode("alert", forKey: .type)
            try record.encode(to: encoder)
        }
    }

    /// The agency that acted.
    public var actorAgency: AgencyID? {
        switch self {
        case .search(let r): r.request.agency
        case .change(let r): r.actorAgency
        case .login(let r): r.agency
        case .alert(let r): r.actorAgency
        }
    }

    /// The agency acted for or upon.
    public var subjectAgency: AgencyID? {
        switch self {
        case .search(let r): r.request.onBehalfOf
        case .change(let r): r.agency
        case .login(let r): r.agency
        case .alert(let r): r.cameraOwner
        }
    }

    public var kind: String {
        switch self {
        case .search(let r): r.request.kind.rawValue
        case .change: "change"
        case .login: "login"
        case .alert: "alert"
        }
    }

    public var time: Timestamp {
        switch self {
        case .search(let r): r.time
        case .change(let r): r.time
        case .login(let r): r.time
        case .alert(let r): r.time
        }
    }

    public var search: SearchRecord? {
        if case .search(let r) = self { return r }
        return nil
    }

    public var alert: AlertRecord? {
        if case .alert(let r) = self { return r }
        return nil
    }

    public var change: ChangeRecord? {
        if case .change(let r) = self { return r }
        return nil
    }
}
