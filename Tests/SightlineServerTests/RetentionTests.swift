import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Testing

/// Retention as the server runs it: law packs' periods, New Hampshire's three minutes for
/// non-hit reads, legal holds placed and released over HTTP, and every step in the log.
@Suite("Retention and legal holds")
struct RetentionTests {
    static let town = AgencyID("nh-town")

    static func world() async throws -> (ServerFixture, adminToken: String) {
        let fixture = try ServerFixture()
        let catalog = fixture.sightline.catalog
        let actor = Actor.localOperator("test")
        try catalog.add(
            Agency(
                id: town, name: "Town PD", kind: .localPolice, jurisdiction: Jurisdiction(country: "US", state: "NH")),
            by: actor)
        try catalog.add(
            Camera(
                id: "nh-01", owner: town, kind: .fixed, name: "Route 3",
                location: Coordinate(latitude: 43.2, longitude: -71.5), heading: 0), by: actor)
        try catalog.add(User(id: "nh-admin", agency: town, name: "Admin", role: .agencyAdministrator), by: actor)
        let token = try catalog.issueToken(for: "nh-admin", by: actor)
        let now = Timestamp.now
        func read(_ plate: String, _ camera: CameraID, _ owner: AgencyID, minutesAgo: Int64) -> PlateRead {
            PlateRead(
                camera: camera, owner: owner, time: now.adding(milliseconds: -minutesAgo * 60_000),
                plate: Plate(normalized: plate), confidence: 0.9, location: Coordinate(latitude: 43.2, longitude: -71.5)
            )
        }
        _ = try await fixture.sightline.ingest.append([
            read("1STALE1", "nh-01", town, minutesAgo: 10), read("2FRESH2", "nh-01", town, minutesAgo: 1),
            read("3HELD33", "nh-01", town, minutesAgo: 10),
            // California keeps non-hit reads far longer.
            read("4CITY44", "city-01", ServerFixture.city, minutesAgo: 10),
        ])
        return (fixture, token)
    }

    static func plates(_ fixture: ServerFixture) async throws -> Set<String> {
        let all: Set<AgencyID> = [town, ServerFixture.city, ServerFixture.county]
        let now = Timestamp.now
        return Set(
            try await fixture.sightline.store.search(
                ReadQuery(plate: .anyPlate, window: TimeWindow(from: now.adding(milliseconds: -3_600_000), to: now)),
                within: all
            ).reads.map(\.read.plate.normalized))
    }

    @Test("New Hampshire's non-hit reads go after three minutes unless held; a released hold lets them go")
    func newHampshire() async throws {
        let (fixture, token) = try await Self.world()
        let holdID = try await fixture.test { client in
            // A hold without an authority is refused, naming the field.
            let (bad, badBody) = try await client.send(
                .post, "/v1/holds", token: token,
                ["case": "NH-1", "reference": "2026-CR-88", "plate": "3HELD33", "expiry": "2027-01-01T00:00:00Z"])
            #expect(bad == .badRequest)
            #expect((badBody["error"] as? [String: Any])?["field"] as? String == "authority")
            // Another agency's user cannot place one for the town.
            let (foreign, _) = try await client.send(
                .post, "/v1/holds", token: fixture.cityToken,
                [
                    "case": "NH-1", "authority": "court-order", "reference": "2026-CR-88", "plate": "3HELD33",
                    "expiry": "2027-01-01T00:00:00Z",
                ])
            #expect(foreign == .forbidden)
            let (placed, hold) = try await client.send(
                .post, "/v1/holds", token: token,
                [
                    "case": "NH-1", "authority": "court-order", "reference": "2026-CR-88", "plate": "3HELD33",
                    "expiry": "2027-01-01T00:00:00Z",
                ])
            #expect(placed == .created)
            return try #require(hold["id"] as? String)
        }

        let first = try await fixture.sightline.retention.runOnce()
        #expect(first.reads == 1)
        #expect(first.held == 1)
        #expect(try await Self.plates(fixture) == ["2FRESH2", "3HELD33", "4CITY44"])

        try await fixture.test { client in
            let (released, body) = try await client.send(.post, "/v1/holds/\(holdID)/release", token: token)
            #expect(released == .ok)
            #expect(body["releasedBy"] as? String == "nh-admin")
        }
        let second = try await fixture.sightline.retention.runOnce()
        #expect(second.reads == 1)
        #expect(try await Self.plates(fixture) == ["2FRESH2", "4CITY44"])

        let changes = try fixture.sightline.catalog.logEntries(limit: 1000).compactMap(\.body.change)
        #expect(changes.map(\.action).filter { $0.hasPrefix("hold.") } == ["hold.place", "hold.release"])
        let destructions = changes.filter { $0.action == "retention.destroy" }
        #expect(destructions.count == 2)
        // Counts and ranges, never a plate.
        for record in destructions {
            let text = (record.after ?? "") + (record.before ?? "") + record.subject
            #expect(text.contains("\"reads\":1"))
            #expect(!text.contains("1STALE1") && !text.contains("3HELD33"))
        }
    }
}
