import SightlineCore
import Testing

@Suite("Time")
struct TimestampTests {
    @Test(
        "RFC 3339 parses with fractions and offsets",
        arguments: [
            ("1970-01-01T00:00:00Z", 0 as Int64), ("2026-11-29T08:15:00Z", 1_795_940_100_000),
            ("2026-11-29T08:15:00.250Z", 1_795_940_100_250), ("2026-11-29T09:15:00.25+01:00", 1_795_940_100_250),
            ("2026-11-29t08:15:00.123456z", 1_795_940_100_123), ("2024-02-29T00:00:00-00:30", 1_709_166_600_000),
            ("1969-12-31T23:59:59Z", -1_000),
        ])
    func parses(text: String, milliseconds: Int64) {
        #expect(Timestamp(rfc3339: text)?.milliseconds == milliseconds)
    }

    @Test(
        "invalid times are refused",
        arguments: [
            "2026-11-29", "2026-11-29T08:15:00", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-11-29T24:00:00Z", "2026-11-29T08:15:00.Z", "2026-11-29T08:15:00+0100", "yesterday",
            "2026-11-29T08:15:00Zjunk",
        ])
    func refuses(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test("formatting round-trips and days split at UTC midnight")
    func roundTrip() {
        let t = Timestamp(milliseconds: 1_795_940_100_250)
        #expect(t.rfc3339 == "2026-11-29T08:15:00.250Z")
        #expect(Timestamp(rfc3339: t.rfc3339) == t)
        #expect(t.compactDate == 20_261_129)
        #expect(Timestamp(compactDate: 20_261_129)?.compactDate == 20_261_129)
        #expect(Timestamp(compactDate: 20_261_131) == nil)
        #expect(Timestamp(milliseconds: -1).day == -1)
        #expect(Timestamp(milliseconds: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
    }

    @Test("every day of four years round-trips through civil dates")
    func civilDates() {
        for day in Int64(20_000)..<Int64(21_461) {
            let t = Timestamp(milliseconds: day * Timestamp.millisecondsPerDay)
            #expect(Timestamp(compactDate: t.compactDate) == t)
            #expect(Timestamp(rfc3339: t.rfc3339) == t)
        }
    }
}

@Suite("Directions and places")
struct GeographyTests {
    @Test(
        "headings round to the nearest compass point",
        arguments: [
            (0.0, Direction.n), (22.4, .n), (22.6, .ne), (90, .e), (182.5, .s), (359.9, .n), (-45, .nw),
            (720 + 270, .w),
        ])
    func compass(degrees: Double, direction: Direction) {
        #expect(Direction(degrees: degrees) == direction)
    }

    @Test("coordinates outside the globe are invalid")
    func coordinates() {
        #expect(Coordinate(latitude: 38.5, longitude: -121.5).isValid)
        #expect(!Coordinate(latitude: 90.1, longitude: 0).isValid)
        #expect(!Coordinate(latitude: .nan, longitude: 0).isValid)
        let a = Coordinate(latitude: 38.5, longitude: -121.5)
        let b = Coordinate(latitude: 38.509, longitude: -121.5)
        #expect(abs(a.distance(to: b) - 1000.8) < 2)
    }
}
