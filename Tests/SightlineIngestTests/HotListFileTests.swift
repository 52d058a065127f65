import SightlineCore
import SightlineIngest
import Testing

@Suite("Hot-list files")
struct HotListFileTests {
    /// An NCIC fixed-width record composed from the layout: type at 0, date 19–26, plate 27–36,
    /// state 37–38, tag year 39–42, plate type 43–44, year 45–48, make 49–52, model 53–55, style 56–57, colour 58.
    static func ncic(_ type: String, plate: String, state: String = "CA", date: String = "20261120") -> String {
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        return type + pad("CA0190000", 18) + date + pad(plate, 10) + state + "2027" + "PC" + "2019" + "TOYT" + "CAM"
            + "4D" + "BLU"
    }

    @Test("NCIC fixed width: fields from their columns, false alerts skipped, bad lines named")
    func ncic() throws {
        let text = [
            Self.ncic("V", plate: "7ABC123"), Self.ncic("A", plate: "5XYZ 98", state: "NV"),
            Self.ncic("V", plate: "000"), "",
        ]
        .joined(separator: "\n")
        let parsed = try HotListFile.parse(text, format: .ncic)
        #expect(parsed.entries.count == 2)
        let first = try #require(parsed.entries.first)
        #expect(first.plate == "7ABC123")
        #expect(first.region == "US-CA")
        #expect(first.category == .stolenVehicle)
        #expect(first.effective == Timestamp(compactDate: 20_261_120))
        #expect(first.vehicle == VehicleDescription(make: "TOYT", model: "CAM", color: "BLU", type: "4D"))
        #expect(parsed.entries[1].category == .amber)
        #expect(parsed.entries[1].priority == 1)
        #expect(parsed.entries[1].plate == "5XYZ98")
        #expect(parsed.skipped.map(\.line) == [3])
        for (bad, field) in [
            (Self.ncic("Q", plate: "7ABC123"), "type"), (Self.ncic("V", plate: "7ABC123", date: "20261340"), "date"),
            (Self.ncic("V", plate: "      "), "plate"), ("V short", "line"),
        ] {
            do {
                _ = try HotListFile.parse(Self.ncic("V", plate: "1OK1111") + "\n" + bad, format: .ncic)
                Issue.record("expected \(field) to be refused")
            } catch {
                #expect(error.field == field)
                #expect(error.record == 2)
            }
        }
    }

    @Test("the comma-separated NCIC variant and the Texas TCIC CSV")
    func csvVariants() throws {
        let ncic = try HotListFile.parse(
            "V12345,CA0190000,20261120,7ABC123,CA,2027,PC,2019,TOYT,CAM,4D,BLU\nP9,CA0190000,20261121,8DEF456,CA,,,,,,,\n",
            format: .ncicCSV)
        #expect(ncic.entries.map(\.category) == [.stolenVehicle, .stolenPlate])
        #expect(ncic.entries[0].vehicle.color == "BLU")
        #expect(ncic.entries[0].caseNumber == "ORI CA0190000")
        let tcic = try HotListFile.parse(
            "1V0042,JKL1234,TX,2018,FORD,F150,PK,RED\n2F0043,MNO5678,TX,,,,,\n", format: .tcic)
        #expect(tcic.entries.map(\.plate) == ["JKL1234", "MNO5678"])
        #expect(tcic.entries.map(\.category) == [.stolenVehicle, .felonyVehicle])
        #expect(tcic.entries[0].region == "US-TX")
        #expect(tcic.entries[0].vehicle.type == "PK")
    }

    @Test("CLEW tables: header and footer required, and the footer's count must match")
    func clew() throws {
        let records = ["7ABC123 CA1920261120", "8DEF456 CA1920261121"]
        let good = (["DATE11/29/2026 06:00"] + records + ["TOTAL RECORD 0000002"]).joined(separator: "\n")
        let parsed = try HotListFile.parse(good, format: .clew, category: .stolenPlate)
        #expect(parsed.entries.map(\.plate) == ["7ABC123", "8DEF456"])
        #expect(parsed.entries.allSatisfy { $0.category == .stolenPlate && $0.region == "US-CA" })
        #expect(parsed.entries[0].note == "county 19")
        #expect(HotListFile.clewCategory(forFileName: "/data/sfr.tbl") == .felonyVehicle)
        let wrongCount = (["DATE11/29/2026 06:00"] + records + ["TOTAL RECORD 0000003"]).joined(separator: "\n")
        #expect(throws: SightlineError.self) { try HotListFile.parse(wrongCount, format: .clew) }
        let cutShort = (["DATE11/29/2026 06:00"] + records).joined(separator: "\n")
        #expect(throws: SightlineError.self) { try HotListFile.parse(cutShort, format: .clew) }
    }

    @Test("generic CSV: categories by code or name, expiry, priority; bad values named by line")
    func generic() throws {
        let text =
            "plate,state,category,reason,case,expiry,priority\n7ABC123,CA,V,stolen from lot,RPD-1,2026-12-31T00:00:00Z,2\n"
            + "8DEF456,,agency,person of interest,RPD-2,20270115,\n"
        let parsed = try HotListFile.parse(text, format: .csv)
        #expect(parsed.entries.map(\.category) == [.stolenVehicle, .agency])
        #expect(parsed.entries[0].priority == 2)
        #expect(parsed.entries[0].caseNumber == "RPD-1")
        #expect(parsed.entries[1].expiry == Timestamp(compactDate: 20_270_115))
        do {
            _ = try HotListFile.parse("plate,priority\n7ABC123,1\n8DEF456,9\n", format: .csv)
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "priority")
            #expect(error.record == 3)
        }
    }
}

@Suite("Hot-list matcher")
struct HotListMatcherTests {
    static let now = Timestamp(rfc3339: "2026-11-29T12:00:00Z")!

    static func read(_ plate: String, region: String? = "US-CA", candidates: [String] = []) -> PlateRead {
        PlateRead(
            camera: "c", owner: "o", time: now, plate: Plate(normalized: plate), region: region, confidence: 0.9,
            candidates: candidates.map { CandidateReading(plate: $0, confidence: 0.5) },
            location: Coordinate(latitude: 1, longitude: 1))
    }

    @Test("exact, confusable and candidate matches; regions and dates respected")
    func matching() {
        let matcher = HotListMatcher([
            HotListEntry(plate: "7ABC123", region: "US-CA", category: .stolenVehicle),
            HotListEntry(plate: "5GZB018", category: .amber),
            HotListEntry(plate: "9OLD999", category: .stolenPlate, expiry: Self.now.adding(milliseconds: -1)),
            HotListEntry(plate: "4NEW444", category: .stolenPlate, effective: Self.now.adding(milliseconds: 1)),
        ])
        #expect(matcher.matches(Self.read("7ABC123"), at: Self.now).map(\.kind) == [.exact])
        #expect(matcher.matches(Self.read("7A8C123"), at: Self.now).map(\.kind) == [.confusable])
        #expect(matcher.matches(Self.read("SGZBO18", region: nil), at: Self.now).map(\.kind) == [.confusable])
        #expect(
            matcher.matches(Self.read("7ABC128", candidates: ["7ABC123"]), at: Self.now).map(\.kind) == [.candidate])
        #expect(matcher.matches(Self.read("7ABC123", region: "US-NV"), at: Self.now).isEmpty)
        #expect(matcher.matches(Self.read("7ABC123", region: nil), at: Self.now).count == 1)
        #expect(matcher.matches(Self.read("9OLD999"), at: Self.now).isEmpty)
        #expect(matcher.matches(Self.read("4NEW444"), at: Self.now).isEmpty)
        #expect(matcher.matches(Self.read("1NONE11"), at: Self.now).isEmpty)
    }
}
