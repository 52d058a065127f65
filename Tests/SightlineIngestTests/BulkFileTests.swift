import SightlineCore
import SightlineIngest
import Testing

@Suite("Bulk files")
struct BulkFileTests {
    @Test("CSV with quotes, embedded commas and line breaks, and optional columns")
    func csv() throws {
        let text = """
            time,camera,plate,confidence,region,direction,color,candidates\r
            2026-11-29T08:00:00Z,cam-1,7ABC123,0.9,US-CA,NE,"dark, ""midnight"" blue",7A8C123:0.4;7ABC128:0.2\r
            2026-11-29T08:01:00Z,cam-2,"8XYZ
            001",0.8,,90,,

            """
        let records = try BulkFile.records(in: text, format: .csv)
        #expect(records.map(\.line) == [2, 3])
        #expect(records[0].submission.vehicle?.color == "dark, \"midnight\" blue")
        #expect(records[0].submission.candidates?.map(\.plate) == ["7A8C123", "7ABC128"])
        #expect(records[0].submission.direction == .compass("NE"))
        #expect(records[1].submission.plate == "8XYZ\n001")
        #expect(records[1].submission.direction == .degrees(90))
        #expect(records[1].submission.region == nil)
    }

    @Test(
        "CSV problems name the line and column",
        arguments: [
            ("time,camera,plate\n", "confidence"),
            ("time,camera,plate,confidence,speed\n", "speed"),
            ("time,camera,plate,confidence\n2026-11-29T08:00:00Z,c,P,high\n", "confidence"),
            ("time,camera,plate,confidence\n2026-11-29T08:00:00Z,c,P\n", "line"),
            ("time,camera,plate,confidence\n2026-11-29T08:00:00Z,c,\"P,0.9\n", "line"),
        ])
    func csvErrors(text: String, field: String) {
        do {
            _ = try BulkFile.records(in: text, format: .csv)
            Issue.record("expected an error")
        } catch {
            #expect(error.field == field)
        }
    }

    @Test("JSON Lines: blank lines skipped, a bad line named with its number")
    func jsonLines() throws {
        let good =
            "{\"plate\":\"7ABC123\",\"camera\":\"c\",\"time\":\"2026-11-29T08:00:00Z\",\"confidence\":0.9}\n\n{\"plate\":\"1\",\"camera\":\"c\"}\n"
        #expect(try BulkFile.records(in: good, format: .jsonLines).map(\.line) == [1, 3])
        do {
            _ = try BulkFile.records(in: good + "{\"plate\": 5}\n", format: .jsonLines)
            Issue.record("expected an error")
        } catch {
            #expect(error.record == 2)
            #expect(error.field == "plate")
            #expect(error.message.hasPrefix("line 4:"))
        }
    }
}
