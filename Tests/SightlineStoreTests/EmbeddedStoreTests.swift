import Foundation
import SightlineCore
import SightlineStore
import Testing

/// Behaviour particular to the embedded store's files.
@Suite("Embedded store files")
struct EmbeddedStoreTests {
    @Test("a cross-partition batch interrupted by a crash is undone when the store reopens")
    func recoveryUndoesUnfinishedBatch() async throws {
        let dir = try TemporaryDirectory()
        let reads = dir.url.appendingPathComponent("reads")
        let store = try EmbeddedReadStore(directory: reads)
        let kept = try await store.append([Fixtures.read("1KEPT11", at: Fixtures.day1.adding(milliseconds: 1))])
        // What a crash between the two commits of a two-day batch leaves behind: the marker, and
        // the first day's rows committed.
        let marker = "{\"\(kept[0].partition)\":\(kept[0].row + 1),\"20261128\":1}"
        try Data(marker.utf8).write(to: reads.appendingPathComponent("pending-batch.json"))
        _ = try await store.append([Fixtures.read("2HALF22", at: Fixtures.day1.adding(milliseconds: 2))])

        let reopened = try EmbeddedReadStore(directory: reads)
        let all = Set<AgencyID>(["alpha"])
        #expect(try await reopened.search(ReadQuery(plate: .exact("2HALF22")), within: all).reads.isEmpty)
        #expect(try await reopened.search(ReadQuery(plate: .exact("1KEPT11")), within: all).reads.map(\.id) == kept)
        #expect(!FileManager.default.fileExists(atPath: reads.appendingPathComponent("pending-batch.json").path))
    }

    @Test("a dropped partition leaves no file behind")
    func dropRemovesFiles() async throws {
        let dir = try TemporaryDirectory()
        let reads = dir.url.appendingPathComponent("reads")
        let store = try EmbeddedReadStore(directory: reads)
        _ = try await store.append([Fixtures.read("4GONE44")])
        try await store.dropPartition(20_261_127)
        let left = try FileManager.default.contentsOfDirectory(atPath: reads.path).filter { $0.hasPrefix("20261127") }
        #expect(left.isEmpty)
    }

    @Test("after retention no byte of a destroyed plate or image is left anywhere in the store's files")
    func destructionLeavesNoBytes() async throws {
        let dir = try TemporaryDirectory()
        let directory = dir.url.appendingPathComponent("reads")
        let store = try EmbeddedReadStore(directory: directory)
        let image = Array("JPEG-OF-9QXZ471-EXPIRED".utf8)
        // Day 2: one read to destroy among many kept, so that it shares pages and indexes with them.
        var gone = Fixtures.read("9QXZ471", at: Fixtures.day2.adding(milliseconds: 1_000))
        gone.candidates = [CandidateReading(plate: "9QXZ4J1", confidence: 0.3)]
        gone.images = [ReadImage(kind: .plate, bytes: image)]
        var kept = (0..<2_000).map {
            Fixtures.read(String(format: "K%06d", $0), at: Fixtures.day2.adding(milliseconds: Int64($0) + 5_000))
        }
        kept.append(gone)
        // Day 1: a day that expires whole.
        var whole = Fixtures.read("8WVU360", at: Fixtures.day1.adding(milliseconds: 1_000))
        whole.images = [ReadImage(kind: .overview, bytes: Array("WHOLE-DAY-IMAGE-8WVU360".utf8))]
        _ = try await store.append(kept)
        _ = try await store.append([whole])
        // A tolerant search builds the in-memory index over the day's dictionary first.
        _ = try await store.search(ReadQuery(plate: .exact("9QXZ471"), tolerance: 1), within: ["alpha"])

        let cutoff = Fixtures.day2.adding(milliseconds: 2_000)
        let report = try await store.destroy(
            expired: RetentionPlan(owners: ["alpha": .init(hits: cutoff, others: cutoff)], hits: [], holds: [])
        ) { _, _ in }
        #expect(report.reads == 2)
        #expect(report.partitions.map(\.removed) == [true, false])

        for needle in ["9QXZ471", "9QXZ4J1", "JPEG-OF-9QXZ471", "8WVU360", "WHOLE-DAY-IMAGE"] {
            let hits = try Self.files(in: dir.url).filter {
                try Self.contains(Data(contentsOf: $0), Array(needle.utf8))
            }
            #expect(hits.isEmpty, "\(needle) is still in \(hits.map(\.lastPathComponent))")
        }
        // The kept reads are all there, and searches no longer find the destroyed one.
        #expect(
            try await store.search(
                ReadQuery(
                    plate: .anyPlate,
                    window: TimeWindow(from: Fixtures.day1, to: Fixtures.day2.adding(milliseconds: 86_400_000)),
                    limit: 5_000),
                within: ["alpha"]
            ).reads.filter { $0.read.plate.normalized.hasPrefix("K") }.count == 2_000)
        #expect(
            try await store.search(ReadQuery(plate: .exact("9QXZ471"), tolerance: 1), within: ["alpha"]).reads.isEmpty)
    }

    static func files(in directory: URL) throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        return (enumerator?.allObjects as? [URL] ?? []).filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }
    }

    static func contains(_ data: Data, _ needle: [UInt8]) -> Bool {
        data.withUnsafeBytes { bytes in
            guard bytes.count >= needle.count else { return false }
            let first = needle[0]
            var index = 0
            while index <= bytes.count - needle.count {
                if bytes[index] == first, needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) { return true }
                index += 1
            }
            return false
        }
    }
}
