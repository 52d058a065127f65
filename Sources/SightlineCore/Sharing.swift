/// A data owner's permission for one recipient agency to reach its data, for named purposes and
/// query kinds, for a bounded time. There is no group or nationwide grant: every recipient is
/// named, so the complete list of who can reach an agency's data is the list of its grants.
public struct Grant: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    /// The data owner that issued the grant.
    public var issuer: AgencyID
    public var recipient: AgencyID
    public var purposes: [Purpose]
    public var kinds: [QueryKind]
    public var start: Timestamp
    public var expiry: Timestamp
    public var issuedBy: UserID
    public var revoked: Timestamp?

    public init(
        id: String, issuer: AgencyID, recipient: AgencyID, purposes: [Purpose], kinds: [QueryKind],
        start: Timestamp, expiry: Timestamp, issuedBy: UserID, revoked: Timestamp? = nil
    ) {
        self.id = id
        self.issuer = issuer
        self.recipient = recipient
        self.purposes = purposes
        self.kinds = kinds
        self.start = start
        self.expiry = expiry
        self.issuedBy = issuedBy
        self.revoked = revoked
    }

    /// Whether the grant is in force at `time`.
    public func isActive(at time: Timestamp) -> Bool {
        (revoked.map { time < $0 } ?? true) && start <= time && time < expiry
    }
}

/// A written declaration an out-of-state agency files with a data owner before it may receive
/// data (Illinois, 625 ILCS 5/2-130 as amended by HB 3326). The document itself stays with the
/// owner; Sightline records its SHA-256 so the declaration on file can be proven.
public struct Declaration: Hashable, Sendable, Codable {
    public var owner: AgencyID
    public var recipient: AgencyID
    public var documentSHA256: String
    public var expiry: Timestamp
    public var filedBy: UserID

    public init(owner: AgencyID, recipient: AgencyID, documentSHA256: String, expiry: Timestamp, filedBy: UserID) {
        self.owner = owner
        self.recipient = recipient
        self.documentSHA256 = documentSHA256
        self.expiry = expiry
        self.filedBy = filedBy
    }
}

/// What an agency chose: the law pack in force for its data, and how it tightens it. An agency
/// may tighten its pack, never loosen it.
public struct AgencyPolicy: Hashable, Sendable, Codable {
    public var pack: String
    /// A retention shorter than the pack's, in days.
    public var retentionDays: Int?
    /// Purposes refused beyond the pack's.
    public var prohibitedPurposes: [Purpose]
    /// Co-signature for searches reaching further back than this many days.
    public var coSignAfterDays: Int?
    /// Answer only hit / no-hit for this agency's data.
    public var hitOnly: Bool

    public init(
        pack: String, retentionDays: Int? = nil, prohibitedPurposes: [Purpose] = [], coSignAfterDays: Int? = nil,
        hitOnly: Bool = false
    ) {
        self.pack = pack
        self.retentionDays = retentionDays
        self.prohibitedPurposes = prohibitedPurposes
        self.coSignAfterDays = coSignAfterDays
        self.hitOnly = hitOnly
    }
}
