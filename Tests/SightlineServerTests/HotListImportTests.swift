import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Testing

@Suite("Hot-list import over HTTP")
struct HotListImportTests {
    static func put(
        _ client: some TestClientProtocol, _ token: String, _ name: String, format: String, _ text: String
    ) async throws
        -> (HTTPResponse.Status, [String: Any])
    {
        try await client.execute(
            uri: "/v1/hotlists/\(name)?format=\(format)", method: .put, headers: HTTP.headers(bearer: token),
            body: ByteBuffer(string: text)
        ) { response in
            (
                response.status,
                (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
                    ?? [:]
            )
        }
    }

    @Test("a list is replaced whole with a summary; California refuses an immigration-violator entry and logs it")
    func replaceAndRefuse() async throws {
        let world = try await PolicyWorld()
        let admin = world.token("ca-city", .agencyAdministrator)
        try await world.fixture.test { client in
            let first = "plate,state,category\n7ABC123,CA,V\n8DEF456,CA,P\n9IMM999,CA,N\n000,CA,V\n"
            let (status, summary) = try await Self.put(client, admin, "state-list", format: "csv", first)
            #expect(status == .ok)
            #expect(summary["entries"] as? Int == 2)
            #expect(summary["added"] as? Int == 2)
            #expect(summary["refused"] as? Int == 1)
            #expect(summary["skipped"] as? Int == 1)
            let (_, second) = try await Self.put(
                client, admin, "state-list", format: "csv", "plate,state,category\n7ABC123,CA,V\n5NEW555,CA,V\n")
            #expect(second["added"] as? Int == 1)
            #expect(second["removed"] as? Int == 1)
            // A bad line refuses the file whole and leaves the list as it was.
            let (bad, error) = try await Self.put(
                client, admin, "state-list", format: "csv", "plate,category\n1OK1111,V\n2BAD222,Z\n")
            #expect(bad == .badRequest)
            #expect((error["error"] as? [String: Any])?["field"] as? String == "category")
            let (officer, _) = try await Self.put(
                client, world.token("ca-city", .officer), "state-list", format: "csv", first)
            #expect(officer == .forbidden)
        }
        let plates = try world.sightline.catalog.hotListEntries(owner: "ca-city").map(\.entry.plate).sorted()
        #expect(plates == ["5NEW555", "7ABC123"])
        let changes = try world.sightline.catalog.logEntries(limit: 10_000).compactMap(\.body.change)
        #expect(changes.contains { $0.action == "hotlist.refuse" && $0.after?.contains("7284.6") == true })
        #expect(changes.filter { $0.action == "hotlist.replace" }.count == 2)
        #expect(!changes.contains { ($0.after ?? "").contains("9IMM999") })
    }

    @Test("an Indiana agency, under no such law, may load the same category")
    func otherJurisdiction() async throws {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            let (_, summary) = try await Self.put(
                client, world.token("in-city", .agencyAdministrator), "state-list", format: "csv",
                "plate,category\n9IMM999,N\n")
            #expect(summary["refused"] as? Int == 0)
            #expect(summary["entries"] as? Int == 1)
        }
    }
}
