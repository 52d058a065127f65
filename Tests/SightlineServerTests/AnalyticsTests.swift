import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Testing

/// A small scene: a target car with a follower through three cameras, a car that passes two of
/// the same places at the same times, and traffic that does not.
@Suite("Case-bound analytics")
struct AnalyticsTests {
    static let t0 = Timestamp.now.adding(milliseconds: -3 * 3_600_000)

    static func read(_ plate: String, _ camera: CameraID, _ owner: AgencyID, minutes: Int64) -> PlateRead {
        PlateRead(
            camera: camera, owner: owner, time: t0.adding(milliseconds: minutes * 60_000),
            plate: Plate(normalized: plate), confidence: 0.9, location: Coordinate(latitude: 38.5, longitude: -121.5))
    }

    static func world() async throws -> ServerFixture {
        let fixture = try ServerFixture()
        let actor = Actor.localOperator("test")
        for id in ["city-02", "city-03"] {
            try fixture.sightline.catalog.add(
                Camera(
                    id: CameraID(id), owner: ServerFixture.city, kind: .fixed, name: id,
                    location: Coordinate(latitude: 38.5, longitude: -121.5), heading: 0), by: actor)
        }
        let city = ServerFixture.city
        _ = try await fixture.sightline.ingest.append([
            read("1TARGET", "city-01", city, minutes: 0), read("2FOLLOW", "city-01", city, minutes: 0),
            read("1TARGET", "city-02", city, minutes: 30), read("2FOLLOW", "city-02", city, minutes: 31),
            read("1TARGET", "city-03", city, minutes: 60), read("2FOLLOW", "city-03", city, minutes: 60),
            read("3ONCE11", "city-01", city, minutes: 1), read("4LATE44", "city-02", city, minutes: 50),
            read("5BOTH55", "city-01", city, minutes: 2), read("5BOTH55", "city-03", city, minutes: 61),
            // The county's camera: the city may not see it (no grant).
            read("2FOLLOW", "county-01", ServerFixture.county, minutes: 90),
            read("1TARGET", "county-01", ServerFixture.county, minutes: 90),
        ])
        return fixture
    }

    static func call(
        _ client: some TestClientProtocol, _ token: String, _ analytic: String, _ body: [String: Any]
    ) async throws -> (HTTPResponse.Status, [String: Any]) {
        var full = body
        full["purpose"] = "violent-felony"
        full["case"] = "RPD-77"
        full["justification"] = "Armed robbery series, three scenes"
        full["onBehalfOf"] = "city-pd"
        let buffer = HTTP.json(full)
        return try await client.execute(
            uri: "/v1/analytics/\(analytic)", method: .post, headers: HTTP.headers(bearer: token), body: buffer
        ) { ($0.status, (try? HTTP.object($0)) ?? [:]) }
    }

    static func scene(_ camera: String, from: Int64, to: Int64) -> [String: Any] {
        [
            "cameras": [camera], "from": t0.adding(milliseconds: from * 60_000).rfc3339,
            "to": t0.adding(milliseconds: to * 60_000).rfc3339,
        ]
    }

    @Test("stakeout, convoy and locate answer from allowed data only, and each is logged with its decisions")
    func analytics() async throws {
        let fixture = try await Self.world()
        let token = fixture.cityToken
        try await fixture.test { client in
            let (status, stakeout) = try await Self.call(
                client, token, "stakeout",
                [
                    "scenes": [
                        Self.scene("city-01", from: -5, to: 5), Self.scene("city-02", from: 25, to: 35),
                        Self.scene("city-03", from: 55, to: 65),
                    ],
                    "minScenes": 2,
                ])
            #expect(status == .ok)
            let vehicles = try #require(stakeout["vehicles"] as? [[String: Any]])
            #expect(vehicles.map { $0["plate"] as? String } == ["1TARGET", "2FOLLOW", "5BOTH55"])
            #expect(vehicles.map { $0["scenes"] as? [Int] } == [[0, 1, 2], [0, 1, 2], [0, 2]])

            let (_, convoy) = try await Self.call(
                client, token, "convoy",
                [
                    "plate": "1TARGET", "gapSeconds": 120, "minCameras": 2,
                    "from": Self.t0.adding(milliseconds: -60_000).rfc3339,
                ])
            let companions = try #require(convoy["vehicles"] as? [[String: Any]])
            #expect(companions.map { $0["plate"] as? String } == ["2FOLLOW", "5BOTH55"])
            #expect(companions.first?["coOccurrences"] as? Int == 3)
            #expect(companions.first?["cameras"] as? [String] == ["city-01", "city-02", "city-03"])

            let (_, locate) = try await Self.call(
                client, token, "locate", ["plate": "1TARGET", "from": Self.t0.adding(milliseconds: -60_000).rfc3339])
            let places = try #require(locate["places"] as? [[String: Any]])
            // Three city cameras; the county camera is not the city's to see.
            #expect(places.count == 3)
            #expect(places.allSatisfy { $0["owner"] as? String == "city-pd" })
            #expect(places.allSatisfy { ($0["hours"] as? [Int])?.reduce(0, +) == 1 })

            // One scene is not a stakeout; a scene needs a place.
            let (one, oneError) = try await Self.call(
                client, token, "stakeout", ["scenes": [Self.scene("city-01", from: 0, to: 5)]])
            #expect(one == .badRequest)
            #expect((oneError["error"] as? [String: Any])?["field"] as? String == "scenes")
            let (nowhere, nowhereError) = try await Self.call(
                client, token, "stakeout",
                ["scenes": [["from": Self.t0.rfc3339, "to": Self.t0.rfc3339], Self.scene("city-01", from: 0, to: 5)]])
            #expect(nowhere == .badRequest)
            #expect((nowhereError["error"] as? [String: Any])?["field"] as? String == "scenes[0].cameras")
            // The case fields are required as for any search.
            let (noCase, _) = try await client.execute(
                uri: "/v1/analytics/locate", method: .post, headers: HTTP.headers(bearer: token),
                body: HTTP.json(["plate": "1TARGET"])
            ) { ($0.status, 0) }
            #expect(noCase == .badRequest)
        }
        let records = try fixture.searchRecords().map(\.body)
        #expect(records.map(\.request.kind) == [.analytics, .analytics, .analytics])
        #expect(
            records.map { $0.query.detail?.split(separator: ":").first.map(String.init) } == [
                "stakeout", "convoy", "locate",
            ])
        #expect(records.allSatisfy { $0.decisions.contains { $0.owner == ServerFixture.county && !$0.allows } })
    }
}
