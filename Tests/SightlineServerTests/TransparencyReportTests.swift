import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineAudit
import SightlineCore
import SightlineServer
import Testing

@Suite("Transparency report")
struct TransparencyReportTests {
    /// California city data searched by its own investigator, by the county under a grant, by a
    /// federal agency (denied), and a vague search.
    static func world() async throws -> PolicyWorld {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            _ = try await client.send(
                .post, "/v1/grants", token: world.token("ca-city", .agencyAdministrator),
                [
                    "recipient": "ca-county", "purposes": ["stolen-vehicle"], "kinds": ["search"],
                    "expiry": Timestamp.now.adding(milliseconds: 86_400_000).rfc3339,
                ])
            _ = try await client.search(world.token("ca-city"), PolicyWorld.search(for: "ca-city"))
            _ = try await client.search(
                world.token("ca-city"), PolicyWorld.search(for: "ca-city", purpose: "violent-felony"))
            _ = try await client.search(
                world.token("ca-city"), PolicyWorld.search(for: "ca-city", justification: "inv of car"))
            _ = try await client.search(world.token("ca-county"), PolicyWorld.search(for: "ca-county"))
            _ = try await client.search(world.token("fed"), PolicyWorld.search(for: "fed"))
            _ = try await client.search(world.token("ca-city"), PolicyWorld.search(for: "fed"))
        }
        return world
    }

    @Test("every figure equals a recomputation from the log and the store")
    func recompute() async throws {
        let world = try await Self.world()
        let now = Timestamp.now
        let from = now.adding(milliseconds: -2 * Timestamp.millisecondsPerDay)
        let report = try await world.sightline.admin.transparencyReport(
            of: "ca-city", from: from, to: now, audit: world.sightline.audit, store: world.sightline.store)

        // The checkpoint is genuine and covers exactly the entries counted.
        let checkpoint = try NoteVerifier(verifierKey: world.sightline.audit.verifierKey).verify(report.checkpoint)
        #expect(checkpoint.size == report.logSize)
        let entries = try world.sightline.catalog.entries(from: 0, to: report.logSize)
        #expect(checkpoint.root == Merkle.root(of: entries.map { Merkle.leafHash(Array($0.entry.utf8)) }[...]))

        // Recompute, independently, from the raw entries.
        let searches = try entries.compactMap {
            try JSONDecoder().decode(LogRecord.self, from: Data($0.entry.utf8)).search
        }
        .filter { $0.time >= from && $0.time <= now }
        let ours = searches.filter { $0.request.agency == "ca-city" }
        #expect(report.searches == ours.count)
        #expect(report.searches == 4)
        var byPurpose: [String: Int] = [:]
        for s in ours { byPurpose[s.request.purpose.rawValue, default: 0] += 1 }
        #expect(Dictionary(uniqueKeysWithValues: report.searchesByPurpose.map { ($0.key, $0.count) }) == byPurpose)
        #expect(report.searchesOnBehalfOfOthers == [.init(key: "fed", count: 1)])
        #expect(report.searchesOfOurDataByOthers == [.init(key: "ca-county", count: 1)])
        var denials: [String: Int] = [:]
        for s in searches where s.request.agency != "ca-city" {
            for d in s.decisions where d.owner == "ca-city" && !d.allows { denials[d.rule, default: 0] += 1 }
        }
        #expect(Dictionary(uniqueKeysWithValues: report.denialsByRule.map { ($0.key, $0.count) }) == denials)
        #expect(denials["us-ca.recipients"] == 1)

        // Reads: one read an hour ago on ca-city's camera (PolicyWorld), none of other owners'.
        #expect(report.reads == 1)
        #expect(report.readsPerDay.reduce(0) { $0 + $1.count } == 1)
        #expect(report.cameras == 1)
        #expect(report.sharingPartners.map(\.agency) == ["ca-county"])
        #expect(report.sharingPartners.first?.status == "active")
        #expect(report.activeGrantsPerDay.last?.count == 1)
        #expect(report.retention.pack == "us-ca")
        #expect(report.findings.contains { $0.detector == "vague-reason" && $0.entries.count == 1 })
        #expect(report.findings.contains { $0.detector == "on-behalf-of-federal" })
    }

    @Test("the public endpoint serves HTML with charts, JSON and CSV, without login")
    func publicEndpoint() async throws {
        let world = try await Self.world()
        try await world.fixture.test { client in
            let html = try await client.execute(uri: "/v1/agencies/ca-city/transparency?format=html", method: .get) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                return String(buffer: response.body)
            }
            #expect(html.contains("<svg"))
            #expect(html.contains("Searches by purpose"))
            #expect(html.contains("ca-county"))
            #expect(!html.contains("<script"))
            #expect(!html.contains("http://") || !html.contains("src=\"http"))
            let csv = try await client.execute(uri: "/v1/agencies/ca-city/transparency?format=csv", method: .get) {
                String(buffer: $0.body)
            }
            #expect(csv.hasPrefix("section,key,value\n"))
            #expect(csv.contains("summary,searches,4"))
            let (status, json) = try await client.send(.get, "/v1/agencies/ca-city/transparency", token: nil)
            #expect(status == .ok)
            #expect(json["searches"] as? Int == 4)
            let (bad, _) = try await client.send(.get, "/v1/agencies/ca-city/transparency?format=pdf", token: nil)
            #expect(bad == .badRequest)
        }
    }
}
