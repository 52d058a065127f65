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
