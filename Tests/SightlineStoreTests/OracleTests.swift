import SightlineCore
import SightlineSimulator
import SightlineStore
import Testing

/// Random queries over simulated city data, checked against a brute-force scan of what was appended.
@Suite("Search against a brute-force oracle")
struct OracleTests {
    @Test("random exact and wildcard searches with random filters match the oracle", arguments: StoreKind.allCases)
    func randomSearches(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try kind.make(in: dir.url)
        let reads = Fixtures.cityReads()
        var stored: [StoredRead] = []
        for start in stride(from: 0, to: reads.count, by: 700) {
            let batch = Array(reads[start..<min(start + 700, reads.count)])
            let ids = try await store.append(batch)
            stored += zip(ids, batch).map { StoredRead(id: $0, read: $1) }
        }
        #expect(Set(stored.map(\.id.partition)).count == 3)
        var random = SeededRandom(seed: 99)
        let owners = Array(Set(reads.map(\.owner))).sorted()
        let cameras = Array(Set(reads.map(\.camera))).sorted()
        for round in 0..<150 {
            let sample = stored.randomElement(using: &random)!.read
            let plate = try Self.pattern(from: sample.plate.normalized, random: &random)
            var query = ReadQuery(plate: plate, order: random.chance(0.5) ? .newestFirst : .oldestFirst)
            query.limit = random.chance(0.2) ? Int.random(in: 1...5, using: &random) : 1000
            if random.chance(0.4) {
                let from = Fixtures.day1.adding(
                    milliseconds: Int64.random(in: 0...(2 * Timestamp.millisecondsPerDay), using: &random))
                query.window = TimeWindow(
                    from: from,
                    to: from.adding(milliseconds: Int64.random(in: 0...Timestamp.millisecondsPerDay, using: &random)))
            }
            if random.chance(0.2) { query.cameras = Set(cameras.shuffled(using: &random).prefix(10)) }
            if random.chance(0.2) { query.owners = [owners.randomElement(using: &random)!] }
            if random.chance(0.2) { query.region = "US-CA" }
            if random.chance(0.2) {
                let c = sample.location
                query.box = GeoBox(
                    south: c.latitude - 0.01, west: c.longitude - 0.01, north: c.latitude + 0.01,
                    east: c.longitude + 0.01)
            }
            let allowed = Set(owners.filter { _ in random.chance(0.7) })

            var expected = stored.filter { allowed.contains($0.read.owner) && query.matches($0.read) }
            expected.sort { ($0.read.time, $0.id) < ($1.read.time, $1.id) }
            if query.order == .newestFirst { expected.reverse() }
            let page = try await store.search(query, within: allowed)
            #expect(page.reads.map(\.id) == Array(expected.prefix(query.limit)).map(\.id), "round \(round): \(query)")
            #expect(page.truncated == (expected.count > query.limit), "round \(round)")
        }
    }

    /// The plate itself, or a wildcard pattern it matches (and others may).
    static func pattern(from plate: String, random: inout SeededRandom) throws -> PlatePattern {
        guard random.chance(0.6), plate.count >= 5 else { return .exact(plate) }
        var characters = Array(plate)
        let index = Int.random(in: characters.indices, using: &random)
        characters[index] = "?"
        if random.chance(0.5) {
            let cut = Int.random(in: 0..<characters.count - 3, using: &random)
            characters.replaceSubrange(cut..<(cut + 2), with: ["*"])
        }
        return try PlatePattern(String(characters))
    }
}
