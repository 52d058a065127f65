import SightlineCore
import Testing

@Suite("Plates")
struct PlateTests {
    @Test(
        "normalisation upper-cases and strips spaces, dashes and dots, keeping the raw text",
        arguments: [
            ("7abc123", "7ABC123"), ("7 ABC-123", "7ABC123"), ("ab.c 1", "ABC1"), ("GOBEARS", "GOBEARS"), ("x", "X"),
        ])
    func normalises(raw: String, normalized: String) throws {
        let plate = try Plate(raw)
        #expect(plate.normalized == normalized)
        #expect(plate.raw == raw)
    }

    @Test(
        "text that is no plate is refused, naming the field",
        arguments: ["", "  -- ", "AB#12", "ÄBC123", "ABCDEFGHJKLMN"])
    func refuses(raw: String) {
        #expect(throws: SightlineError.self) { try Plate(raw, field: "reads[2].plate", record: 2) }
        do {
            _ = try Plate(raw, field: "reads[2].plate", record: 2)
        } catch {
            #expect(error.field == "reads[2].plate")
            #expect(error.record == 2)
        }
    }

    @Test("vanity plates that match no state format are accepted")
    func vanity() throws {
        #expect(try Plate("LUV MY DOG").normalized == "LUVMYDOG")
    }

    @Test("the folded key maps every confusable class to one symbol")
    func folding() {
        #expect(Plate.fold("0ODQ") == "0000")
        #expect(Plate.fold("1IL") == "111")
        #expect(Plate.fold("2Z5S8B6G") == "22558866")
        #expect(Plate.fold("7ABC123") == "7A8C123")
        // Letters outside the classes are untouched.
        #expect(Plate.fold("AXYW") == "AXYW")
        #expect(Plate(normalized: "5GZB018").folded == Plate(normalized: "S6280I8").folded)
    }
}

@Suite("Plate patterns")
struct PlatePatternTests {
    @Test("a pattern with no wildcard is exact")
    func exact() throws {
        #expect(try PlatePattern("7abc-123") == .exact("7ABC123"))
    }

    @Test(
        "wildcards: ? one character, * any run including none",
        arguments: [
            ("7AB?123", "7ABC123", true), ("7AB?123", "7AB123", false), ("*123", "7ABC123", true),
            ("7ABC*", "7ABC", true),
            ("7*C*3", "7ABC123", true), ("7*C*3", "7ABC124", false), ("AB?D*", "ABCD", true), ("AB?D*", "ABD", false),
            ("**ABC", "XABC", true), ("?ABC", "ABC", false),
        ])
    func glob(pattern: String, plate: String, matches: Bool) throws {
        #expect(try PlatePattern(pattern).matches(plate) == matches)
    }

    @Test("patterns too vague to be evidence are refused", arguments: ["*", "A*", "??*", "AB*?", "$ABC"])
    func refusesDragnets(text: String) {
        #expect(throws: SightlineError.self) { try PlatePattern(text) }
    }

    @Test("runs of * collapse")
    func collapse() throws {
        #expect(try PlatePattern("AB**C").text == "AB*C")
    }
}
