import SightlineCore
import SightlineIngest
import Testing

@Suite("Read validation")
struct ReadValidatorTests {
    let camera = Camera(
        id: "cam-1", owner: "city", kind: .fixed, name: "Main", location: Coordinate(latitude: 38.5, longitude: -121.5),
        heading: 0)
    let now = Timestamp(rfc3339: "2026-11-29T12:00:00Z")!

    func submission(_ change: (inout ReadSubmission) -> Void = { _ in }) -> ReadSubmission {
        var s = ReadSubmission(plate: "7abc-123", region: "us-ca", time: "2026-11-29T11:59:00Z", confidence: 0.9234)
        change(&s)
        return s
    }

    @Test("a valid submission becomes a read owned by the camera's agency, quantised as stored")
    func valid() throws {
        let read = try ReadValidator(now: now).validate(
            submission {
                $0.candidates = [.init(plate: "7ABC123", confidence: 0.9), .init(plate: "7a8c123", confidence: 0.41)]
                $0.direction = .degrees(44)
                $0.vehicle = VehicleDescription(make: " toyota ", color: "")
            }, record: 0, field: "reads[0]", camera: camera)
        #expect(read.owner == "city")
        #expect(read.camera == "cam-1")
        #expect(read.plate.normalized == "7ABC123")
        #expect(read.plate.raw == "7abc-123")
        #expect(read.region == "US-CA")
        #expect(read.confidence == 0.923)
        #expect(read.location == camera.location)
        // The plate itself is not its own candidate.
        #expect(read.candidates == [CandidateReading(plate: "7A8C123", confidence: 0.41)])
        #expect(read.direction == .ne)
        #expect(read.vehicle == VehicleDescription(make: "TOYOTA"))
    }

    @Test(
        "each bad field is named, with the record",
        arguments: [
            ("plate", { @Sendable (s: inout ReadSubmission) in s.plate = nil }),
            ("time", { @Sendable (s: inout ReadSubmission) in s.time = "2026-11-29T12:10:00Z" }),
            ("time", { @Sendable (s: inout ReadSubmission) in s.time = "2024-01-01T00:00:00Z" }),
            ("confidence", { @Sendable (s: inout ReadSubmission) in s.confidence = -0.1 }),
            ("region", { @Sendable (s: inout ReadSubmission) in s.region = "USA-CALIF" }),
            ("regionConfidence", { @Sendable (s: inout ReadSubmission) in s.regionConfidence = 3 }),
            (
                "candidates[0].plate",
                { @Sendable (s: inout ReadSubmission) in s.candidates = [.init(plate: "##", confidence: 0.5)] }
            ),
            ("latitude", { @Sendable (s: inout ReadSubmission) in s.longitude = 10 }),
            ("direction", { @Sendable (s: inout ReadSubmission) in s.direction = .degrees(400) }),
            (
                "vehicle.make",
                { @Sendable (s: inout ReadSubmission) in
                    s.vehicle = VehicleDescription(make: String(repeating: "X", count: 41))
                }
            ),
            ("camera", { @Sendable (s: inout ReadSubmission) in s.camera = "cam-2" }),
        ] as [(String, @Sendable (inout ReadSubmission) -> Void)])
    func badFields(field: String, change: @Sendable (inout ReadSubmission) -> Void) {
        do {
            _ = try ReadValidator(now: now).validate(submission(change), record: 4, field: "reads[4]", camera: camera)
            Issue.record("expected \(field) to be refused")
        } catch {
            #expect(error.field == "reads[4].\(field)")
            #expect(error.record == 4)
        }
    }

    @Test("a batch stops at its first bad record")
    func batch() {
        let batch = [submission(), submission { $0.confidence = 9 }, submission { $0.plate = "" }]
        do {
            _ = try ReadValidator(now: now).validate(batch, from: camera)
            Issue.record("expected an error")
        } catch {
            #expect(error.record == 1)
            #expect(error.field == "reads[1].confidence")
        }
    }

    @Test(
        "regions normalise to country-subdivision codes",
        arguments: [
            ("us-ca", "US-CA"), ("NL", "NL"), (" gb-lnd ", "GB-LND"), ("California", nil), ("U-S", nil), ("", nil),
        ] as [(String, String?)])
    func regions(text: String, expected: String?) {
        #expect(ReadValidator.region(text) == expected)
    }
}
