import Foundation
public import SightlineCore

/// Turns submissions into `PlateRead`s, or names the first record and field that is wrong.
///
/// Values are quantised here to what the store keeps (confidences to 0.001, coordinates to a
/// micro-degree) so that what was acknowledged is exactly what a search later returns.
public struct ReadValidator: Sendable {
    public var now: Timestamp
    /// How far ahead of the server clock a device clock may run.
    public var futureTolerance: Int64 = 5 * 60_000
    /// How old a read may be when it arrives: backlogs from offline devices are normal, reads
    /// older than any retention Sightline knows are not.
    public var maximumAge: Int64 = 400 * Timestamp.millisecondsPerDay
    public static let maximumCandidates = 10
    public static let maximumImageBytes = 2 << 20

    public init(now: Timestamp = .now) { self.now = now }

    /// Validates a whole batch; the result has one read per submission, in order.
    /// Error fields are named `path[index].field`.
    /// `path` names the array in error fields (`reads` gives `reads[3].plate`).
    public func validate(
        _ submissions: [ReadSubmission], from camera: Camera, path: String = "reads"
    ) throws(SightlineError)
        -> [PlateRead]
    {
        var reads: [PlateRead] = []
        reads.reserveCapacity(submissions.count)
        for (index, submission) in submissions.enumerated() {
            reads.append(try validate(submission, record: index, field: "\(path)[\(index)]", camera: camera))
        }
        return reads
    }

    public func validate(
        _ s: ReadSubmission, record: Int, field: String, camera: Camera
    ) throws(SightlineError)
        -> PlateRead
    {
        func fail(_ name: String, _ message: String, code: SightlineError.Code = .invalidField) -> SightlineError {
            SightlineError(code, message, field: field.isEmpty ? name : "\(field).\(name)", record: record)
        }
        if let named = s.camera, named != camera.id.rawValue {
            throw fail("camera", "this device key belongs to camera \(camera.id), not \(named)", code: .forbidden)
        }
        guard let rawPlate = s.plate else { throw fail("plate", "plate is required") }
        let plate = try Plate(rawPlate, field: field.isEmpty ? "plate" : "\(field).plate", record: record)
        guard let timeText = s.time else { throw fail("time", "time is required (RFC 3339, UTC)") }
        guard let time = Timestamp(rfc3339: timeText) else {
            throw fail("time", "time \(timeText.debugDescription) is not RFC 3339, such as 2026-11-29T08:15:00Z")
        }
        guard time.milliseconds <= now.milliseconds + futureTolerance else {
            throw fail("time", "time \(timeText) is in the future (server time \(now))")
        }
        guard time.milliseconds >= now.milliseconds - maximumAge else {
            throw fail("time", "time \(timeText) is more than \(maximumAge / Timestamp.millisecondsPerDay) days old")
        }
        guard let confidence = s.confidence else { throw fail("confidence", "confidence is required (0 to 1)") }
        guard (0...1).contains(confidence) else { throw fail("confidence", "confidence must be between 0 and 1") }
        let region = try s.region.map { text throws(SightlineError) in
            guard let region = Self.region(text) else {
                throw fail("region", "region \(text.debugDescription) is not a code such as US-CA")
            }
            return region
        }
        if let value = s.regionConfidence, !(0...1).contains(value) {
            throw fail("regionConfidence", "regionConfidence must be between 0 and 1")
        }
        var candidates: [CandidateReading] = []
        for (i, candidate) in (s.candidates ?? []).enumerated() {
            let name = "candidates[\(i)]"
            guard i < Self.maximumCandidates else { throw fail(name, "at most \(Self.maximumCandidates) candidates") }
            guard let text = candidate.plate, let normalized = Plate.normalize(text) else {
                throw fail("\(name).plate", "candidate plate must be 1–\(Plate.maximumLength) letters or digits")
            }
            guard let value = candidate.confidence, (0...1).contains(value) else {
                throw fail("\(name).confidence", "candidate confidence must be between 0 and 1")
            }
            if normalized != plate.normalized, !candidates.contains(where: { $0.plate == normalized }) {
                candidates.append(CandidateReading(plate: normalized, confidence: Self.quantize(value)))
            }
        }
        let location: Coordinate
        switch (s.latitude, s.longitude) {
        case (nil, nil):
            location = camera.location
        case (let lat?, let lon?):
            let c = Coordinate(latitude: lat, longitude: lon)
            guard c.isValid else { throw fail("latitude", "latitude must be within ±90 and longitude within ±180") }
            location = Coordinate(
                latitude: (lat * 1_000_000).rounded() / 1_000_000, longitude: (lon * 1_000_000).rounded() / 1_000_000)
        case (nil, _):
            throw fail("latitude", "latitude and longitude come together")
        case (_, nil):
            throw fail("longitude", "latitude and longitude come together")
        }
        var direction: Direction?
        switch s.direction {
        case nil: direction = nil
        case .compass(let text)?:
            guard let value = Direction(rawValue: text.uppercased()) else {
                throw fail("direction", "direction must be N, NE, E, SE, S, SW, W, NW or degrees")
            }
            direction = value
        case .degrees(let degrees)?:
            guard degrees.isFinite, (0...360).contains(degrees) else {
                throw fail("direction", "a heading must be 0 to 360 degrees")
            }
            direction = Direction(degrees: degrees)
        }
        var vehicle = VehicleDescription()
        if let v = s.vehicle {
            func clean(_ value: String?, _ name: String) throws(SightlineError) -> String? {
                guard let value else { return nil }
                let trimmed = value.trimmingCharacters(in: .whitespaces).uppercased()
                guard trimmed.count <= 40, trimmed.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) else {
                    throw fail("vehicle.\(name)", "vehicle \(name) must be printable ASCII of at most 40 characters")
                }
                return trimmed.isEmpty ? nil : trimmed
            }
            vehicle = VehicleDescription(
                make: try clean(v.make, "make"), model: try clean(v.model, "model"), color: try clean(v.color, "color"),
                type: try clean(v.type, "type"))
        }
        var images: [ReadImage] = []
        for (kind, text) in [(ReadImage.Kind.plate, s.images?.plate), (.overview, s.images?.overview)] {
            guard let text else { continue }
            guard let data = Data(base64Encoded: text), !data.isEmpty else {
                throw fail("images.\(kind.rawValue)", "image must be base64")
            }
            guard data.count <= Self.maximumImageBytes else {
                throw fail("images.\(kind.rawValue)", "image exceeds \(Self.maximumImageBytes) bytes", code: .tooLarge)
            }
            images.append(ReadImage(kind: kind, bytes: Array(data)))
        }
        return PlateRead(
            camera: camera.id, owner: camera.owner, time: time, plate: plate, region: region,
            regionConfidence: s.regionConfidence.map(Self.quantize), confidence: Self.quantize(confidence),
            candidates: candidates, location: location, direction: direction, vehicle: vehicle, images: images)
    }

    static func quantize(_ confidence: Double) -> Double { (confidence * 1000).rounded() / 1000 }

    /// `US-CA` or `us-ca` (country and subdivision), or a bare country such as `NL`; upper case.
    public static func region(_ text: String) -> String? {
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = upper.split(separator: "-", omittingEmptySubsequences: false)
        func letters(_ s: Substring, _ range: ClosedRange<Int>) -> Bool {
            range.contains(s.count)
                && s.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        }
        switch parts.count {
        case 1 where letters(parts[0], 2...2): return upper
        case 2 where letters(parts[0], 2...2) && letters(parts[1], 1...3): return upper
        default: return nil
        }
    }
}
