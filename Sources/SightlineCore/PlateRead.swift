/// One alternative reading the OCR engine offered for a plate.
public struct CandidateReading: Hashable, Sendable, Codable {
    /// Normalised text.
    public var plate: String
    /// 0...1.
    public var confidence: Double

    public init(plate: String, confidence: Double) {
        self.plate = plate
        self.confidence = confidence
    }
}

/// What the camera saw of the vehicle besides its plate. Every field is optional: cameras differ.
public struct VehicleDescription: Hashable, Sendable, Codable {
    public var make: String?
    public var model: String?
    public var color: String?
    public var type: String?

    public init(make: String? = nil, model: String? = nil, color: String? = nil, type: String? = nil) {
        self.make = make
        self.model = model
        self.color = color
        self.type = type
    }

    public var isEmpty: Bool { make == nil && model == nil && color == nil && type == nil }
}

/// An image captured with a read; stored under the same retention as the read.
public struct ReadImage: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case plate, overview
    }
    public var kind: Kind
    /// JPEG bytes.
    public var bytes: [UInt8]

    public init(kind: Kind, bytes: [UInt8]) {
        self.kind = kind
        self.bytes = bytes
    }
}

/// A validated plate read, ready to store. The owner is always the camera's owner.
public struct PlateRead: Hashable, Sendable {
    public var camera: CameraID
    public var owner: AgencyID
    public var time: Timestamp
    public var plate: Plate
    /// Plate issuer, such as `US-CA`, upper case.
    public var region: String?
    public var regionConfidence: Double?
    /// OCR confidence of `plate`, 0...1.
    public var confidence: Double
    /// Other readings the OCR engine considered, best first, excluding `plate` itself.
    public var candidates: [CandidateReading]
    public var location: Coordinate
    public var direction: Direction?
    public var vehicle: VehicleDescription
    public var images: [ReadImage]

    public init(
        camera: CameraID, owner: AgencyID, time: Timestamp, plate: Plate, region: String? = nil,
        regionConfidence: Double? = nil, confidence: Double, candidates: [CandidateReading] = [],
        location: Coordinate, direction: Direction? = nil, vehicle: VehicleDescription = .init(),
        images: [ReadImage] = []
    ) {
        self.camera = camera
        self.owner = owner
        self.time = time
        self.plate = plate
        self.region = region
        self.regionConfidence = regionConfidence
        self.confidence = confidence
        self.candidates = candidates
        self.location = location
        self.direction = direction
        self.vehicle = vehicle
        self.images = images
    }
}

/// Identifies a stored read: the partition (UTC day, `yyyymmdd`) and the row within it.
/// Its text form is `yyyymmdd-row`, such as `20261129-4711`.
public struct ReadID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var partition: Int
    public var row: Int64

    public init(partition: Int, row: Int64) {
        self.partition = partition
        self.row = row
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let p = Int(parts[0]), let r = Int64(parts[1]) else { return nil }
        self.init(partition: p, row: r)
    }

    public var description: String { "\(partition)-\(row)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.partition, lhs.row) < (rhs.partition, rhs.row) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let id = ReadID(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected yyyymmdd-row")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A read as the store returns it.
public struct StoredRead: Hashable, Sendable {
    public var id: ReadID
    public var read: PlateRead
    /// How the read matched an OCR-tolerant search.
    public var match: PlateMatch?

    public init(id: ReadID, read: PlateRead, match: PlateMatch? = nil) {
        self.id = id
        self.read = read
        self.match = match
    }
}
