/// What the log keeps of an alert's life: raised (with every recipient and the grant that let it
/// reach each), disposed by an officer, or pushed to a webhook (delivered or given up on).
public struct AlertRecord: Hashable, Sendable, Codable {
    public enum Event: String, Hashable, Sendable, Codable {
        case raised
        case disposition
        case webhookDelivered = "webhook-delivered"
        case webhookDeadLetter = "webhook-dead-letter"
    }

    public var time: Timestamp
    public var event: Event
    public var alert: Int64
    public var camera: CameraID
    public var cameraOwner: AgencyID
    public var listOwner: AgencyID
    public var list: String
    /// The listed plate. Access records name plates; this one is on a hot list, not a member
    /// of the public's travel.
    public var plate: String
    public var category: HotListCategory
    public var match: MatchKind
    /// Everyone it reached (raised), or the one agency the event concerns.
    public var recipients: [AlertRecipient]
    public var disposition: Disposition?
    /// The webhook an event concerns, and what happened (status, attempts, last error).
    public var webhook: String?
    public var detail: String?

    public init(event: Event, time: Timestamp, alert: Alert, recipients: [AlertRecipient]) {
        self.time = time
        self.event = event
        self.alert = alert.id
        camera = alert.read.camera
        cameraOwner = alert.read.owner
        listOwner = alert.listOwner
        list = alert.list
        plate = alert.entry.plate
        category = alert.entry.category
        match = alert.match
        self.recipients = recipients
    }

    /// The agency that acted: the list's owner raised it; a recipient disposed of it.
    public var actorAgency: AgencyID {
        switch event {
        case .raised: listOwner
        case .disposition: disposition?.agency ?? listOwner
        case .webhookDelivered, .webhookDeadLetter: recipients.first?.agency ?? listOwner
        }
    }
}
