public import SightlineCore

/// A case-bound analytic, as an investigator asks for it. Every analytic starts from specific
/// evidence — a plate, or places and times tied to the case — and carries the case fields.
public struct AnalyticsRequest: Hashable, Sendable, Codable {
    public struct Scene: Hashable, Sendable, Codable {
        public var cameras: [CameraID]?
        public var radius: SearchRequest.Query.Radius?
        public var from: Timestamp?
        public var to: Timestamp?

        public init(
            cameras: [CameraID]? = nil, radius: SearchRequest.Query.Radius? = nil, from: Timestamp?, to: Timestamp?
        ) {
            self.cameras = cameras
            self.radius = radius
            self.from = from
            self.to = to
        }
    }

    /// Stakeout: the scenes, and how many of them a plate must appear at.
    public var scenes: [Scene]?
    public var minScenes: Int?
    /// Convoy and locate: the target plate and the window.
    public var plate: String?
    public var from: Timestamp?
    public var to: Timestamp?
    /// Convoy: how close in time another vehicle must pass the same camera, and at how many
    /// distinct cameras.
    public var gapSeconds: Int?
    public var minCameras: Int?

    public var purpose: String?
    public var `case`: String?
    public var justification: String?
    public var onBehalfOf: AgencyID?
    /// An approved co-signature request covering exactly this analytic.
    public var coSignature: String?

    public init(purpose: String?, case: String?, justification: String?, onBehalfOf: AgencyID?) {
        self.purpose = purpose
        self.case = `case`
        self.justification = justification
        self.onBehalfOf = onBehalfOf
    }
}

/// What an analytic found, with the policy's decisions and the log record written before it.
public struct AnalyticsResult: Sendable, Codable {
    /// A plate the analytic surfaced, with the evidence for it.
    public struct Vehicle: Sendable, Codable {
        public var plate: String
        /// Stakeout: the scenes (by index) it was seen at. Convoy: the cameras it shared with the target.
        public var scenes: [Int]?
        public var cameras: [CameraID]?
        /// Convoy: how many times it passed within the gap of the target.
        public var coOccurrences: Int?
        public var reads: [ReadView]
    }

    /// Locate: one camera where the plate is seen, how often and at what hours (UTC).
    public struct Place: Sendable, Codable {
        public var camera: CameraID
        public var owner: AgencyID
        public var latitude: Double
        public var longitude: Double
        public var reads: Int
        public var first: Timestamp
        public var last: Timestamp
        /// Reads per hour of the day, 0–23 (UTC).
        public var hours: [Int]
    }

    public var logIndex: Int64
    public var outcome: SearchRecord.Outcome
    public var decisions: [Decision]
    /// What each allowed owner contributed; owners that answer hit / no-hit only say whether the
    /// target plate is in their data.
    public var counts: [SearchRecord.OwnerCount]
    public var vehicles: [Vehicle]?
    public var places: [Place]?
    /// Some scene, or the target's reads, hit the read limit: the answer may be incomplete.
    public var truncated: Bool
    /// The co-signature request opened for owners that wait for one.
    public var coSignature: SearchResult.CoSignature?
}
