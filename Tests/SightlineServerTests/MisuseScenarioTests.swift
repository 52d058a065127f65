import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Testing

/// The incidents that motivated Sightline, one after another in one deployment: each is refused
/// or flagged, each is in the log, and each shows in the public transparency report.
@Suite("Misuse scenarios end to end")
struct MisuseScenarioTests {
    @Test(
        "federal reach-ins, laundering, missing and vague reasons, reaching past retention, re-enabled sharing, an immigration list, hundreds of grants"
    )
    func incidents() async throws {
        let world = try await PolicyWorld()
        let catalog = world.sightline.catalog
        let admin = world.token("ca-city", .agencyAdministrator)
        let why = "Vehicle reported stolen from Main Street"
        try await world.fixture.test { client in
            // 1. A federal account searching California data.
            let federal = try await client.search(world.token("fed"), PolicyWorld.search(for: "fed"))
            #expect(federal.decision("ca-city")?.outcome == .deny)
            #expect(!federal.owners().contains("ca-city"))

            // 2. A local officer searching on behalf of a federal agency, reason "ICE".
            let laundered = try await client.search(
                world.token("ca-city", .officer), PolicyWorld.search(for: "fed", justification: "ICE asked us to look"))
            #expect(laundered.decision("ca-city")?.outcome == .deny)
            #expect(laundered.reads.isEmpty)

            // 3. A blank reason is refused before any data is asked for; a vague one is flagged.
            var blank = try #require(
                try JSONSerialization.jsonObject(with: Data(PolicyWorld.search(for: "ca-city").readableBytesView))
                    as? [String: Any])
            blank["justification"] = "   "
            let (status, body) = try await client.send(.post, "/v1/searches", token: world.token("ca-city"), blank)
            #expect(status == .badRequest)
            #expect((body["error"] as? [String: Any])?["field"] as? String == "justification")
            let vague = try await client.search(
                world.token("ca-city"), PolicyWorld.search(for: "ca-city", justification: "investigation"))
            #expect(vague.decision("ca-city")?.outcome == .allow)

            // 4. Reaching 500 days back against a 30-day retention.
            let (policy, _) = try await client.send(
                .put, "/v1/agencies/ca-city/policy", token: admin,
                ["pack": "us-ca", "retentionDays": 30, "prohibitedPurposes": [], "hitOnly": false])
            #expect(policy == .ok)
            let old = try await client.search(
                world.token("ca-city"),
                PolicyWorld.search(
                    for: "ca-city", justification: why, from: .now.adding(milliseconds: -500 * 86_400_000)))
            #expect(old.decision("ca-city")?.notBefore != nil)

            // 5. A sharing setting switched off and on again: the log says who, each time.
            let grant: [String: Any] = [
                "recipient": "ca-county", "purposes": ["stolen-vehicle"], "kinds": ["search"],
                "expiry": Timestamp.now.adding(milliseconds: 86_400_000).rfc3339,
            ]
            let (issued, first) = try await client.send(.post, "/v1/grants", token: admin, grant)
            #expect(issued == .created)
            let (revoked, _) = try await client.send(
                .delete, "/v1/grants/\(try #require(first["id"] as? String))", token: admin)
            #expect(revoked == .ok)
            var wider = grant
            wider["purposes"] = ["stolen-vehicle", "violent-felony", "other-felony"]
            let (reissued, _) = try await client.send(.post, "/v1/grants", token: admin, wider)
            #expect(reissued == .created)

            // 6. An immigration-violator list pushed toward a California agency is refused and logged.
            let (pushed, summary) = try await client.execute(
                uri: "/v1/hotlists/federal-feed?format=csv", method: .put, headers: HTTP.headers(bearer: admin),
                body: ByteBuffer(string: "plate,state,category\n9IMM999,CA,N\n8IMM888,CA,N\n7OK7777,CA,V\n")
            ) { ($0.status, try HTTP.object($0)) }
            #expect(pushed == .ok)
            #expect(summary["refused"] as? Int == 2)
        }

        // 7. An agency with hundreds of grants, and its public list of who has access.
        let actor = Actor.localOperator("test")
        let now = Timestamp.now
        for n in 0..<300 {
            let id = AgencyID("in-partner-\(n)")
            try catalog.add(
                Agency(
                    id: id, name: id.rawValue, kind: .localPolice,
                    jurisdiction: Jurisdiction(country: "US", state: "IN")),
                by: actor)
            try catalog.issue(
                Grant(
                    id: "g-in-\(n)", issuer: "in-city", recipient: id, purposes: [.stolenVehicle], kinds: [.search],
                    start: now, expiry: now.adding(milliseconds: 86_400_000), issuedBy: "in-city-agency-admin"),
                by: Actor(
                    User(id: "in-city-agency-admin", agency: "in-city", name: "admin", role: .agencyAdministrator)))
        }

        try await world.fixture.test { client in
            let (_, access) = try await client.send(.get, "/v1/agencies/in-city/access", token: nil)
            #expect((access["active"] as? [Any])?.count == 300)
            let (_, indiana) = try await client.send(.get, "/v1/agencies/in-city/transparency", token: nil)
            #expect((indiana["sharingPartners"] as? [Any])?.count == 300)
            #expect(Self.detectors(indiana).contains("grant-count-jump"))

            let (_, report) = try await client.send(.get, "/v1/agencies/ca-city/transparency", token: nil)
            let denials = Dictionary(
                uniqueKeysWithValues: (report["denialsByRule"] as? [[String: Any]] ?? []).compactMap { count in
                    (count["key"] as? String).map { ($0, count["count"] as? Int ?? 0) }
                })
            #expect(denials["us-ca.recipients", default: 0] >= 1, "\(denials)")
            #expect(report["incompleteSearchesRefused"] as? Int == 1)
            #expect(report["hotListEntriesRefused"] as? Int == 2)
            let found = Self.detectors(report)
            for detector in ["vague-reason", "window-past-retention", "on-behalf-of-federal", "grant-scope-jump"] {
                #expect(found.contains(detector), "\(detector) not in \(found)")
            }
            let (_, federalReport) = try await client.send(.get, "/v1/agencies/fed/transparency", token: nil)
            #expect(federalReport["searches"] as? Int == 1)
        }

        // And the log holds each of them, with who did it.
        let changes = try catalog.logEntries(limit: 100_000).compactMap(\.body.change)
        #expect(changes.contains { $0.action == SearchService.incompleteRefusal && $0.actor == "ca-city-investigator" })
        let grantChanges = changes.filter { $0.action.hasPrefix("grant.") && $0.agency == "ca-city" }.map {
            "\($0.action) by \($0.actor)"
        }
        #expect(
            grantChanges == [
                "grant.issue by ca-city-agency-admin", "grant.revoke by ca-city-agency-admin",
                "grant.issue by ca-city-agency-admin",
            ])
        #expect(changes.contains { $0.action == "hotlist.refuse" && $0.actor == "ca-city-agency-admin" })
        let searches = try world.fixture.searchRecords().map(\.body)
        #expect(
            searches.contains {
                $0.request.agency == "fed" && $0.decisions.contains { $0.owner == "ca-city" && !$0.allows }
            })
        #expect(searches.contains { $0.request.onBehalfOf == "fed" && $0.request.agency == "ca-city" })
    }

    static func detectors(_ report: [String: Any]) -> Set<String> {
        Set((report["findings"] as? [[String: Any]] ?? []).compactMap { $0["detector"] as? String })
    }
}
