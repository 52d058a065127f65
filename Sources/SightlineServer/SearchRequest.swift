public import SightlineCore

/// What a searcher sends: the query and the case it serves. Every field of the case is required.
public struct SearchRequest: Hashable, Sendable, Codable {
    public struct Query: Hashable, Sendable, Codable {
        public var plate: String?
        public var from: Timestamp?
        public var to: Timestamp?
        public var cameras: [CameraID]?
        public var owners: [AgencyID]?
        public var box: GeoBox?
        public var region: String?
        /// `{"latitude","longitude","meters"}`: reads within that distance.
        public var radius: Radius?
        public var make: String?
        public var color: String?
        public var type: String?
        public var direction: Direction?
        /// OCR tolerance: 0 (confusables), 1 or 2 edits besides; absent for the plate as typed.
        public var tolerance: Int?
        public var limit: Int?

        public struct Radius: Hashable, Sendable, Codable {
            public var latitude: Double
            public var longitude: Double
            public var meters: Double
        }

        public init(
            plate: String? = nil, from: Timestamp? = nil, to: Timestamp? = nil, cameras: [CameraID]? = nil,
            owners: [AgencyID]? = nil, box: GeoBox? = nil, region: String? = nil, tolerance: Int? = nil,
            limit: Int? = nil
        ) {
            self.tolerance = tolerance
            self.plate = plate
            self.from = from
            self.to = to
            self.cameras = cameras
            self.owners = owners
            self.box = box
            self.region = region
            self.limit = limit
        }
    }

    public var query: Query?
    public var purpose: String?
    public var `case`: String?
    public var justification: String?
    public var onBehalfOf: AgencyID?
    /// An approved co-signature request covering exactly this search.
    public var coSignature: String?

    public init(
        query: Query?, purpose: String?, case: String?, justification: String?, onBehalfOf: AgencyID?,
        coSignature: String? = nil
    ) {
        self.query = query
        self.purpose = purpose
        self.case = `case`
        self.justification = justification
        self.onBehalfOf = onBehalfOf
        self.coSignature = coSignature
    }
}

/// The answer: results only from owners that allowed the search, every owner's decision, what
/// each allowed owner contributed, and the index of the log record written before this returned.
public struct SearchResult: Sendable, Codable {
    public struct CoSignature: Sendable, Codable {
        public var id: String
        public var status: CoSignRequest.Status
        /// Owners whose data waits for the co-signature.
        public var owners: [AgencyID]
    }

    public var logIndex: Int64
    public var outcome: SearchRecord.Outcome
    public var decisions: [Decision]
    public var counts: [SearchRecord.OwnerCount]
    public var truncated: Bool
    public var reads: [ReadView]
    public var coSignature: CoSignature?
}
