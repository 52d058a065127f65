import Foundation
import PostgresNIO
import SightlineCore
import SightlineKeys
import SightlinePostgres
import Testing

/// Behaviour particular to the PostgreSQL store's sealing.
@Suite("PostgreSQL store sealing")
struct PostgresStoreTests {
    @Test(
        "a dump taken before a day is destroyed holds no plate in the clear and cannot be read after",
        .enabled(if: TestPostgres.installed, "PostgreSQL is not installed (pg_config not found)"))
    func dumpIsShredded() async throws {
        let server = try TestPostgres.server.get()
        let dir = try TemporaryDirectory()
        let keys = dir.url.appendingPathComponent("keys")
        let database = "t_" + dir.url.lastPathComponent.lowercased().filter { $0.isLetter || $0.isNumber }
        let url = try server.createDatabase(database)
        var shredded = Fixtures.read("7SHRD77", at: Fixtures.day1.adding(milliseconds: 1_000))
        shredded.images = [ReadImage(kind: .plate, bytes: Array("PLATE-CROP-7SHRD77".utf8))]
        shredded.candidates = [CandidateReading(plate: "7SHRO77", confidence: 0.3)]
        let live = Fixtures.read("6LIVE66", at: Fixtures.day2.adding(milliseconds: 1_000))
        try await Self.withStore(url, keys) { store in _ = try await store.append([shredded, live]) }

        let dump = try server.dump(database: database)
        for needle in ["7SHRD77", "7SHRO77", "6LIVE66", "PLATE-CROP"] {
            let hex = needle.utf8.map { String(format: "%02x", $0) }.joined()
            #expect(!dump.contains(needle) && !dump.contains(hex), "\(needle) is in the dump")
        }

        try await Self.withStore(url, keys) { store in
            let cutoff = Fixtures.day2
            let report = try await store.destroy(
                expired: RetentionPlan(owners: ["alpha": .init(hits: cutoff, others: cutoff)], hits: [], holds: [])
            ) { _, _ in }
            #expect(report.partitions.map(\.removed) == [true])
        }
        #expect(!FileManager.default.fileExists(atPath: keys.appendingPathComponent("20261127.key").path))

        // The backup, restored: its copy of the destroyed day is there and cannot be read.
        let restored = try server.restore(dump, as: database + "_restored")
        try await Self.withStore(restored, keys) { store in
            let days = try await store.partitions().map(\.partition)
            let exact = try await store.search(ReadQuery(plate: .exact("7SHRD77")), within: ["alpha"])
            let pattern = try await store.search(ReadQuery(plate: try PlatePattern("7SH*")), within: ["alpha"])
            let kept = try await store.search(ReadQuery(plate: .exact("6LIVE66")), within: ["alpha"])
            #expect(days == [20_261_127, 20_261_128])
            #expect(exact.reads.isEmpty)
            #expect(pattern.reads.isEmpty)
            #expect(kept.reads.count == 1)
        }
    }

    static func withStore(
        _ url: String, _ keys: URL, _ body: (PostgresReadStore) async throws -> Void
    ) async throws {
        try await PostgresReadStore.withStore(url: url, keys: try PartitionKeys(directory: keys), body)
    }
}
