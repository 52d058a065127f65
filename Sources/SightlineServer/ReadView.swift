import Foundation
public import SightlineCore

/// A stored read as the API shows it, with its provenance (camera and owner) always present.
public struct ReadView: Hashable, Sendable, Codable {
    public var id: ReadID
    public var plate: String
    /// The plate text exactly as the camera sent it.
    public var plateRaw: String
    public var region: String?
    public var regionConfidence: Double?
    public var confidence: Double
    public var candidates: [CandidateReading]
    public var time: Timestamp
    public var camera: CameraID
    public var owner: AgencyID
    public var latitude: Double
    public var longitude: Double
    public var direction: Direction?
    public var vehicle: VehicleDescription
    /// Base64 JPEG by kind (`plate`, `overview`).
    public var images: [String: String]
    /// How the read matched an OCR-tolerant search: the reading, the edits, the differences.
    public var match: PlateMatch?

    public init(_ stored: StoredRead) {
        let read = stored.read
        id = stored.id
        plate = read.plate.normalized
        plateRaw = read.plate.raw
        region = read.region
        regionConfidence = read.regionConfidence
        confidence = read.confidence
        candidates = read.candidates
        time = read.time
        camera = read.camera
        owner = read.owner
        latitude = read.location.latitude
        longitude = read.location.longitude
        direction = read.direction
        vehicle = read.vehicle
        match = stored.match
        images = Dictionary(
            uniqueKeysWithValues: read.images.map { ($0.kind.rawValue, Data($0.bytes).base64EncodedString()) })
    }
}
