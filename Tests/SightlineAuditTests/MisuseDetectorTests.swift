import SightlineAudit
import SightlineCore
import Testing

@Suite("Misuse detectors")
struct MisuseDetectorTests {
    static let base = Timestamp(rfc3339: "2026-11-20T12:00:00Z")!

    static func search(
        _ index: Int64, user: UserID = "u1", agency: AgencyID = "city", for beneficiary: AgencyID = "city",
        plate: String = "7ABC123", caseNumber: String = "C-1", justification: String = "Vehicle stolen from Main St",
        minutes: Int64 = 0, clipped: Bool = false
    ) -> (Int64, LogRecord) {
        let request = AccessRequest(
            user: user, agency: agency, onBehalfOf: beneficiary, purpose: .stolenVehicle, caseNumber: caseNumber,
            justification: justification, kind: .search)
        let decision = Decision(
            owner: agency, outcome: .allow, rule: "own-agency.allow", reason: "",
            notBefore: clipped ? base.adding(milliseconds: -1) : nil)
        let record = SearchRecord(
            time: base.adding(milliseconds: minutes * 60_000), request: request,
            query: SearchRecord.Query(ReadQuery(plate: .exact(plate))), decisions: [decision], counts: [])
        return (index, .search(record))
    }

    static let agencies: [AgencyID: Agency] = [
        "city": Agency(
            id: "city", name: "City", kind: .localPolice, jurisdiction: Jurisdiction(country: "US", state: "CA")),
        "fed": Agency(id: "fed", name: "Fed", kind: .federal, jurisdiction: Jurisdiction(country: "US")),
    ]

    func detectors(_ entries: [(Int64, LogRecord)]) -> [String: [Int64]] {
        var detector = MisuseDetectors()
        detector.spreeSize = 5
        return Dictionary(
            detector.findings(in: entries.map { (index: $0.0, record: $0.1) }, agencies: Self.agencies).map {
                ($0.detector, $0.entries)
            },
            uniquingKeysWith: { $0 + $1 })
    }

    @Test("each detector fires on what it looks for, names the entries, and stays quiet otherwise")
    func detectorsFire() {
        let clean = [Self.search(0), Self.search(1, plate: "8XYZ999", minutes: 90)]
        #expect(detectors(clean).isEmpty)
        #expect(detectors([Self.search(7, justification: "inv")])["vague-reason"] == [7])
        #expect(detectors([Self.search(7, justification: "per request")])["vague-reason"] == [7])
        #expect(detectors([Self.search(8, clipped: true)])["window-past-retention"] == [8])
        #expect(detectors([Self.search(9, for: "fed")])["on-behalf-of-federal"] == [9])
        let spree = (0..<6).map { Self.search(Int64($0), plate: "P\($0)XYZ1", minutes: Int64($0 * 5)) }
        #expect(detectors(spree)["spree"] == [0, 1, 2, 3, 4, 5])
        #expect(detectors([Self.search(3, minutes: -11 * 60)])["off-hours"] == [3])
        let repeated = (0..<4).map { Self.search(Int64($0), caseNumber: "C-\($0)", minutes: Int64($0 * 120)) }
        #expect(detectors(repeated)["repeat-target-without-case"] == [0, 1, 2, 3])
        let sameCase = (0..<4).map { Self.search(Int64($0), minutes: Int64($0 * 120)) }
        #expect(detectors(sameCase)["repeat-target-without-case"] == nil)
    }
}
