import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Testing

@Suite("Ingest and case-bound search over HTTP")
struct IngestAndSearchTests {
    @Test("health answers 200")
    func health() async throws {
        try await ServerFixture().test { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("a read posted with a device key is found by its owner and by no one else, and both searches are logged")
    func ownerOnly() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey),
                body: HTTP.json(["reads": [HTTP.read("7abc 123"), HTTP.read("8XYZ999")]])
            ) { response in
                #expect(response.status == .created)
                let body = try HTTP.object(response)
                #expect(body["accepted"] as? Int == 2)
                #expect((body["ids"] as? [String])?.count == 2)
            }
            let ownerIndex = try await client.execute(
                uri: "/v1/searches", method: .post, headers: HTTP.headers(bearer: fixture.cityToken),
                body: HTTP.json(HTTP.search("7ABC123", onBehalfOf: ServerFixture.city))
            ) { response -> Int? in
                #expect(response.status == .ok)
                let body = try HTTP.object(response)
                let reads = try #require(body["reads"] as? [[String: Any]])
                #expect(reads.count == 1)
                #expect(reads.first?["plate"] as? String == "7ABC123")
                #expect(reads.first?["plateRaw"] as? String == "7abc 123")
                #expect(reads.first?["owner"] as? String == "city-pd")
                #expect(reads.first?["camera"] as? String == "city-01")
                #expect(body["outcome"] as? String == "partial")
                return body["logIndex"] as? Int
            }
            let otherIndex = try await client.execute(
                uri: "/v1/searches", method: .post, headers: HTTP.headers(bearer: fixture.countyToken),
                body: HTTP.json(HTTP.search("7ABC123", onBehalfOf: ServerFixture.county))
            ) { response -> Int? in
                #expect(response.status == .ok)
                let body = try HTTP.object(response)
                #expect((body["reads"] as? [Any])?.isEmpty == true)
                // Denied owners contribute nothing, not even a zero count.
                let counts = try #require(body["counts"] as? [[String: Any]])
                #expect(counts.map { $0["owner"] as? String } == ["county-so"])
                let decisions = try #require(body["decisions"] as? [[String: Any]])
                let cityDecision = try #require(decisions.first { $0["owner"] as? String == "city-pd" })
                #expect(cityDecision["outcome"] as? String == "deny")
                #expect(cityDecision["rule"] as? String == "grant.none")
                return body["logIndex"] as? Int
            }
            // Each answer names the log record written for it.
            let records = try fixture.searchRecords()
            #expect(records.map { Int($0.index) } == [ownerIndex, otherIndex].compactMap { $0 })
        }
        let log = try fixture.searchRecords()
        #expect(log.count == 2)
        #expect(log[1].index == log[0].index + 1)
        #expect(log.map(\.body.request.user) == ["ada", "bo"])
        #expect(log[0].body.counts == [.init(owner: ServerFixture.city, reads: 1)])
        #expect(log[0].body.query.plate == "7ABC123")
        #expect(log[1].body.decisions.first { $0.owner == ServerFixture.city }?.outcome == .deny)
    }

    @Test("a malformed batch is refused whole, naming the record and field, and nothing of it is stored")
    func malformedBatch() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let batch = ["reads": [HTTP.read("1GOOD11"), HTTP.read("2BAD222", extra: ["confidence": 1.7])]]
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey), body: HTTP.json(batch)
            ) { response in
                #expect(response.status == .badRequest)
                let error = try HTTP.error(response)
                #expect(error["code"] as? String == "invalid_field")
                #expect(error["record"] as? Int == 1)
                #expect(error["field"] as? String == "reads[1].confidence")
            }
            let wrongType = ["reads": [HTTP.read("1GOOD11"), HTTP.read("3TYPE33", extra: ["confidence": "high"])]]
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey),
                body: HTTP.json(wrongType)
            ) { response in
                #expect(response.status == .badRequest)
                let error = try HTTP.error(response)
                #expect(error["record"] as? Int == 1)
                #expect(error["field"] as? String == "reads[1].confidence")
            }
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey),
                body: ByteBuffer(string: "{\"reads\": [")
            ) { response in
                #expect(response.status == .badRequest)
                let failure = try HTTP.error(response)
                #expect(failure["code"] as? String == "invalid_request")
            }
        }
        let stored = try await fixture.sightline.store.search(
            ReadQuery(plate: try PlatePattern("*GOOD*")), within: [ServerFixture.city])
        #expect(stored.reads.isEmpty)
    }

    @Test(
        "field errors name what is wrong",
        arguments: [
            (#"{"plate": "AB#12"}"#, "reads[0].plate"),
            (#"{"plate": null}"#, "reads[0].plate"),
            (#"{"time": "yesterday"}"#, "reads[0].time"),
            (#"{"time": "2026-02-30T10:00:00Z"}"#, "reads[0].time"),
            (#"{"latitude": 91.0, "longitude": 0.0}"#, "reads[0].latitude"),
            (#"{"latitude": 38.0}"#, "reads[0].longitude"),
            (#"{"direction": "UP"}"#, "reads[0].direction"),
            (#"{"region": "California"}"#, "reads[0].region"),
            (#"{"candidates": [{"plate": "7ABC12", "confidence": 2}]}"#, "reads[0].candidates[0].confidence"),
            (#"{"images": {"plate": "not base64!"}}"#, "reads[0].images.plate"),
        ])
    func fieldErrors(change: String, field: String) async throws {
        let fixture = try ServerFixture()
        var read = HTTP.read("7ABC123")
        let changes = try #require(try JSONSerialization.jsonObject(with: Data(change.utf8)) as? [String: Any])
        for (key, value) in changes {
            if value is NSNull { read.removeValue(forKey: key) } else { read[key] = value }
        }
        let payload = HTTP.json(["reads": [read]])
        try await fixture.test { client in
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey), body: payload
            ) { response in
                #expect(response.status == .badRequest)
                let failure = try HTTP.error(response)
                #expect(failure["field"] as? String == field)
            }
        }
    }

    @Test("times far in the future or past are refused")
    func implausibleTimes() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let minutesAgo: [Int64] = [-60, 600 * 24 * 60]
            for minutes in minutesAgo {
                try await client.execute(
                    uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey),
                    body: HTTP.json(["reads": [HTTP.read("7ABC123", minutesAgo: minutes)]])
                ) { response in
                    #expect(response.status == .badRequest)
                    let failure = try HTTP.error(response)
                    #expect(failure["field"] as? String == "reads[0].time")
                }
            }
        }
    }

    @Test("device keys: missing or unknown is 401; a device cannot post for another camera")
    func deviceKeys() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let batch = HTTP.json(["reads": [HTTP.read("7ABC123")]])
            try await client.execute(uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: nil), body: batch) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: "slk_forged"), body: batch
            ) {
                #expect($0.status == .unauthorized)
            }
            // A user token is not a device key.
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityToken), body: batch
            ) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey),
                body: HTTP.json(["reads": [HTTP.read("7ABC123", extra: ["camera": "county-01"])]])
            ) { response in
                #expect(response.status == .forbidden)
                let failure = try HTTP.error(response)
                #expect(failure["field"] as? String == "reads[0].camera")
            }
        }
    }

    @Test("oversized batches and bodies are refused with the limit")
    func limits() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let many = (0...IngestService.maximumBatch).map { _ in HTTP.read("7ABC123") }
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey),
                body: HTTP.json(["reads": many])
            ) { response in
                #expect(response.status == .contentTooLarge)
                let failure = try HTTP.error(response)
                #expect(failure["code"] as? String == "too_large")
            }
            let huge = ByteBuffer(repeating: UInt8(ascii: " "), count: SightlineRequestContext.bodyLimit + 1)
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey), body: huge
            ) {
                #expect($0.status == .contentTooLarge)
            }
        }
    }

    @Test(
        "a search needs a listed purpose, a case, a real justification and onBehalfOf",
        arguments: [
            ("purpose", nil as String?), ("purpose", "because"), ("case", ""), ("justification", "inv"),
            ("onBehalfOf", nil),
            ("onBehalfOf", "no-such-agency"),
        ])
    func searchRequiresCase(field: String, value: String?) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            var body = HTTP.search("7ABC123", onBehalfOf: ServerFixture.city)
            if let value { body[field] = value } else { body.removeValue(forKey: field) }
            try await client.execute(
                uri: "/v1/searches", method: .post, headers: HTTP.headers(bearer: fixture.cityToken),
                body: HTTP.json(body)
            ) { response in
                #expect(response.status == .badRequest)
                let failure = try HTTP.error(response)
                #expect(failure["field"] as? String == field)
            }
            // A refused request is not a search: nothing ran, so nothing is logged as one.
            #expect(try fixture.searchRecords().isEmpty)
        }
    }

    @Test("searching on behalf of another agency is denied for every owner and logged")
    func onBehalfOfIsDenied() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey),
                body: HTTP.json(["reads": [HTTP.read("7ABC123")]])
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/v1/searches", method: .post, headers: HTTP.headers(bearer: fixture.cityToken),
                body: HTTP.json(HTTP.search("7ABC123", onBehalfOf: ServerFixture.county))
            ) { response in
                let body = try HTTP.object(response)
                #expect(body["outcome"] as? String == "denied")
                #expect((body["reads"] as? [Any])?.isEmpty == true)
            }
        }
        let record = try #require(try fixture.searchRecords().last?.body)
        #expect(record.outcome == .denied)
        #expect(record.request.onBehalfOf == ServerFixture.county)
        #expect(record.decisions.allSatisfy { !$0.allows })
        #expect(record.decisions.first { $0.owner == ServerFixture.city }?.rule == "grant.none")
    }

    @Test("wildcard patterns need three known characters; * alone is refused")
    func noDragnet() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(
                uri: "/v1/searches", method: .post, headers: HTTP.headers(bearer: fixture.cityToken),
                body: HTTP.json(HTTP.search("*", onBehalfOf: ServerFixture.city))
            ) { response in
                #expect(response.status == .badRequest)
                let failure = try HTTP.error(response)
                #expect(failure["field"] as? String == "query.plate")
            }
        }
    }

    @Test("the timeline lists one plate's reads oldest first, with the same rule and log")
    func timeline() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey),
                body: HTTP.json(["reads": [HTTP.read("6TRK001", minutesAgo: 3), HTTP.read("6TRK001", minutesAgo: 30)]])
            ) { #expect($0.status == .created) }
            let query =
                "purpose=stolen-vehicle&case=RPD-1&justification=Following%20the%20stolen%20truck&onBehalfOf=city-pd"
            try await client.execute(
                uri: "/v1/plates/6TRK001/timeline?\(query)", method: .get,
                headers: HTTP.headers(bearer: fixture.cityToken)
            ) { response in
                #expect(response.status == .ok)
                let reads = try #require(try HTTP.object(response)["reads"] as? [[String: Any]])
                let times = reads.compactMap { $0["time"] as? String }.compactMap { Timestamp(rfc3339: $0) }
                #expect(times.count == 2)
                #expect(times == times.sorted())
            }
            try await client.execute(
                uri: "/v1/plates/6TRK001/timeline?case=RPD-1", method: .get,
                headers: HTTP.headers(bearer: fixture.cityToken)
            ) { #expect($0.status == .badRequest) }
        }
        let kinds = try fixture.searchRecords().map(\.body.request.kind)
        #expect(kinds == [.timeline])
    }

    @Test("the log endpoint shows only the caller's agency's records")
    func logIsScoped() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for (token, agency) in [
                (fixture.cityToken, ServerFixture.city), (fixture.countyToken, ServerFixture.county),
            ] {
                try await client.execute(
                    uri: "/v1/searches", method: .post, headers: HTTP.headers(bearer: token),
                    body: HTTP.json(HTTP.search("7ABC123", onBehalfOf: agency))
                ) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/v1/log", method: .get, headers: HTTP.headers(bearer: fixture.countyToken)) {
                response in
                let page = try JSONDecoder().decode(LogPageBody.self, from: Data(response.body.readableBytesView))
                let searches = page.entries.compactMap(\.body.search)
                #expect(searches.map(\.request.user) == ["bo"])
                #expect(
                    page.entries.allSatisfy {
                        $0.body.actorAgency == ServerFixture.county || $0.body.subjectAgency == ServerFixture.county
                    })
                #expect(page.entries.contains { $0.body.change?.action == "camera.add" })
            }
        }
    }
}

struct LogPageBody: Decodable {
    var entries: [LogEntry<LogRecord>]
}
