/// What the log keeps of one search: who asked, for whom, why, what, what the policy decided for
/// each owner, and how many reads each owner's data contributed. Written before results return.
public struct SearchRecord: Hashable, Sendable, Codable {
    public enum Outcome: String, Hashable, Sendable, Codable {
        /// Every owner asked about allowed the search.
        case allowed
        /// Some owners allowed it and some denied it.
        case partial
        /// No owner allowed it.
        case denied
    }

    /// The co-signature request opened for owners whose rules need one.
    public var coSignature: String?

    /// The query, as logged. Plates queried are kept because access records must name them
    /// (California Civil Code 1798.90.52).
    public struct Query: Hashable, Sendable, Codable {
        public var plate: String
        public var window: TimeWindow?
        public var cameras: [CameraID]?
        public var owners: [AgencyID]?
        public var box: GeoBox?
        public var region: String?
        public var radius: GeoCircle?
        public var make: String?
        public var color: String?
        public var type: String?
        public var direction: Direction?
        /// OCR tolerance asked for, when any.
        public var tolerance: Int?
        /// What an analytic asked, in words (stakeout scenes, convoy gap and cameras).
        public var detail: String?

        public init(_ query: ReadQuery) {
            plate = query.plate.text
            window = query.window
            cameras = query.cameras.map { $0.sorted() }
            owners = query.owners.map { $0.sorted() }
            box = query.box
            region = query.region
            radius = query.radius
            make = query.make
            color = query.color
            type = query.vehicleType
            direction = query.direction
            tolerance = query.tolerance
        }
    }

    /// What one allowed owner's data contributed: a number of reads, or for hit-only owners
    /// whether the plate was seen at all.
    public struct OwnerCount: Hashable, Sendable, Codable {
        public var owner: AgencyID
        public var reads: Int
        public var hit: Bool?
        public init(owner: AgencyID, reads: Int, hit: Bool? = nil) {
            self.owner = owner
            self.reads = reads
            self.hit = hit
        }
    }

    public var time: Timestamp
    public var request: AccessRequest
    public var query: Query
    public var decisions: [Decision]
    public var counts: [OwnerCount]
    public var outcome: Outcome

    public init(
        time: Timestamp, request: AccessRequest, query: Query, decisions: [Decision], counts: [OwnerCount],
        coSignature: String? = nil
    ) {
        self.coSignature = coSignature
        self.time = time
        self.request = request
        self.query = query
        self.decisions = decisions
        self.counts = counts
        let allowed = decisions.filter(\.allows).count
        outcome = allowed == 0 ? .denied : (allowed == decisions.count ? .allowed : .partial)
    }
}

/// A log record with its position in the log.
public struct LogEntry<Body: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    /// Zero-based and gap-free: the n-th record ever written has index n.
    public var index: Int64
    public var body: Body

    public init(index: Int64, body: Body) {
        self.index = index
        self.body = body
    }
}
