import SightlineCore
import Testing

@Suite("Plate distance")
struct PlateDistanceTests {
    @Test(
        "confusables are free, other edits count, and the limit cuts off",
        arguments: [
            ("7ABC123", "7ABC123", 0, 0), ("7ABC123", "7A8C123", 0, 0), ("5GZB018", "SG2BO18", 0, 0),
            ("7ABC123", "7ABC12", 1, 1), ("7ABC123", "7ABXC123", 1, 1), ("7ABC123", "7AXC123", 1, 1),
            ("7ABC123", "7XYC123", 2, 2), ("", "AB", 2, 2),
        ])
    func within(_ a: String, _ b: String, limit: Int, expected: Int) {
        #expect(PlateDistance.distance(a, b, limit: limit) == expected)
        #expect(PlateDistance.distance(b, a, limit: limit) == expected)
    }

    @Test("past the limit is nil")
    func beyond() {
        #expect(PlateDistance.distance("7ABC123", "7XYZ123", limit: 2) == nil)
        #expect(PlateDistance.distance("7ABC123", "7ABC1", limit: 1) == nil)
    }

    @Test("a match names each difference in the query's positions")
    func explained() throws {
        let match = try #require(PlateDistance.match(query: "5GZB018", reading: "SGZB01", as: .plate, edits: 1))
        #expect(match.edits == 1)
        #expect(match.confusables == 1)
        #expect(
            match.differences == ["position 1: 5 read as S (confusable)", "position 7: 8 missing from the reading"])
    }

    @Test("one-edit variants are exactly the folded texts within one edit")
    func oneEditVariants() {
        let alphabet = Array(Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8.map(Plate.foldByte))).sorted()
        let query = Plate.fold("B8")
        let variants = Set(PlateDistance.oneEditVariants(ofFolded: query))
        // Every folded text of length 0 to 3 is in the set exactly when it is within one edit.
        var texts: [[UInt8]] = [[]]
        var all: [[UInt8]] = [[]]
        for _ in 1...3 {
            texts = texts.flatMap { prefix in alphabet.map { prefix + [$0] } }
            all += texts
        }
        for bytes in all {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(variants.contains(text) == (PlateDistance.distance(query, text, limit: 1) != nil), "\(text)")
        }
    }
}
