import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Testing

/// The scenarios the policy engine exists for, end to end through HTTP.
@Suite("Policy scenarios over HTTP")
struct PolicyScenarioTests {
    @Test("a federal user searching California data is denied by SB 34, grant or no grant")
    func federalOnCalifornia() async throws {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            // The API refuses to issue such a grant at all ...
            let (status, body) = try await client.send(
                .post, "/v1/grants", token: world.token("ca-city", .agencyAdministrator),
                [
                    "recipient": "fed", "purposes": ["stolen-vehicle"], "kinds": ["search"],
                    "expiry": Timestamp.now.adding(milliseconds: 86_400_000).rfc3339,
                ])
            #expect(status == .forbidden)
            #expect((body["error"] as? [String: Any])?["field"] as? String == "recipient")
            // ... and one that exists anyway (issued before the law, say) is not honoured.
            try world.sightline.catalog.issue(
                Grant(
                    id: "g-old", issuer: "ca-city", recipient: "fed", purposes: [.stolenVehicle], kinds: [.search],
                    start: .now.adding(milliseconds: -1000), expiry: .now.adding(milliseconds: 86_400_000),
                    issuedBy: "x"),
                by: .localOperator("test"))
            let answer = try await client.search(world.token("fed"), PolicyWorld.search(for: "fed"))
            #expect(answer.decision("ca-city")?.rule == "us-ca.recipients")
            #expect(answer.decision("ca-city")?.reason.contains("1798.90.55") == true)
            #expect(!answer.owners().contains("ca-city"))
            #expect(answer.counts.allSatisfy { $0.owner != "ca-city" })
        }
    }

    @Test("a California officer searching for a federal agency is denied as the federal agency would be")
    func launderingIsDenied() async throws {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            let answer = try await client.search(world.token("ca-city"), PolicyWorld.search(for: "fed"))
            #expect(answer.decision("ca-city")?.outcome == .deny)
            #expect(answer.decision("ca-city")?.rule == "us-ca.recipients")
            #expect(answer.reads.isEmpty)
        }
    }

    @Test("stolen vehicle with the justification 'ICE detainer' is refused, never silently allowed")
    func screenedJustification() async throws {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            let answer = try await client.search(
                world.token("ca-city"), PolicyWorld.search(for: "ca-city", justification: "ICE detainer follow-up"))
            #expect(answer.decision("ca-city")?.rule == "us-ca.screening")
            #expect(answer.reads.isEmpty)
            #expect(answer.outcome == "denied")
        }
        let record = try #require(try world.fixture.searchRecords().last?.body)
        #expect(record.decisions.first { $0.owner == "ca-city" }?.rule == "us-ca.screening")
    }

    @Test("Illinois: no declaration, no data; with one, allowed purposes only")
    func illinoisDeclaration() async throws {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            let admin = world.token("il-city", .agencyAdministrator)
            let expiry = Timestamp.now.adding(milliseconds: 30 * 86_400_000).rfc3339
            let (issued, _) = try await client.send(
                .post, "/v1/grants", token: admin,
                ["recipient": "in-city", "purposes": ["stolen-vehicle"], "kinds": ["search"], "expiry": expiry])
            #expect(issued == .created)
            var answer = try await client.search(world.token("in-city"), PolicyWorld.search(for: "in-city"))
            #expect(answer.decision("il-city")?.rule == "us-il.declaration")
            #expect(!answer.owners().contains("il-city"))

            let (filed, _) = try await client.send(
                .post, "/v1/declarations", token: admin,
                ["recipient": "in-city", "documentSHA256": String(repeating: "ab", count: 32), "expiry": expiry])
            #expect(filed == .created)
            answer = try await client.search(world.token("in-city"), PolicyWorld.search(for: "in-city"))
            #expect(answer.decision("il-city")?.rule == "grant.allow")
            #expect(answer.owners().contains("il-city"))

            answer = try await client.search(
                world.token("in-city"), PolicyWorld.search(for: "in-city", purpose: "immigration-enforcement"))
            #expect(answer.decision("il-city")?.rule == "us-il.purpose-prohibited")
            #expect(!answer.owners().contains("il-city"))
        }
    }

    @Test("a revoked grant stops the very next search, and the log shows the change with before and after")
    func revocation() async throws {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            let admin = world.token("ca-city", .agencyAdministrator)
            let (status, grant) = try await client.send(
                .post, "/v1/grants", token: admin,
                [
                    "recipient": "ca-county", "purposes": ["stolen-vehicle"], "kinds": ["search", "timeline"],
                    "expiry": Timestamp.now.adding(milliseconds: 86_400_000).rfc3339,
                ])
            #expect(status == .created)
            let id = try #require(grant["id"] as? String)
            var answer = try await client.search(world.token("ca-county"), PolicyWorld.search(for: "ca-county"))
            #expect(answer.owners() == ["ca-city", "ca-county"])
            #expect(answer.decision("ca-city")?.grant == id)

            let (revoked, _) = try await client.send(.delete, "/v1/grants/\(id)", token: admin)
            #expect(revoked == .ok)
            answer = try await client.search(world.token("ca-county"), PolicyWorld.search(for: "ca-county"))
            #expect(answer.decision("ca-city")?.rule == "grant.revoked")
            #expect(answer.owners() == ["ca-county"])

            let (_, access) = try await client.send(.get, "/v1/agencies/ca-city/access", token: nil)
            #expect((access["active"] as? [Any])?.isEmpty == true)
            #expect((access["inactive"] as? [[String: Any]])?.first?["id"] as? String == id)
        }
        let changes = try world.sightline.catalog.logEntries(limit: 1000).compactMap(\.body.change)
        let revocation = try #require(changes.first { $0.action == "grant.revoke" })
        #expect(revocation.actor == "ca-city-agency-admin")
        #expect(revocation.before?.contains("\"revoked\"") == false)
        #expect(revocation.after?.contains("\"revoked\"") == true)
        #expect(changes.contains { $0.action == "grant.issue" && $0.before == nil && $0.after != nil })
    }

    @Test("an expired grant is not honoured")
    func expiry() async throws {
        let world = try await PolicyWorld()
        try world.sightline.catalog.issue(
            Grant(
                id: "g-exp", issuer: "ca-city", recipient: "ca-county", purposes: [.stolenVehicle], kinds: [.search],
                start: .now.adding(milliseconds: -86_400_000), expiry: .now.adding(milliseconds: -1), issuedBy: "x"),
            by: .localOperator("test"))
        try await world.fixture.test { client in
            let answer = try await client.search(world.token("ca-county"), PolicyWorld.search(for: "ca-county"))
            #expect(answer.decision("ca-city")?.rule == "grant.expired")
        }
    }

    @Test("a window reaching past the owner's retention is refused for that part only")
    func retentionClipsTheWindow() async throws {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            let from = Timestamp.now.adding(milliseconds: -500 * Timestamp.millisecondsPerDay)
            let answer = try await client.search(
                world.token("va-city"),
                PolicyWorld.search(
                    for: "va-city", purpose: "violent-felony", justification: "Armed robbery suspect vehicle seen",
                    from: from))
            let decision = try #require(answer.decision("va-city"))
            #expect(decision.allows)
            #expect(decision.notBefore != nil)
            // Reads from an hour ago are returned; the ones 30 and 200 days old are past 21 days.
            #expect(answer.reads.count == 1)
            #expect(
                answer.reads.allSatisfy {
                    $0.time > Timestamp.now.adding(milliseconds: -21 * Timestamp.millisecondsPerDay)
                })
        }
    }

    @Test("a Netherlands-pack owner answers hit or no-hit, never the reads")
    func hitOnly() async throws {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            let answer = try await client.search(world.token("nl-city"), PolicyWorld.search(for: "nl-city"))
            #expect(answer.decision("nl-city")?.disclosure == .hitOnly)
            #expect(answer.reads.isEmpty)
            #expect(answer.counts.first { $0.owner == "nl-city" }?.hit == true)
            let miss = try await client.search(
                world.token("nl-city"),
                HTTP.json([
                    "query": ["plate": "0NONE00"], "purpose": "stolen-vehicle", "case": "C",
                    "justification": "Vehicle reported stolen", "onBehalfOf": "nl-city",
                ]))
            #expect(miss.counts.first { $0.owner == "nl-city" }?.hit == false)
        }
    }

    @Test("a UK-pack owner holds old reads for a supervisor's co-signature, which covers exactly that search")
    func coSignature() async throws {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            let from = Timestamp.now.adding(milliseconds: -365 * Timestamp.millisecondsPerDay)
            let first = try await client.search(world.token("gb-city"), PolicyWorld.search(for: "gb-city", from: from))
            #expect(first.decision("gb-city")?.outcome == .coSign)
            #expect(first.reads.isEmpty)
            let pending = try #require(first.coSignature)
            #expect(pending.status == "pending")
            #expect(pending.owners == ["gb-city"])

            // The requester cannot approve their own search; an officer cannot co-sign at all.
            let (own, _) = try await client.send(
                .post, "/v1/cosign/\(pending.id)", token: world.token("gb-city"), ["approve": true])
            #expect(own == .forbidden)
            let (officer, _) = try await client.send(
                .post, "/v1/cosign/\(pending.id)", token: world.token("gb-city", .officer), ["approve": true])
            #expect(officer == .forbidden)
            let (approved, body) = try await client.send(
                .post, "/v1/cosign/\(pending.id)", token: world.token("gb-city", .supervisor),
                ["approve": true, "note": "court order 12/3"])
            #expect(approved == .ok)
            #expect(body["status"] as? String == "approved")

            // A different search cannot ride on the approval.
            let (other, _) = try await client.send(
                .post, "/v1/searches", token: world.token("gb-city"),
                [
                    "query": ["plate": "9OTHER9", "from": from.rfc3339], "purpose": "stolen-vehicle", "case": "CASE-1",
                    "justification": "Vehicle reported stolen from Main Street", "onBehalfOf": "gb-city",
                    "coSignature": pending.id,
                ])
            #expect(other == .forbidden)

            let second = try await client.search(
                world.token("gb-city"), PolicyWorld.search(for: "gb-city", from: from, coSignature: pending.id))
            #expect(second.decision("gb-city")?.outcome == .allow)
            #expect(second.reads.count == 3)
            // The approval is spent.
            let (again, _) = try await client.send(
                .post, "/v1/searches", token: world.token("gb-city"),
                [
                    "query": ["plate": PolicyWorld.plate, "from": from.rfc3339], "purpose": "stolen-vehicle",
                    "case": "CASE-1",
                    "justification": "Vehicle reported stolen from Main Street", "onBehalfOf": "gb-city",
                    "coSignature": pending.id,
                ])
            #expect(again == .forbidden)
        }
        let changes = try world.sightline.catalog.logEntries(limit: 1000).compactMap(\.body.change).map(\.action)
        #expect(changes.contains("cosign.approve"))
        #expect(changes.contains("cosign.use"))
    }

    @Test("analytics follow the same laws: hit / no-hit owners give no reads, and old reads wait for a co-signature")
    func analyticsUnderLaw() async throws {
        let world = try await PolicyWorld()
        let from = Timestamp.now.adding(milliseconds: -365 * Timestamp.millisecondsPerDay)
        @Sendable func locate(_ agency: AgencyID, coSignature: String? = nil) -> [String: Any] {
            var body: [String: Any] = [
                "plate": PolicyWorld.plate, "from": from.rfc3339, "purpose": "stolen-vehicle", "case": "CASE-2",
                "justification": "Where to recover the stolen vehicle", "onBehalfOf": agency.rawValue,
            ]
            if let coSignature { body["coSignature"] = coSignature }
            return body
        }
        try await world.fixture.test { client in
            let (nlStatus, nl) = try await client.send(
                .post, "/v1/analytics/locate", token: world.token("nl-city"), locate("nl-city"))
            #expect(nlStatus == .ok)
            #expect((nl["places"] as? [Any])?.isEmpty == true)
            let nlCount = (nl["counts"] as? [[String: Any]])?.first { $0["owner"] as? String == "nl-city" }
            #expect(nlCount?["hit"] as? Bool == true)
            #expect(nlCount?["reads"] as? Int == 0)

            let (firstStatus, first) = try await client.send(
                .post, "/v1/analytics/locate", token: world.token("gb-city"), locate("gb-city"))
            #expect(firstStatus == .ok)
            #expect((first["places"] as? [Any])?.isEmpty == true)
            let pending = try #require((first["coSignature"] as? [String: Any])?["id"] as? String)
            let (approved, _) = try await client.send(
                .post, "/v1/cosign/\(pending)", token: world.token("gb-city", .supervisor), ["approve": true])
            #expect(approved == .ok)
            // The approval covers this analytic, not a search with the same case fields.
            let (asSearch, _) = try await client.send(
                .post, "/v1/searches", token: world.token("gb-city"),
                [
                    "query": ["plate": PolicyWorld.plate, "from": from.rfc3339], "purpose": "stolen-vehicle",
                    "case": "CASE-2", "justification": "Where to recover the stolen vehicle", "onBehalfOf": "gb-city",
                    "coSignature": pending,
                ])
            #expect(asSearch == .forbidden)
            let (secondStatus, second) = try await client.send(
                .post, "/v1/analytics/locate", token: world.token("gb-city"), locate("gb-city", coSignature: pending))
            #expect(secondStatus == .ok)
            let places = try #require(second["places"] as? [[String: Any]])
            #expect(places.map { $0["reads"] as? Int } == [3])
            #expect(second["coSignature"] == nil)
        }
        let analytics = try world.sightline.catalog.logEntries(limit: 1000).compactMap(\.body.search)
            .filter { $0.request.kind == .analytics }
        #expect(analytics.count == 3)
        #expect(analytics.last?.request.coSignedBy == "gb-city-supervisor")
    }

    @Test("roles limit actions: an officer issues no grants, an auditor runs no searches but reads the log")
    func roles() async throws {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            let grant: [String: Any] = [
                "recipient": "ca-county", "purposes": ["stolen-vehicle"], "kinds": ["search"],
                "expiry": Timestamp.now.adding(milliseconds: 86_400_000).rfc3339,
            ]
            let (officer, _) = try await client.send(
                .post, "/v1/grants", token: world.token("ca-city", .officer), grant)
            #expect(officer == .forbidden)
            // Another agency's administrator cannot issue grants over this agency's data either.
            let (foreign, _) = try await client.send(
                .delete, "/v1/grants/none", token: world.token("ca-county", .agencyAdministrator))
            #expect(foreign == .notFound)
            let (auditorSearch, _) = try await client.send(
                .post, "/v1/searches", token: world.token("ca-city", .auditor),
                [
                    "query": ["plate": PolicyWorld.plate], "purpose": "audit", "case": "A-1",
                    "justification": "Quarterly audit sample", "onBehalfOf": "ca-city",
                ])
            #expect(auditorSearch == .forbidden)
            let (auditorLog, log) = try await client.send(.get, "/v1/log", token: world.token("ca-city", .auditor))
            #expect(auditorLog == .ok)
            #expect((log["entries"] as? [Any])?.isEmpty == false)
        }
    }

    @Test("an agency may tighten its law pack but not loosen it, nor pick another jurisdiction's")
    func tightening() async throws {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            let admin = world.token("va-city", .agencyAdministrator)
            let (tight, _) = try await client.send(
                .put, "/v1/agencies/va-city/policy", token: admin,
                ["pack": "us-va", "retentionDays": 14, "prohibitedPurposes": ["traffic-safety"], "hitOnly": false])
            #expect(tight == .ok)
            let (loose, body) = try await client.send(
                .put, "/v1/agencies/va-city/policy", token: admin,
                ["pack": "us-va", "retentionDays": 90, "prohibitedPurposes": [], "hitOnly": false])
            #expect(loose == .forbidden)
            #expect((body["error"] as? [String: Any])?["field"] as? String == "retentionDays")
            let (shopping, _) = try await client.send(
                .put, "/v1/agencies/va-city/policy", token: admin,
                ["pack": "default", "prohibitedPurposes": [], "hitOnly": false])
            #expect(shopping == .forbidden)
            let (_, access) = try await client.send(.get, "/v1/agencies/va-city/access", token: nil)
            #expect(access["retentionDays"] as? Int == 14)
        }
    }

    @Test("policy explain gives the rule and reason without reading data or writing the log")
    func explain() async throws {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            let before = try world.sightline.catalog.logCount()
            let (status, body) = try await client.execute(
                uri: "/v1/policy/explain", method: .post, headers: HTTP.headers(bearer: world.token("fed")),
                body: PolicyWorld.search(for: "fed")
            ) { response in
                (
                    response.status,
                    try JSONDecoder().decode([String: [Decision]].self, from: Data(response.body.readableBytesView))
                )
            }
            #expect(status == .ok)
            let decisions = try #require(body["decisions"])
            #expect(decisions.first { $0.owner == "ca-city" }?.rule == "us-ca.recipients")
            #expect(decisions.first { $0.owner == "fed" }?.rule == "own-agency.allow")
            #expect(try world.sightline.catalog.logCount() == before)
        }
    }
}
