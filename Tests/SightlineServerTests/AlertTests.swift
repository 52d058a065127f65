import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Testing

/// The deliveries page as a client decodes it.
struct DeliveryPage: Decodable { var deliveries: [AlertDelivery] }

extension PolicyWorld {
    /// A device key for an agency's camera.
    func deviceKey(_ agency: AgencyID) throws -> String {
        try sightline.catalog.issueDeviceKey(for: CameraID("\(agency)-cam"), by: .localOperator("test"))
    }

    func issue(
        _ issuer: AgencyID, _ recipient: AgencyID, _ kinds: [QueryKind], purposes: [Purpose] = [.stolenVehicle]
    )
        throws
    {
        let now = Timestamp.now
        try sightline.catalog.issue(
            Grant(
                id: "g-\(issuer)-\(recipient)-\(kinds.map(\.rawValue).joined(separator: "+"))", issuer: issuer,
                recipient: recipient, purposes: purposes, kinds: kinds, start: now.adding(milliseconds: -60_000),
                expiry: now.adding(milliseconds: 30 * Timestamp.millisecondsPerDay), issuedBy: "admin"),
            by: .localOperator("test"))
    }

    static func postReads(
        _ client: some TestClientProtocol, key: String, _ reads: [[String: Any]]
    ) async throws -> (HTTPResponse.Status, [String]) {
        let body = HTTP.json(["reads": reads])
        return try await client.execute(uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: key), body: body)
        {
            response in
            let ids = (try? HTTP.object(response))?["ids"] as? [String] ?? []
            return (response.status, ids)
        }
    }

    static func deliveries(
        _ client: some TestClientProtocol, _ token: String, after: Int64 = 0
    ) async throws
        -> [AlertDelivery]
    {
        try await client.execute(uri: "/v1/alerts?after=\(after)", method: .get, headers: HTTP.headers(bearer: token)) {
            response in
            #expect(response.status == .ok)
            return try JSONDecoder().decode(DeliveryPage.self, from: Data(response.body.readableBytesView)).deliveries
        }
    }
}

@Suite("Hot-list alerts")
struct AlertTests {
    static let list = "plate,state,category,reason,case\n7ABC123,CA,V,Stolen at gunpoint,C-77\n"

    @Test("a read of a listed plate is stored as an alert before the batch is acknowledged, with its provenance")
    func raisedBeforeAcknowledgement() async throws {
        let world = try await PolicyWorld()
        let key = try world.deviceKey("ca-city")
        let officer = world.token("ca-city", .officer)
        try await world.fixture.test { client in
            let (imported, _) = try await HotListImportTests.put(
                client, world.token("ca-city", .agencyAdministrator), "stolen", format: "csv", Self.list)
            #expect(imported == .ok)
            let (status, ids) = try await PolicyWorld.postReads(
                client, key: key,
                [
                    HTTP.read("7ABC 123", minutesAgo: 1),
                    HTTP.read("7A8C123", minutesAgo: 1),
                    HTTP.read(
                        "7ABC128", minutesAgo: 1, extra: ["candidates": [["plate": "7ABC123", "confidence": 0.4]]]),
                    HTTP.read("7ABC123", minutesAgo: 1, extra: ["region": "US-NV"]),
                    HTTP.read("1XYZ999", minutesAgo: 1),
                ])
            #expect(status == .created)
            let deliveries = try await PolicyWorld.deliveries(client, officer)
            #expect(deliveries.map(\.alert.match) == [.exact, .confusable, .candidate])
            #expect(deliveries.map(\.alert.read.id.description) == Array(ids.prefix(3)))
            let first = try #require(deliveries.first)
            #expect(first.alert.read.camera == "ca-city-cam")
            #expect(first.alert.read.owner == "ca-city")
            #expect(first.alert.read.plateRaw == "7ABC 123")
            #expect(first.alert.listOwner == "ca-city")
            #expect(first.alert.list == "stolen")
            #expect(first.alert.entry.caseNumber == "C-77")
            #expect(first.alert.entry.reason == "Stolen at gunpoint")
            #expect(first.recipient.agency == "ca-city")
            #expect(deliveries[2].alert.matchedText == "7ABC123")
            // Only roles that act on alerts read them.
            let auditor = try await client.execute(
                uri: "/v1/alerts", method: .get, headers: HTTP.headers(bearer: world.token("ca-city", .auditor))
            ) { $0.status }
            #expect(auditor == .forbidden)
        }
        let raised = try world.sightline.catalog.logEntries(limit: 10_000).compactMap(\.body.alert)
        #expect(raised.filter { $0.event == .raised }.map(\.match) == [.exact, .confusable, .candidate])
        #expect(raised.allSatisfy { $0.recipients.map(\.agency) == ["ca-city"] && $0.cameraOwner == "ca-city" })
    }

    @Test("an alert reaches only the agencies the policy allows, and never a forbidden one")
    func deliveredByPolicy() async throws {
        let world = try await PolicyWorld()
        // The county may hear of the city's list on the city's cameras; a federal agency was given
        // grants outside the API (as if sharing were silently re-enabled), which California law
        // still refuses; Nevada has no grants at all.
        try world.issue("ca-city", "ca-county", [.hotListSharing, .alerts])
        try world.issue("ca-city", "fed", [.hotListSharing, .alerts])
        let key = try world.deviceKey("ca-city")
        let countyKey = try world.deviceKey("ca-county")
        try await world.fixture.test { client in
            _ = try await HotListImportTests.put(
                client, world.token("ca-city", .agencyAdministrator), "stolen", format: "csv", Self.list)
            _ = try await PolicyWorld.postReads(client, key: key, [HTTP.read("7ABC123", minutesAgo: 1)])
            // The county's own camera: the county never granted the city alerts on its reads,
            // but the list is shared with the county, so the county alone hears of it.
            _ = try await PolicyWorld.postReads(client, key: countyKey, [HTTP.read("7ABC123", minutesAgo: 1)])
            let city = try await PolicyWorld.deliveries(client, world.token("ca-city", .officer))
            let county = try await PolicyWorld.deliveries(client, world.token("ca-county", .officer))
            let federal = try await PolicyWorld.deliveries(client, world.token("fed", .officer))
            let nevada = try await PolicyWorld.deliveries(client, world.token("in-city", .officer))
            #expect(city.map(\.alert.read.camera) == ["ca-city-cam"])
            #expect(county.map(\.alert.read.camera) == ["ca-city-cam", "ca-county-cam"])
            #expect(county[0].recipient.cameraGrant == "g-ca-city-ca-county-hot-list-sharing+alerts")
            #expect(county[0].recipient.listGrant == "g-ca-city-ca-county-hot-list-sharing+alerts")
            #expect(county[1].recipient.cameraGrant == nil)
            #expect(federal.isEmpty)
            #expect(nevada.isEmpty)
            // What a recipient sees names the list's and camera's owners but not the other recipients.
            #expect(county.allSatisfy { $0.alert.recipients.map(\.agency) == ["ca-county"] })
        }
        let raised = try world.sightline.catalog.logEntries(limit: 10_000).compactMap(\.body.alert)
        #expect(raised.map { $0.recipients.map(\.agency) } == [["ca-city", "ca-county"], ["ca-county"]])
    }

    @Test("an immigration entry loaded where the law allows it never alerts on a California camera")
    func refusedCategoryNeverDelivered() async throws {
        let world = try await PolicyWorld()
        try world.issue("ca-city", "in-city", [.alerts], purposes: [.immigrationEnforcement, .stolenVehicle])
        let caKey = try world.deviceKey("ca-city")
        let inKey = try world.deviceKey("in-city")
        try await world.fixture.test { client in
            let (status, summary) = try await HotListImportTests.put(
                client, world.token("in-city", .agencyAdministrator), "federal-extract", format: "csv",
                "plate,state,category\n7ABC123,,N\n")
            #expect(status == .ok)
            #expect(summary["refused"] as? Int == 0)
            _ = try await PolicyWorld.postReads(client, key: caKey, [HTTP.read("7ABC123", minutesAgo: 1)])
            _ = try await PolicyWorld.postReads(client, key: inKey, [HTTP.read("7ABC123", minutesAgo: 1)])
            let indiana = try await PolicyWorld.deliveries(client, world.token("in-city", .officer))
            #expect(indiana.map(\.alert.read.camera) == ["in-city-cam"])
            #expect(try await PolicyWorld.deliveries(client, world.token("ca-city", .officer)).isEmpty)
        }
    }

    @Test("an officer records a disposition; it is logged, shown, and feeds the report's false-alert figures")
    func dispositions() async throws {
        let world = try await PolicyWorld()
        let key = try world.deviceKey("ca-city")
        let officer = world.token("ca-city", .officer)
        try await world.fixture.test { client in
            _ = try await HotListImportTests.put(
                client, world.token("ca-city", .agencyAdministrator), "stolen", format: "csv", Self.list)
            _ = try await PolicyWorld.postReads(
                client, key: key, [HTTP.read("7ABC123", minutesAgo: 2), HTTP.read("7A8C123", minutesAgo: 1)])
            let alerts = try await PolicyWorld.deliveries(client, officer).map(\.alert.id)
            #expect(alerts.count == 2)
            func dispose(
                _ id: Int64, _ body: [String: Any], as token: String
            ) async throws -> (
                HTTPResponse.Status, [String: Any]
            ) {
                let buffer = HTTP.json(body)
                return try await client.execute(
                    uri: "/v1/alerts/\(id)/disposition", method: .post, headers: HTTP.headers(bearer: token),
                    body: buffer
                ) { ($0.status, (try? HTTP.object($0)) ?? [:]) }
            }
            let (ok, shown) = try await dispose(
                alerts[0], ["disposition": "confirmed", "action": "vehicle recovered", "note": "driver detained"],
                as: officer)
            #expect(ok == .ok)
            #expect((shown["dispositions"] as? [[String: Any]])?.first?["kind"] as? String == "confirmed")
            #expect(
                try await dispose(alerts[1], ["disposition": "misread", "action": "none"], as: officer).0 == .ok)
            let (bad, error) = try await dispose(alerts[1], ["disposition": "maybe", "action": "x"], as: officer)
            #expect(bad == .badRequest)
            #expect((error["error"] as? [String: Any])?["field"] as? String != nil)
            let (missing, missingError) = try await dispose(alerts[1], ["disposition": "no-action"], as: officer)
            #expect(missing == .badRequest)
            #expect((missingError["error"] as? [String: Any])?["field"] as? String == "action")
            // Another agency cannot dispose of an alert it never received, nor learn that it exists.
            let (foreign, _) = try await dispose(
                alerts[0], ["disposition": "misread", "action": "none"], as: world.token("ca-county", .officer))
            #expect(foreign == .notFound)
            let after = try await PolicyWorld.deliveries(client, officer)
            #expect(after.map { $0.dispositions.map(\.kind) } == [[.confirmed], [.misread]])
        }
        let records = try world.sightline.catalog.logEntries(limit: 10_000).compactMap(\.body.alert)
        #expect(records.filter { $0.event == .disposition }.compactMap(\.disposition?.kind) == [.confirmed, .misread])
        let now = Timestamp.now
        let report = try await world.sightline.admin.transparencyReport(
            of: "ca-city", from: now.adding(milliseconds: -Timestamp.millisecondsPerDay), to: now,
            audit: world.sightline.audit, store: world.sightline.store)
        #expect(report.hotListHits == 2)
        #expect(report.hotListHitsPerDay.reduce(0) { $0 + $1.count } == 2)
        #expect(report.alerts.dispositions == 2)
        #expect(report.alerts.falseAlerts == 1)
        #expect(report.alerts.byDisposition.first { $0.key == "misread" }?.count == 1)
    }

    @Test("adding an entry searches past reads only with a purpose and case, logged like any search")
    func retroactive() async throws {
        let world = try await PolicyWorld()
        let investigator = world.token("ca-city")
        try await world.fixture.test { client in
            func add(_ body: [String: Any], as token: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                let buffer = HTTP.json(body)
                return try await client.execute(
                    uri: "/v1/hotlists/mine/entries", method: .post, headers: HTTP.headers(bearer: token), body: buffer
                ) { ($0.status, (try? HTTP.object($0)) ?? [:]) }
            }
            let entry: [String: Any] = ["plate": "7abc-123", "category": "V", "caseNumber": "C-5"]
            let (noPurpose, error) = try await add(
                [
                    "entry": entry,
                    "retroactive": ["case": "C-5", "justification": "Stolen last night", "onBehalfOf": "ca-city"],
                ],
                as: investigator)
            #expect(noPurpose == .badRequest)
            #expect((error["error"] as? [String: Any])?["field"] as? String == "purpose")
            let (created, answer) = try await add(
                [
                    "entry": entry,
                    "retroactive": [
                        "purpose": "stolen-vehicle", "case": "C-5", "justification": "Stolen last night",
                        "onBehalfOf": "ca-city",
                    ],
                ], as: investigator)
            #expect(created == .created)
            let search = try #require(answer["retroactive"] as? [String: Any])
            #expect((search["reads"] as? [Any])?.count == 1)
            let (officer, _) = try await add(["entry": entry], as: world.token("ca-city", .auditor))
            #expect(officer == .forbidden)
        }
        let searches = try world.fixture.searchRecords()
        #expect(searches.last?.body.query.plate == "7ABC123")
        #expect(searches.last?.body.request.caseNumber == "C-5")
        let entries = try world.sightline.catalog.hotListEntries(owner: "ca-city", list: "mine")
        #expect(entries.map(\.entry.plate) == ["7ABC123"])
    }
}
