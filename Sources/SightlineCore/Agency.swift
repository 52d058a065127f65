/// What sort of body an agency is. Law packs decide by kind (California shares only with
/// California public agencies, for example), so the kind is part of identity, not a label.
public enum AgencyKind: String, Hashable, Sendable, Codable, CaseIterable {
    case localPolice = "local-police"
    case sheriff
    case statePolice = "state-police"
    case stateAgency = "state-agency"
    case federal
    case privateOwner = "private-owner"
}

/// Where an agency sits; the data owner's jurisdiction selects the law that governs its data.
public struct Jurisdiction: Hashable, Sendable, Codable {
    /// ISO 3166-1 alpha-2, such as `US`.
    public var country: String
    /// State or province code, such as `CA`; nil for national bodies.
    public var state: String?
    public var county: String?
    public var city: String?

    public init(country: String, state: String? = nil, county: String? = nil, city: String? = nil) {
        self.country = country
        self.state = state
        self.county = county
        self.city = city
    }
}

/// An organisation that owns cameras or searches data.
public struct Agency: Hashable, Sendable, Codable, Identifiable {
    public var id: AgencyID
    public var name: String
    public var kind: AgencyKind
    public var jurisdiction: Jurisdiction

    public init(id: AgencyID, name: String, kind: AgencyKind, jurisdiction: Jurisdiction) {
        self.id = id
        self.name = name
        self.kind = kind
        self.jurisdiction = jurisdiction
    }
}

/// A plate reader. Its owner owns every read it makes.
public struct Camera: Hashable, Sendable, Codable, Identifiable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case fixed, mobile
        case privatePartner = "private-partner"
    }

    public var id: CameraID
    public var owner: AgencyID
    public var kind: Kind
    public var name: String
    public var location: Coordinate
    /// The direction the camera faces, in degrees clockwise from north.
    public var heading: Double

    public init(id: CameraID, owner: AgencyID, kind: Kind, name: String, location: Coordinate, heading: Double) {
        self.id = id
        self.owner = owner
        self.kind = kind
        self.name = name
        self.location = location
        self.heading = heading
    }
}

/// What a user may do. Roles limit actions: an officer cannot issue grants, an auditor reads the
/// log but runs no plate searches, and no role reaches data around the policy engine.
public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
    case officer
    case investigator
    case supervisor
    case agencyAdministrator = "agency-admin"
    case auditor
    case systemAdministrator = "system-admin"

    /// Runs plate searches and analytics (always through the policy engine).
    public var searches: Bool { [.officer, .investigator, .supervisor].contains(self) }
    /// Receives and disposes of the hot-list alerts delivered to its agency.
    public var receivesAlerts: Bool { [.officer, .investigator, .supervisor].contains(self) }
    /// Adds and removes single hot-list entries of its agency (whole-list imports are an
    /// administrator's).
    public var editsHotLists: Bool { [.investigator, .supervisor, .agencyAdministrator].contains(self) }
    /// Co-signs searches of the same agency.
    public var coSigns: Bool { self == .supervisor }
    /// Manages its agency's users, cameras, grants, declarations and policy.
    public var administersAgency: Bool { self == .agencyAdministrator }
    /// Reads the whole log of its agency.
    public var audits: Bool { [.auditor, .supervisor, .agencyAdministrator].contains(self) }
}

/// A person who signs in. Every user belongs to exactly one agency.
public struct User: Hashable, Sendable, Codable, Identifiable {
    public var id: UserID
    public var agency: AgencyID
    public var name: String
    public var role: Role

    public init(id: UserID, agency: AgencyID, name: String, role: Role = .investigator) {
        self.id = id
        self.agency = agency
        self.name = name
        self.role = role
    }
}
