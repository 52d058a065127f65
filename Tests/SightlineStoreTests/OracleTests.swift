import SightlineCore
import SightlineSimulator
import SightlineStore
import Testing

/// Random queries over simulated city data, checked against a brute-force scan of what was appended.
@Suite("Search against a brute-force oracle")
struct OracleTests {
    @Test("random exact and wildcard searches with random filters match the oracle", arguments: StoreKind.available)
    func randomSearches(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        try await kind.withStore(in: dir.url) { store in
            let (reads, stored) = try await Self.load(store)
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
                        to: from.adding(
                            milliseconds: Int64.random(in: 0...Timestamp.millisecondsPerDay, using: &random)))
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
                #expect(
                    page.reads.map(\.id) == Array(expected.prefix(query.limit)).map(\.id), "round \(round): \(query)")
                #expect(page.truncated == (expected.count > query.limit), "round \(round)")
            }
        }
    }

    /// The simulated city's reads appended in batches, and what each was stored as.
    static func load(_ store: any ReadStore) async throws -> ([PlateRead], [StoredRead]) {
        let reads = Fixtures.cityReads()
        var stored: [StoredRead] = []
        for start in stride(from: 0, to: reads.count, by: 700) {
            let batch = Array(reads[start..<min(start + 700, reads.count)])
            let ids = try await store.append(batch)
            stored += zip(ids, batch).map { StoredRead(id: $0, read: $1) }
        }
        return (reads, stored)
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

    @Test(
        "OCR-tolerant searches (confusables, one and two edits, candidates, wildcards) with filters match the oracle",
        arguments: StoreKind.available)
    func tolerantSearches(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        try await kind.withStore(in: dir.url) { store in
            let (reads, stored) = try await Self.load(store)
            #expect(stored.contains { !$0.read.candidates.isEmpty })
            var random = SeededRandom(seed: 7)
            let owners = Array(Set(reads.map(\.owner))).sorted()
            var nonEmpty = 0
            for round in 0..<120 {
                let sample = stored.randomElement(using: &random)!.read
                let source =
                    random.chance(0.3) && !sample.candidates.isEmpty
                    ? sample.candidates.randomElement(using: &random)!.plate : sample.plate.normalized
                let edits = Int.random(in: 0...2, using: &random)
                var query: ReadQuery
                if random.chance(0.2), source.count >= 5 {
                    query = ReadQuery(
                        plate: try Self.pattern(from: Self.confuse(source, random: &random), random: &random))
                    query.tolerance = 0
                } else {
                    query = ReadQuery(plate: .exact(Self.mutate(source, edits: edits, random: &random)))
                    query.tolerance = edits
                }
                query.limit = random.chance(0.2) ? Int.random(in: 1...5, using: &random) : 1000
                if random.chance(0.2) { query.direction = sample.direction }
                if random.chance(0.2) { query.color = sample.vehicle.color?.lowercased() }
                if random.chance(0.2) { query.make = sample.vehicle.make }
                if random.chance(0.2) { query.radius = GeoCircle(center: sample.location, meters: 800) }
                if random.chance(0.2) {
                    let from = Fixtures.day1.adding(
                        milliseconds: Int64.random(in: 0...(2 * Timestamp.millisecondsPerDay), using: &random))
                    query.window = TimeWindow(from: from, to: from.adding(milliseconds: Timestamp.millisecondsPerDay))
                }
                let allowed = Set(owners.filter { _ in random.chance(0.8) })
                var expected = stored.filter { allowed.contains($0.read.owner) && query.matches($0.read) }.map {
                    StoredRead(id: $0.id, read: $0.read, match: query.plateMatch($0.read))
                }
                expected.sort(by: StoredRead.ranked)
                let page = try await store.search(query, within: allowed)
                #expect(
                    page.reads.map(\.id) == Array(expected.prefix(query.limit)).map(\.id), "round \(round): \(query)")
                #expect(page.reads.map(\.match) == Array(expected.prefix(query.limit)).map(\.match), "round \(round)")
                #expect(page.truncated == (expected.count > query.limit), "round \(round)")
                if !expected.isEmpty { nonEmpty += 1 }
            }
            // The rounds exercised real matches, not just empty answers.
            #expect(nonEmpty > 60)
        }
    }

    static let confusable: [Character: Character] = [
        "0": "O", "O": "0", "D": "0", "Q": "O", "1": "I", "I": "1", "L": "1", "2": "Z", "Z": "2", "5": "S", "S": "5",
        "8": "B", "B": "8", "6": "G", "G": "6",
    ]

    /// The plate with some characters swapped for confusable ones.
    static func confuse(_ plate: String, random: inout SeededRandom) -> String {
        String(plate.map { c in random.chance(0.4) ? (confusable[c] ?? c) : c })
    }

    /// The plate with confusables swapped and up to `edits` random edits.
    static func mutate(_ plate: String, edits: Int, random: inout SeededRandom) -> String {
        var characters = Array(confuse(plate, random: &random))
        let symbols = Array("ABCDEFGHJKMNPRTUVWXY0123456789")
        for _ in 0..<Int.random(in: 0...edits, using: &random) {
            switch Int.random(in: 0..<3, using: &random) {
            case 0 where characters.count > 2: characters.remove(at: Int.random(in: characters.indices, using: &random))
            case 1 where characters.count < Plate.maximumLength:
                characters.insert(
                    symbols.randomElement(using: &random)!, at: Int.random(in: 0...characters.count, using: &random))
            default:
                characters[Int.random(in: characters.indices, using: &random)] = symbols.randomElement(using: &random)!
            }
        }
        return String(characters)
    }
}
