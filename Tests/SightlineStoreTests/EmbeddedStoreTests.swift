import Foundation
import GRDB
import SightlineCore
import SightlineKeys
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

    @Test("a backup copied before a day is destroyed cannot be read after: its key is gone")
    func backupIsShredded() async throws {
        let dir = try TemporaryDirectory()
        let reads = dir.url.appendingPathComponent("reads")
        let store = try EmbeddedReadStore(directory: reads)
        var shredded = Fixtures.read("7SHRD77", at: Fixtures.day1.adding(milliseconds: 1_000))
        shredded.images = [ReadImage(kind: .plate, bytes: Array("PLATE-CROP-7SHRD77".utf8))]
        _ = try await store.append([shredded, Fixtures.read("6LIVE66", at: Fixtures.day2.adding(milliseconds: 1_000))])
        try store.checkpoint()
        let backup = dir.url.appendingPathComponent("backup")
        try FileManager.default.copyItem(at: reads, to: backup)
        // At rest the files hold the plate and its image sealed, never in the clear.
        for needle in ["7SHRD77", "PLATE-CROP", "6LIVE66"] {
            #expect(
                try Self.files(in: backup).allSatisfy { !Self.contains(try Data(contentsOf: $0), Array(needle.utf8)) })
        }
        // While the day lives, the backup opens with the keys.
        let before = try EmbeddedReadStore(directory: backup, keys: PartitionKeys(directory: store.keys.directory))
        #expect(try await before.search(ReadQuery(plate: .exact("7SHRD77")), within: ["alpha"]).reads.count == 1)

        let cutoff = Fixtures.day2
        _ = try await store.destroy(
            expired: RetentionPlan(owners: ["alpha": .init(hits: cutoff, others: cutoff)], hits: [], holds: [])
        ) { _, _ in }
        #expect(
            !FileManager.default.fileExists(atPath: store.keys.directory.appendingPathComponent("20261127.key").path))

        // After: the backup's copy of the day stays closed, and the rest of it still reads.
        let after = try EmbeddedReadStore(directory: backup, keys: PartitionKeys(directory: store.keys.directory))
        #expect(try await after.partitions().map(\.partition) == [20_261_128])
        #expect(try await after.search(ReadQuery(plate: .exact("7SHRD77")), within: ["alpha"]).reads.isEmpty)
        #expect(try await after.search(ReadQuery(plate: .exact("6LIVE66")), within: ["alpha"]).reads.count == 1)
        #expect(FileManager.default.fileExists(atPath: backup.appendingPathComponent("20261127.sqlite").path))
    }

    @Test("a partition written before sealing is sealed in place when opened, and still reads")
    func legacyPartitionIsSealed() async throws {
        let dir = try TemporaryDirectory()
        let reads = dir.url.appendingPathComponent("reads")
        try FileManager.default.createDirectory(at: reads, withIntermediateDirectories: true)
        // A schema-2 day as an earlier build wrote it: plates, raw text, candidates and images in the clear.
        let legacy = try DatabaseQueue(path: reads.appendingPathComponent("20261127.sqlite").path)
        try await legacy.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE plate(id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE, folded TEXT NOT NULL);
                    CREATE INDEX plate_folded ON plate(folded);
                    CREATE TABLE source(id INTEGER PRIMARY KEY, camera TEXT NOT NULL, owner TEXT NOT NULL,
                                        UNIQUE(camera, owner));
                    CREATE TABLE read(id INTEGER PRIMARY KEY, plate INTEGER NOT NULL, source INTEGER NOT NULL,
                                      t INTEGER NOT NULL, raw TEXT, region TEXT, region_conf INTEGER,
                                      conf INTEGER NOT NULL, lat INTEGER NOT NULL, lon INTEGER NOT NULL,
                                      direction INTEGER, make TEXT, model TEXT, color TEXT, type TEXT, candidates TEXT);
                    CREATE INDEX read_plate_t ON read(plate, t);
                    CREATE INDEX read_source_t ON read(source, t);
                    CREATE TABLE candidate(plate INTEGER NOT NULL, read INTEGER NOT NULL,
                                           PRIMARY KEY(plate, read)) WITHOUT ROWID;
                    CREATE TABLE image(read INTEGER NOT NULL, kind INTEGER NOT NULL, bytes BLOB NOT NULL,
                                       PRIMARY KEY(read, kind)) WITHOUT ROWID;
                    INSERT INTO plate VALUES (1, '5OLD555', '5OLD555'), (2, '5OLD556', '5OLD556');
                    INSERT INTO source VALUES (1, 'cam-1', 'alpha');
                    INSERT INTO read VALUES (1, 1, 1, 3600000, '5OLD-555', 'US-CA', 900, 950, 38500000, -121500000,
                                             0, NULL, NULL, NULL, NULL, '5OLD556:400');
                    INSERT INTO candidate VALUES (2, 1);
                    INSERT INTO image VALUES (1, 0, X'4C45474143592D43524F50');
                    PRAGMA user_version = 2;
                    """)
        }
        try legacy.close()
        let store = try EmbeddedReadStore(directory: reads)
        let found = try await store.search(ReadQuery(plate: .exact("5OLD555")), within: ["alpha"]).reads
        #expect(found.map(\.read.plate.raw) == ["5OLD-555"])
        #expect(found.first?.read.candidates == [CandidateReading(plate: "5OLD556", confidence: 0.4)])
        #expect(found.first?.read.images == [ReadImage(kind: .plate, bytes: Array("LEGACY-CROP".utf8))])
        try store.checkpoint()
        for needle in ["5OLD555", "5OLD-555", "5OLD556", "LEGACY-CROP"] {
            #expect(
                try Self.files(in: reads).allSatisfy { !Self.contains(try Data(contentsOf: $0), Array(needle.utf8)) })
        }
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
