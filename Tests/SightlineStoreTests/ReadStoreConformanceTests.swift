import Foundation
import SightlineCore
import SightlineStore
import Testing

/// The contract of `ReadStore`, run unchanged against every implementation.
@Suite("ReadStore conformance")
struct ReadStoreConformanceTests {
    let everyOwner: Set<AgencyID> = ["alpha", "beta", "gamma"]

    @Test("appended reads come back whole, with ids in batch order", arguments: StoreKind.available)
    func roundTrip(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        try await kind.withStore(in: dir.url) { store in
            var read = Fixtures.read("7ABC123")
            read.plate = try Plate("7abc-123")
            read.candidates = [CandidateReading(plate: "7A8C123", confidence: 0.4)]
            read.vehicle = VehicleDescription(make: "TOYOTA", model: "PRIUS", color: "WHITE", type: "SEDAN")
            read.images = [
                ReadImage(kind: .plate, bytes: [0xFF, 0xD8, 1, 2, 3]), ReadImage(kind: .overview, bytes: [9]),
            ]
            read.direction = .sw
            let other = Fixtures.read("7ABC124", at: Fixtures.day1.adding(milliseconds: 7_200_000))
            let ids = try await store.append([read, other])
            #expect(ids.count == 2)
            #expect(ids[0] < ids[1])
            let page = try await store.search(ReadQuery(plate: .exact("7ABC123")), within: everyOwner)
            #expect(page.reads.map(\.id) == [ids[0]])
            #expect(page.reads.first?.read == read)
            #expect(page.truncated == false)
        }
    }

    @Test("a store returns nothing of an owner the policy did not allow", arguments: StoreKind.available)
    func ownersAreEnforced(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        try await kind.withStore(in: dir.url) { store in
            _ = try await store.append([
                Fixtures.read("5XYZ001", camera: "a-1", owner: "alpha"),
                Fixtures.read("5XYZ001", camera: "b-1", owner: "beta"),
            ])
            let onlyBeta = try await store.search(ReadQuery(plate: .exact("5XYZ001")), within: ["beta"])
            #expect(onlyBeta.reads.map(\.read.owner) == ["beta"])
            let nobody = try await store.search(ReadQuery(plate: .exact("5XYZ001")), within: [])
            #expect(nobody.reads.isEmpty)
            // Asking for an owner in the query does not widen what the policy allowed.
            let widened = try await store.search(
                ReadQuery(plate: .exact("5XYZ001"), owners: ["alpha"]), within: ["beta"])
            #expect(widened.reads.isEmpty)
        }
    }

    @Test("wildcards: ? is one character, * any run", arguments: StoreKind.available)
    func wildcards(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        try await kind.withStore(in: dir.url) { store in
            _ = try await store.append(["7ABC123", "7ABD123", "7ABC1234", "8ABC123", "ABC"].map { Fixtures.read($0) })
            func plates(_ pattern: String) async throws -> Set<String> {
                Set(
                    try await store.search(ReadQuery(plate: try PlatePattern(pattern)), within: everyOwner).reads.map(
                        \.read.plate.normalized))
            }
            #expect(try await plates("7AB?123") == ["7ABC123", "7ABD123"])
            #expect(try await plates("*ABC123") == ["7ABC123", "8ABC123"])
            #expect(try await plates("7ABC*") == ["7ABC123", "7ABC1234"])
            #expect(try await plates("*B*12*") == ["7ABC123", "7ABD123", "7ABC1234", "8ABC123"])
            #expect(try await plates("A*B*C") == ["ABC"])
        }
    }

    @Test("filters: time window, cameras, owners, box, region", arguments: StoreKind.available)
    func filters(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        try await kind.withStore(in: dir.url) { store in
            let base = Fixtures.day1
            let reads = [
                Fixtures.read(
                    "6QRS100", camera: "a-1", owner: "alpha", at: base.adding(milliseconds: 1_000), latitude: 38.1),
                Fixtures.read(
                    "6QRS100", camera: "a-2", owner: "alpha", at: base.adding(milliseconds: 2_000), latitude: 38.9),
                Fixtures.read(
                    "6QRS100", camera: "b-1", owner: "beta", at: base.adding(milliseconds: 3_000), region: "US-NV"),
                Fixtures.read("6QRS100", camera: "a-1", owner: "alpha", at: Fixtures.day2.adding(milliseconds: 5_000)),
            ]
            let ids = try await store.append(reads)
            func found(_ query: ReadQuery) async throws -> [ReadID] {
                try await store.search(query, within: everyOwner).reads.map(\.id)
            }
            let plate = PlatePattern.exact("6QRS100")
            #expect(
                try await found(
                    ReadQuery(plate: plate, window: TimeWindow(from: base, to: base.adding(milliseconds: 2_000)))) == [
                        ids[1], ids[0],
                    ])
            #expect(try await found(ReadQuery(plate: plate, cameras: ["a-1"])) == [ids[3], ids[0]])
            #expect(try await found(ReadQuery(plate: plate, owners: ["beta"])) == [ids[2]])
            #expect(
                try await found(ReadQuery(plate: plate, box: GeoBox(south: 38.8, west: -122, north: 39, east: -121)))
                    == [
                        ids[1]
                    ])
            #expect(try await found(ReadQuery(plate: plate, region: "US-NV")) == [ids[2]])
            #expect(try await found(ReadQuery(plate: plate, order: .oldestFirst)) == ids)
            let limited = try await store.search(ReadQuery(plate: plate, limit: 2), within: everyOwner)
            #expect(limited.reads.map(\.id) == [ids[3], ids[2]])
            #expect(limited.truncated)
        }
    }

    @Test("a batch that fails in its second partition leaves nothing in the first", arguments: StoreKind.available)
    func batchesAreAtomicAcrossPartitions(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        try await kind.withStore(in: dir.url) { store in
            let good = Fixtures.read("1GOOD11", at: Fixtures.day1.adding(milliseconds: 10))
            _ = try await store.append([Fixtures.read("0SEED00", at: Fixtures.day2.adding(milliseconds: 1))])
            var bad = Fixtures.read("2BAD222", at: Fixtures.day2.adding(milliseconds: 10))
            // Two images of one kind violate the store's key: a real failure inside the second commit.
            bad.images = [ReadImage(kind: .plate, bytes: [1]), ReadImage(kind: .plate, bytes: [2])]
            await #expect(throws: (any Error).self) { try await store.append([good, bad]) }
            let leftovers = try await store.search(ReadQuery(plate: try PlatePattern("*1GOOD*")), within: everyOwner)
            #expect(leftovers.reads.isEmpty)
            // The store stays usable and its row ids stay consistent.
            let after = try await store.append([good])
            let found = try await store.search(ReadQuery(plate: .exact("1GOOD11")), within: everyOwner)
            #expect(found.reads.map(\.id) == after)
        }
    }

    @Test("daily counts count one owner's reads per day, and nothing of others", arguments: StoreKind.available)
    func dailyCounts(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        try await kind.withStore(in: dir.url) { store in
            _ = try await store.append([
                Fixtures.read("1AAA111", owner: "alpha", at: Fixtures.day1.adding(milliseconds: 5)),
                Fixtures.read("1AAA112", owner: "alpha", at: Fixtures.day1.adding(milliseconds: 6)),
                Fixtures.read("1AAA113", camera: "b-1", owner: "beta", at: Fixtures.day1.adding(milliseconds: 7)),
                Fixtures.read("1AAA114", owner: "alpha", at: Fixtures.day2.adding(milliseconds: 5)),
            ])
            let window = TimeWindow(from: Fixtures.day1, to: Fixtures.day2.adding(milliseconds: 1000))
            #expect(
                try await store.dailyCounts(of: "alpha", in: window) == [
                    DayCount(day: 20_261_127, count: 2), DayCount(day: 20_261_128, count: 1),
                ])
            #expect(
                try await store.dailyCounts(of: "beta", in: window) == [
                    DayCount(day: 20_261_127, count: 1), DayCount(day: 20_261_128, count: 0),
                ])
            #expect(try await store.dailyCounts(of: "gamma", in: window).allSatisfy { $0.count == 0 })
        }
    }

    @Test("reads survive closing and reopening the store", arguments: StoreKind.available)
    func durableAcrossReopen(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let ids = try await kind.withStore(in: dir.url) { try await $0.append([Fixtures.read("9KEEP99")]) }
        try await kind.withStore(in: dir.url) { reopened in
            let page = try await reopened.search(ReadQuery(plate: .exact("9KEEP99")), within: everyOwner)
            #expect(page.reads.map(\.id) == ids)
            let more = try await reopened.append([Fixtures.read("9KEEP99")])
            #expect(more[0] > ids[0])
        }
    }

    @Test("dropping a partition removes its reads and nothing else", arguments: StoreKind.available)
    func dropPartition(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        try await kind.withStore(in: dir.url) { store in
            _ = try await store.append([
                Fixtures.read("3DROP33", at: Fixtures.day1.adding(milliseconds: 5)),
                Fixtures.read("3DROP33", at: Fixtures.day2.adding(milliseconds: 5)),
            ])
            #expect(try await store.partitions().map(\.partition) == [20_261_127, 20_261_128])
            try await store.dropPartition(20_261_127)
            #expect(try await store.partitions().map(\.partition) == [20_261_128])
            let page = try await store.search(ReadQuery(plate: .exact("3DROP33")), within: everyOwner)
            #expect(page.reads.map(\.id.partition) == [20_261_128])
            await #expect(throws: SightlineError.self) { try await store.dropPartition(20_261_127) }
        }
    }

    @Test(
        "retention destroys what expired, keeps hits and held reads, and removes a day that expired whole",
        arguments: StoreKind.available)
    func retention(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        try await kind.withStore(in: dir.url) { store in
            let hour: Int64 = 3_600_000
            var old = Fixtures.read("1OLD111", at: Fixtures.day1.adding(milliseconds: hour))
            old.images = [ReadImage(kind: .plate, bytes: [7, 7, 7])]
            let ids = try await store.append([
                old, Fixtures.read("2HIT222", at: Fixtures.day1.adding(milliseconds: 2 * hour)),
                Fixtures.read("3HLD333", at: Fixtures.day1.adding(milliseconds: 3 * hour)),
                Fixtures.read(
                    "4BET444", camera: "b-1", owner: "beta", at: Fixtures.day1.adding(milliseconds: 4 * hour)),
                Fixtures.read("5NEW555", at: Fixtures.day2.adding(milliseconds: hour)),
            ])
            func plates() async throws -> Set<String> {
                Set(
                    try await store.search(
                        ReadQuery(
                            plate: .anyPlate,
                            window: TimeWindow(from: Fixtures.day1, to: Fixtures.day2.adding(milliseconds: 86_400_000))),
                        within: everyOwner
                    ).reads.map(
                        \.read.plate.normalized))
            }
            let hold = LegalHold(
                id: "h-1", agency: "alpha", caseNumber: "C-9", authority: .courtOrder, reference: "CR-2026-17",
                reads: nil, plate: "3HLD333", window: nil, expiry: Fixtures.day2.adding(milliseconds: 30 * 86_400_000),
                placed: Fixtures.day1, placedBy: "judge-liaison")
            // alpha keeps hits indefinitely and everything else until day 2; beta keeps everything.
            var plan = RetentionPlan(
                owners: ["alpha": .init(hits: nil, others: Fixtures.day2)], hits: [ids[1]], holds: [hold])
            let first = try await store.destroy(expired: plan) { _, _ in }
            #expect(first.reads == 1)
            #expect(first.partitions.map(\.images) == [1])
            #expect(first.partitions.map(\.removed) == [false])
            #expect(first.partitions.first?.from == old.time)
            #expect(first.held == 1)
            #expect(try await plates() == ["2HIT222", "3HLD333", "4BET444", "5NEW555"])

            // The hold ends: its read goes on the next run.
            plan.holds = []
            let second = try await store.destroy(expired: plan) { _, _ in }
            #expect(second.reads == 1)
            #expect(try await plates() == ["2HIT222", "4BET444", "5NEW555"])

            // Every owner's retention passes the whole first day: it goes as a whole.
            plan.owners = [
                "alpha": .init(hits: Fixtures.day2, others: Fixtures.day2),
                "beta": .init(hits: Fixtures.day2, others: Fixtures.day2),
            ]
            let third = try await store.destroy(expired: plan) { _, _ in }
            #expect(third.partitions.map(\.partition) == [20_261_127])
            #expect(third.partitions.map(\.removed) == [true])
            #expect(third.reads == 2)
            #expect(try await store.partitions().map(\.partition) == [20_261_128])
            #expect(try await plates() == ["5NEW555"])
            // Nothing left to destroy: nothing reported.
            #expect(try await store.destroy(expired: plan) { _, _ in }.partitions.isEmpty)
        }
    }
}
