/// One agency an alert reaches, and why it may: the rule and the grants that let it through.
public struct AlertRecipient: Hashable, Sendable, Codable {
    public var agency: AgencyID
    /// The camera owner's `alerts` grant, when the recipient is not the camera owner.
    public var cameraGrant: String?
    /// The list owner's `hot-list-sharing` grant, when the recipient is not the list owner.
    public var listGrant: String?
    /// Why, in words an auditor can read.
    public var reason: String

    public init(agency: AgencyID, cameraGrant: String? = nil, listGrant: String? = nil, reason: String) {
        self.agency = agency
        self.cameraGrant = cameraGrant
        self.listGrant = listGrant
        self.reason = reason
    }
}

/// The read an alert was raised on, as much of it as an officer needs to act.
public struct AlertRead: Hashable, Sendable, Codable {
    public var id: ReadID
    public var camera: CameraID
    public var owner: AgencyID
    public var time: Timestamp
    /// As read, and normalised.
    public var plateRaw: String
    public var plate: String
    public var region: String?
    public var confidence: Double
    public var location: Coordinate
    public var direction: Direction?
    public var vehicle: VehicleDescription
    /// The camera's plate crop (base64 JPEG), when it sent one small enough to travel with the
    /// alert, so the officer sees the photo without a search.
    public var plateCrop: String?

    /// Crops larger than this stay with the read only (an investigator's search shows them).
    public static let maximumCropBytes = 64 << 10

    public init(id: ReadID, _ read: PlateRead) {
        self.id = id
        camera = read.camera
        owner = read.owner
        time = read.time
        plateRaw = read.plate.raw
        plate = read.plate.normalized
        region = read.region
        confidence = read.confidence
        location = read.location
        direction = read.direction
        vehicle = read.vehicle
        plateCrop = read.images.first { $0.kind == .plate && $0.bytes.count <= Self.maximumCropBytes }
            .map { Base64.encode($0.bytes) }
    }
}

/// A read that matched a hot-list entry, with full provenance: the camera and its owner, the
/// list and its owner, the entry, how it matched, and every agency it reached and why.
public struct Alert: Hashable, Sendable, Codable, Identifiable {
    /// Assigned when the alert is stored; 0 before.
    public var id: Int64
    public var raised: Timestamp
    public var read: AlertRead
    public var listOwner: AgencyID
    public var list: String
    public var entry: HotListEntry
    public var match: MatchKind
    /// The text that matched: the plate as read, or one of the OCR engine's other readings.
    public var matchedText: String
    public var recipients: [AlertRecipient]

    public init(
        id: Int64 = 0, raised: Timestamp, read: AlertRead, listOwner: AgencyID, list: String, entry: HotListEntry,
        match: MatchKind, matchedText: String, recipients: [AlertRecipient]
    ) {
        self.id = id
        self.raised = raised
        self.read = read
        self.listOwner = listOwner
        self.list = list
        self.entry = entry
        self.match = match
        self.matchedText = matchedText
        self.recipients = recipients
    }
}

/// What an officer found when acting on an alert.
public enum DispositionKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// The vehicle is the listed one.
    case confirmed
    /// The camera misread the plate.
    case misread
    /// The plate matched but was issued by another state or country.
    case wrongState = "wrong-state"
    /// Not acted on (unit unavailable, vehicle gone, entry since cleared).
    case noAction = "no-action"

    /// Whether the disposition says the alert was false.
    public var isFalseAlert: Bool { self == .misread || self == .wrongState }
}

/// An officer's disposition of an alert delivered to their agency.
public struct Disposition: Hashable, Sendable, Codable {
    public var alert: Int64
    public var agency: AgencyID
    public var user: UserID
    public var time: Timestamp
    public var kind: DispositionKind
    /// What was done: stop made, vehicle recovered, none.
    public var action: String
    public var note: String?

    public init(
        alert: Int64, agency: AgencyID, user: UserID, time: Timestamp, kind: DispositionKind, action: String,
        note: String? = nil
    ) {
        self.alert = alert
        self.agency = agency
        self.user = user
        self.time = time
        self.kind = kind
        self.action = action
        self.note = note
    }
}

/// One alert as delivered to one agency: the sequence number orders an agency's deliveries and
/// lets a live subscriber resume where it left off.
public struct AlertDelivery: Hashable, Sendable, Codable {
    public var sequence: Int64
    public var recipient: AlertRecipient
    public var alert: Alert
    public var dispositions: [Disposition]

    public init(sequence: Int64, recipient: AlertRecipient, alert: Alert, dispositions: [Disposition] = []) {
        self.sequence = sequence
        self.recipient = recipient
        self.alert = alert
        self.dispositions = dispositions
    }
}
