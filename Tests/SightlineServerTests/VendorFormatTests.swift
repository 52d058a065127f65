import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Testing

@Suite("Vendor formats over HTTP")
struct VendorFormatTests {
    static func search(_ fixture: ServerFixture, _ plate: String) async throws -> [ReadView] {
        let user = try fixture.sightline.authenticator.caller(fixture.cityToken)
        let result = try await fixture.sightline.searches.search(
            SearchRequest(
                query: .init(plate: plate), purpose: "stolen-vehicle", case: "T-1", justification: "format test lookup",
                onBehalfOf: ServerFixture.city),
            by: user)
        return result.reads
    }

    @Test("OpenALPR alpr_group: percentages, region, GPS, direction, vehicle and crops are mapped")
    func openALPRGroup() async throws {
        let fixture = try ServerFixture()
        let epoch = Timestamp.now.milliseconds - 60_000
        let crop = Data([0xFF, 0xD8, 0xFF, 0xE0]).base64EncodedString()
        let body: [String: Any] = [
            "data_type": "alpr_group", "version": 2, "epoch_start": epoch, "epoch_end": epoch + 900, "camera_id": 1_234,
            "agent_uid": "X", "country": "us", "best_plate_number": "5ABC987", "best_confidence": 91.25,
            "best_region": "ca", "best_region_confidence": 80,
            "best_plate": [
                "plate": "5ABC987", "confidence": 91.25, "region": "ca", "region_confidence": 80,
                "plate_crop_jpeg": crop,
            ],
            "candidates": [["plate": "5ABC987", "confidence": 91.25], ["plate": "SABC987", "confidence": 70.5]],
            "travel_direction": 182.5, "gps_latitude": 38.512345, "gps_longitude": -121.498765,
            "vehicle": [
                "color": [["name": "silver-gray", "confidence": 80]], "make": [["name": "toyota", "confidence": 70]],
                "make_model": [["name": "toyota_camry", "confidence": 60]],
                "body_type": [["name": "sedan-standard", "confidence": 90]],
            ],
            "vehicle_crop_jpeg": crop,
        ]
        let payload = HTTP.json(body)
        try await fixture.test { client in
            try await client.execute(
                uri: "/v1/reads/openalpr", method: .post, headers: HTTP.headers(bearer: fixture.cityKey), body: payload
            ) { #expect($0.status == .created) }
        }
        let read = try #require(try await Self.search(fixture, "5ABC987").first)
        #expect(read.confidence == 0.913)
        #expect(read.region == "US-CA")
        #expect(read.regionConfidence == 0.8)
        #expect(read.candidates == [CandidateReading(plate: "SABC987", confidence: 0.705)])
        #expect(read.direction == .s)
        #expect(read.latitude == 38.512345)
        #expect(
            read.vehicle
                == VehicleDescription(
                    make: "TOYOTA", model: "TOYOTA_CAMRY", color: "SILVER-GRAY", type: "SEDAN-STANDARD"))
        #expect(read.images.keys.sorted() == ["overview", "plate"])
        #expect(read.time.milliseconds == epoch)
    }

    @Test("OpenALPR alpr_results: one read per result; a bad result is named by its index")
    func openALPRResults() async throws {
        let fixture = try ServerFixture()
        let epoch = Timestamp.now.milliseconds - 60_000
        func body(_ second: [String: Any]) -> ByteBuffer {
            HTTP.json([
                "data_type": "alpr_results", "epoch_time": epoch,
                "results": [
                    [
                        "plate": "4AAA111", "confidence": 88.0, "region": "us-ca", "region_confidence": 70,
                        "candidates": [],
                    ],
                    second,
                ],
            ])
        }
        let bad = body(["plate": "4AAA112", "confidence": 140.0])
        let good = body(["plate": "4AAA112", "confidence": 80.0])
        try await fixture.test { client in
            try await client.execute(
                uri: "/v1/reads/openalpr", method: .post, headers: HTTP.headers(bearer: fixture.cityKey),
                body: bad
            ) { response in
                #expect(response.status == .badRequest)
                let failure = try HTTP.error(response)
                #expect(failure["field"] as? String == "results[1].confidence")
            }
            try await client.execute(
                uri: "/v1/reads/openalpr", method: .post, headers: HTTP.headers(bearer: fixture.cityKey),
                body: good
            ) { response in
                #expect(response.status == .created)
                let object = try HTTP.object(response)
                #expect(object["accepted"] as? Int == 2)
            }
        }
        #expect(try await Self.search(fixture, "4AAA11?").count == 2)
    }

    @Test("Plate Recognizer webhook: lower-case plates, scores and regions")
    func plateRecognizer() async throws {
        let fixture = try ServerFixture()
        let body: [String: Any] = [
            "hook": [
                "target": "http://sightline.local/v1/reads/platerecognizer", "id": "city-01", "event": "recognition",
                "filename": "x.jpg",
            ],
            "data": [
                "camera_id": "city-01", "timestamp": HTTP.recent(minutesAgo: 2),
                "results": [
                    [
                        "plate": "nbr4521", "score": 0.902, "dscore": 0.8, "region": ["code": "us-nv", "score": 0.77],
                        "candidates": [["plate": "nbr4521", "score": 0.902], ["plate": "n8r4521", "score": 0.61]],
                        "vehicle": ["type": "Sedan", "score": 0.8], "direction": 95,
                        "model_make": [["make": "Honda", "model": "Civic", "score": 0.5]],
                        "color": [["color": "blue", "score": 0.6]],
                    ]
                ],
            ],
        ]
        let payload = HTTP.json(body)
        try await fixture.test { client in
            try await client.execute(
                uri: "/v1/reads/platerecognizer", method: .post, headers: HTTP.headers(bearer: fixture.cityKey),
                body: payload
            ) { #expect($0.status == .created) }
        }
        let read = try #require(try await Self.search(fixture, "NBR4521").first)
        #expect(read.plateRaw == "nbr4521")
        #expect(read.region == "US-NV")
        #expect(read.candidates.map(\.plate) == ["N8R4521"])
        #expect(read.direction == .e)
        #expect(read.vehicle.make == "HONDA")
        #expect(read.vehicle.color == "BLUE")
    }
}
