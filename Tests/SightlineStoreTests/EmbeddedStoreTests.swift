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
}
