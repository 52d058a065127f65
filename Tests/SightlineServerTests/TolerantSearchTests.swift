import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Testing

@Suite("OCR-tolerant search over HTTP")
struct TolerantSearchTests {
    static func search(
        _ client: some TestClientProtocol, _ fixture: ServerFixture, _ query: [String: Any]
    ) async throws -> (HTTPResponse.Status, [String: Any]) {
        let body = HTTP.json(HTTP.search("x", onBehalfOf: ServerFixture.city, extra: ["query": query]))
        return try await client.execute(
            uri: "/v1/searches", method: .post, headers: HTTP.headers(bearer: fixture.cityToken), body: body
        ) { ($0.status, (try? HTTP.object($0)) ?? [:]) }
    }

    @Test("confusables and edits find a misread plate and its candidate readings, ranked and explained, and logged")
    func tolerant() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let reads = [
                HTTP.read("5GZB018", extra: ["vehicle": ["color": "Blue"], "direction": "N"]),
                HTTP.read("SG2BO18", extra: ["vehicle": ["color": "Red"]]),
                HTTP.read("5GZ018", extra: ["candidates": [["plate": "5GZB0I8", "confidence": 0.4]]]),
                HTTP.read("7XYZ999"),
            ]
            let posted = try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey),
                body: HTTP.json(["reads": reads])
            ) { $0.status }
            #expect(posted == .created)
            // As typed, only the exact plate.
            let (_, exact) = try await Self.search(client, fixture, ["plate": "5GZB018"])
            #expect((exact["reads"] as? [[String: Any]])?.count == 1)
            // Confusables: the misread one, and the read whose candidate reading is a confusable of it
            // (ranked by fewer confusables first).
            let (_, confusable) = try await Self.search(client, fixture, ["plate": "5GZB018", "tolerance": 0])
            let found = try #require(confusable["reads"] as? [[String: Any]])
            #expect(found.map { $0["plate"] as? String } == ["5GZB018", "5GZ018", "SG2BO18"])
            let second = try #require(found.last?["match"] as? [String: Any])
            #expect(second["confusables"] as? Int == 3)
            #expect((second["differences"] as? [String])?.first == "position 1: 5 read as S (confusable)")
            // One edit: the read with a dropped character matches by its plate too, but its candidate
            // reading is closer, so that is the match reported.
            let (_, oneEdit) = try await Self.search(client, fixture, ["plate": "5GZB018", "tolerance": 1])
            let all = try #require(oneEdit["reads"] as? [[String: Any]])
            #expect(all.map { $0["plate"] as? String } == ["5GZB018", "5GZ018", "SG2BO18"])
            let match = try #require(all[1]["match"] as? [String: Any])
            #expect(match["reading"] as? String == "candidate")
            #expect(match["text"] as? String == "5GZB0I8")
            #expect(match["edits"] as? Int == 0)
            // Two edits reach a plate missing two characters.
            let (_, twoEdits) = try await Self.search(client, fixture, ["plate": "5GZB01899", "tolerance": 2])
            #expect((twoEdits["reads"] as? [[String: Any]])?.first?["plate"] as? String == "5GZB018")
            // Filters narrow it.
            let (_, blue) = try await Self.search(
                client, fixture, ["plate": "5GZB018", "tolerance": 1, "color": "blue", "direction": "N"])
            #expect((blue["reads"] as? [[String: Any]])?.map { $0["plate"] as? String } == ["5GZB018"])
            let (bad, error) = try await Self.search(client, fixture, ["plate": "5GZB018", "tolerance": 3])
            #expect(bad == .badRequest)
            #expect((error["error"] as? [String: Any])?["field"] as? String == "query.tolerance")
            let (wild, _) = try await Self.search(client, fixture, ["plate": "5GZ*", "tolerance": 1])
            #expect(wild == .badRequest)
        }
        let logged = try fixture.searchRecords().map(\.body.query)
        #expect(logged.map(\.tolerance) == [nil, 0, 1, 2, 1])
        #expect(logged.last?.color == "blue")
    }
}
