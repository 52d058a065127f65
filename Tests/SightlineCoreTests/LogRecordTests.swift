import Foundation
import SightlineCore
import Testing

@Suite("Log records")
struct LogRecordTests {
    /// A search record as the first release wrote it: no "type", no disclosure, no co-signature.
    static let firstRelease = """
        {"time":"2026-11-29T08:58:49Z","outcome":"partial","counts":[{"owner":"riverton-pd","reads":1}],
         "decisions":[{"owner":"riverton-pd","outcome":"allow","rule":"own-agency.allow","reason":"riverton-pd reads its own data"}],
         "query":{"plate":"7ABC123"},
         "request":{"user":"rpd-investigator","agency":"riverton-pd","onBehalfOf":"riverton-pd","purpose":"stolen-vehicle",
                    "caseNumber":"RPD-1","justification":"Reported stolen on Main St","kind":"search"}}
        """

    @Test("records written by the first release still read, as searches")
    func legacy() throws {
        let record = try JSONDecoder().decode(LogRecord.self, from: Data(Self.firstRelease.utf8))
        let search = try #require(record.search)
        #expect(search.decisions.first?.disclosure == .reads)
        #expect(search.request.coSignedBy == nil)
        #expect(record.kind == "search")
    }

    @Test("each kind round-trips through a flat JSON object with its type")
    func roundTrip() throws {
        let change = LogRecord.change(
            ChangeRecord(
                time: Timestamp(seconds: 1), actor: "a", actorAgency: "x", action: "grant.issue", agency: "x",
                subject: "grant g", before: nil, after: "{}"))
        let login = LogRecord.login(
            LoginRecord(time: Timestamp(seconds: 2), user: "u", agency: "x", outcome: .badPassword))
        for record in [change, login] {
            let data = try JSONEncoder().encode(record)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["type"] as? String == record.kind)
            #expect(try JSONDecoder().decode(LogRecord.self, from: data) == record)
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(LogRecord.self, from: Data(#"{"type":"mystery"}"#.utf8))
        }
    }
}

@Suite("Log record JSON")
struct LogRecordJSONTests {
    static func records() -> [LogRecord] {
        let t = Timestamp(milliseconds: 1_795_940_100_250)
        let window = TimeWindow(from: Timestamp(seconds: 1_700_000_000), to: t)
        let awkward = "He said \"stop\" \\ then\nleft\tat 5 \u{1} ünïcødé 🚓 </script>"
        var records: [LogRecord] = []
        for variant in 0..<4 {
            let request = AccessRequest(
                user: "u1", agency: "city", onBehalfOf: variant == 1 ? "fed" : "city", purpose: .violentFelony,
                caseNumber: "C-\(variant)", justification: variant == 2 ? awkward : "Vehicle stolen from Main St",
                kind: variant == 3 ? .timeline : .search, window: variant.isMultiple(of: 2) ? window : nil,
                coSignedBy: variant == 3 ? "sup" : nil)
            var query = ReadQuery(plate: variant == 0 ? .exact("7ABC123") : .wildcard("7AB*1?3"))
            if variant == 1 {
                query.box = GeoBox(south: 38.123456, west: -121.5, north: 38.5, east: -121.000001)
                query.cameras = ["cam-2", "cam-1"]
                query.owners = ["city"]
                query.region = "US-CA"
                query.window = window
                query.radius = GeoCircle(center: Coordinate(latitude: 38.5, longitude: -121.25), meters: 750.5)
                query.make = "Toyota"
                query.color = "White \"pearl\""
                query.vehicleType = "SUV"
                query.direction = .ne
                query.tolerance = variant == 0 ? 2 : 0
            }
            let decisions = [
                Decision(
                    owner: "city", outcome: .allow, rule: "own-agency.allow", reason: awkward,
                    disclosure: variant == 1 ? .hitOnly : .reads, notBefore: variant == 2 ? t : nil,
                    grant: variant == 3 ? "g-1" : nil),
                Decision(owner: "county", outcome: .coSign, rule: "gb.co-sign-age", reason: "old"),
            ]
            records.append(
                .search(
                    SearchRecord(
                        time: t, request: request, query: SearchRecord.Query(query), decisions: decisions,
                        counts: [.init(owner: "city", reads: variant * 3, hit: variant == 1 ? true : nil)],
                        coSignature: variant == 2 ? "cs-9" : nil)))
        }
        records.append(
            .change(
                ChangeRecord(
                    time: t, actor: "a", actorAgency: "city", action: "grant.issue", agency: "city", subject: "grant g",
                    before: nil, after: "{\"x\":1}")))
        records.append(
            .change(
                ChangeRecord(
                    time: t, actor: "operator:demo", actorAgency: "local-operator", action: "user.role", agency: "city",
                    subject: "user u", before: awkward, after: "b")))
        records.append(.login(LoginRecord(time: t, user: "ghost", agency: nil, outcome: .unknownUser)))
        records.append(.login(LoginRecord(time: t, user: "u1", agency: "city", outcome: .success)))
        let read = PlateRead(
            camera: "cam-1", owner: "mall", time: t, plate: Plate(normalized: "7ABC123"), region: "US-CA",
            confidence: 0.9, location: Coordinate(latitude: 37.5, longitude: -122.25))
        let alert = Alert(
            id: 42, raised: t, read: AlertRead(id: ReadID(partition: 20_261_129, row: 7), read), listOwner: "city",
            list: "ncic", entry: HotListEntry(plate: "7ABC123", category: .stolenVehicle, caseNumber: "C-1"),
            match: .confusable, matchedText: "7A8C123",
            recipients: [
                AlertRecipient(agency: "city", cameraGrant: "g-1", reason: awkward),
                AlertRecipient(agency: "county", cameraGrant: "g-2", listGrant: "g-3", reason: "shared"),
            ])
        records.append(.alert(AlertRecord(event: .raised, time: t, alert: alert, recipients: alert.recipients)))
        var disposed = AlertRecord(event: .disposition, time: t, alert: alert, recipients: [alert.recipients[1]])
        disposed.disposition = Disposition(
            alert: 42, agency: "county", user: "u2", time: t, kind: .wrongState, action: "none", note: awkward)
        records.append(.alert(disposed))
        var dead = AlertRecord(event: .webhookDeadLetter, time: t, alert: alert, recipients: [alert.recipients[0]])
        dead.webhook = "wh-1"
        dead.detail = "8 attempts; last: HTTP 500"
        records.append(.alert(dead))
        return records
    }

    @Test("the direct writer's JSON decodes to exactly the record written, and to what JSONEncoder would give")
    func roundTrip() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for record in Self.records() {
            let fast = try JSONDecoder().decode(LogRecord.self, from: Data(record.json.utf8))
            #expect(fast == record, "\(record.json)")
            let slow = try JSONDecoder().decode(LogRecord.self, from: try encoder.encode(record))
            #expect(fast == slow)
            #expect(!record.json.contains("\n"))
        }
    }
}
