public import SightlineCore

/// One read as a device or file submits it, before validation: every field optional and loosely
/// typed, so that validation — not the JSON decoder — says what is wrong and where.
public struct ReadSubmission: Hashable, Sendable, Codable {
    public struct Candidate: Hashable, Sendable, Codable {
        public var plate: String?
        public var confidence: Double?
        public init(plate: String?, confidence: Double?) {
            self.plate = plate
            self.confidence = confidence
        }
    }

    public struct Images: Hashable, Sendable, Codable {
        /// Base64 JPEG of the plate crop.
        public var plate: String?
        /// Base64 JPEG of the scene.
        public var overview: String?
        public init(plate: String? = nil, overview: String? = nil) {
            self.plate = plate
            self.overview = overview
        }
    }

    /// Either a compass point (`"NE"`) or a heading in degrees (`45`).
    public enum DirectionValue: Hashable, Sendable, Codable {
        case compass(String)
        case degrees(Double)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let degrees = try? container.decode(Double.self) {
                self = .degrees(degrees)
            } else {
                self = .compass(try container.decode(String.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .compass(let text): try container.encode(text)
            case .degrees(let value): try container.encode(value)
            }
        }
    }

    public var plate: String?
    public var region: String?
    public var regionConfidence: Double?
    public var time: String?
    public var confidence: Double?
    public var candidates: [Candidate]?
    public var camera: String?
    public var latitude: Double?
    public var longitude: Double?
    public var direction: DirectionValue?
    public var vehicle: VehicleDescription?
    public var images: Images?

    public init(
        plate: String? = nil, region: String? = nil, regionConfidence: Double? = nil, time: String? = nil,
        confidence: Double? = nil, candidates: [Candidate]? = nil, camera: String? = nil, latitude: Double? = nil,
        longitude: Double? = nil, direction: DirectionValue? = nil, vehicle: VehicleDescription? = nil,
        images: Images? = nil
    ) {
        self.plate = plate
        self.region = region
        self.regionConfidence = regionConfidence
        self.time = time
        self.confidence = confidence
        self.candidates = candidates
        self.camera = camera
        self.latitude = latitude
        self.longitude = longitude
        self.direction = direction
        self.vehicle = vehicle
        self.images = images
    }
}

/// Sightline's own batch body: `{"reads": [...]}`.
public struct ReadBatch: Hashable, Sendable, Codable {
    public var reads: [ReadSubmission]
    public init(reads: [ReadSubmission]) { self.reads = reads }
}
