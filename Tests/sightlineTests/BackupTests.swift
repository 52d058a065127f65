import Foundation
import SightlineCore
import SightlineServer
import SightlineStore
import Synchronization
import Testing

@testable import sightline

@Suite("Backup and restore")
struct BackupTests {
    final class Ledger: Sendable {
        let batches = Mutex<[(plates: [String], acknowledged: Bool)]>([])
        let stop = Atomic<Bool>(false)
    }

    @Test("a backup taken while ingest runs restores with every read and log entry acknowledged before it began")
    func online() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-backup-\(UUID())")
        defer {
            for name in ["", "-keys"] { try? FileManager.default.removeItem(atPath: root.path + name) }
        }
        let data = root.appendingPathComponent("data")
        let backup = root.appendingPathComponent("backup")
        let restored = root.appendingPathComponent("restored")
        defer {
            for url in [data, backup, restored] { try? FileManager.default.removeItem(at: keysDirectory(of: url)) }
        }
        let sightline = try Sightline.open(dataDirectory: data)
        let actor = Actor.localOperator("test")
        try sightline.catalog.add(
            Agency(
                id: "bk-pd", name: "Backup PD", kind: .localPolice,
                jurisdiction: Jurisdiction(country: "US", state: "CA")),
            by: actor)
        try sightline.catalog.add(
            Camera(
                id: "bk-1", owner: "bk-pd", kind: .fixed, name: "cam",
                location: Coordinate(latitude: 38.5, longitude: -121.5), heading: 0),
            by: actor)
        try sightline.catalog.add(User(id: "bk-inv", agency: "bk-pd", name: "Inv"), by: actor)
        let caller = try sightline.authenticator.caller(try sightline.catalog.issueToken(for: "bk-inv", by: actor))
        func search(_ plate: String, _ caseNumber: String, on deployment: Sightline) async throws -> SearchResult {
            try await deployment.searches.search(
                SearchRequest(
                    query: .init(plate: plate, limit: ReadQuery.maximumLimit), purpose: "stolen-vehicle",
                    case: caseNumber, justification: "Backup test checks acknowledged reads", onBehalfOf: "bk-pd"),
                by: caller)
        }

        let ledger = Ledger()
        let (before, logged) = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var n = 0
                while !ledger.stop.load(ordering: .relaxed) && n < 150 {
                    let plates = (0..<50).map { "BK" + String(format: "%05d", n * 50 + $0) }
                    n += 1
                    let index = ledger.batches.withLock {
                        $0.append((plates, false))
                        return $0.count - 1
                    }
                    let reads = plates.map {
                        PlateRead(
                            camera: "bk-1", owner: "bk-pd", time: .now.adding(milliseconds: -1_000),
                            plate: Plate(normalized: $0), confidence: 0.9,
                            location: Coordinate(latitude: 38.5, longitude: -121.5))
                    }
                    _ = try await sightline.ingest.append(reads)
                    ledger.batches.withLock { $0[index].acknowledged = true }
                }
            }
            while ledger.batches.withLock({ $0.filter(\.acknowledged).count }) < 20 {
                try await Task.sleep(for: .milliseconds(5))
            }
            // What was acknowledged before the backup began, reads and a log entry.
            let logged = try await search("BK00000", "BK-BEFORE", on: sightline).logIndex
            let before = ledger.batches.withLock { $0.filter(\.acknowledged).flatMap(\.plates) }
            // Between copying the catalog and the partitions, make sure ingest moves on, so the
            // copy is taken while batches are committed.
            // The snapshot runs on a thread of its own: its wait must not hold a thread of the
            // pool the ingest task needs.
            let during = try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<Int, any Error>) in
                DispatchQueue.global().async {
                    var during = 0
                    do {
                        _ = try Backup.snapshot(
                            data: data, keys: keysDirectory(of: data), to: backup, keys: keysDirectory(of: backup)
                        ) { step in
                            guard step.hasPrefix("partition"), during == 0 else { return }
                            let start = ledger.batches.withLock { $0.filter(\.acknowledged).count }
                            while ledger.batches.withLock({ $0.filter(\.acknowledged).count }) < start + 3 {
                                usleep(1_000)
                            }
                            during = 3
                        }
                        continuation.resume(returning: during)
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
            #expect(during == 3)
            ledger.stop.store(true, ordering: .relaxed)
            try await group.waitForAll()
            return (before, logged)
        }
        #expect(ledger.batches.withLock { $0.filter(\.acknowledged).count } > 20)

        try Backup.restore(
            from: backup, keys: keysDirectory(of: backup), to: restored, keys: keysDirectory(of: restored))
        let copy = try Sightline.open(dataDirectory: restored)
        let verified = try copy.audit.verifyStored()
        #expect(verified.entries > logged)
        let entry = try #require(try copy.catalog.entries(from: logged, to: logged + 1).first)
        #expect(entry.entry.contains("BK-BEFORE"))
        let found = Set(try await search("BK0*", "BK-AFTER", on: copy).reads.map(\.plate))
        let missing = before.filter { !found.contains($0) }
        #expect(missing.isEmpty, "\(missing.count) acknowledged reads missing, first \(missing.prefix(3))")
        for batch in ledger.batches.withLock({ $0 }) {
            let kept = batch.plates.filter(found.contains).count
            #expect(kept == 0 || kept == batch.plates.count, "a batch restored in part: \(kept) of 50")
        }
        // The partition counts agree with what the search found.
        let counted = try await copy.store.partitions().reduce(0) { $0 + $1.reads }
        #expect(counted == found.count)

        // The command logs the backup before copying, so the copy holds its own record.
        let logged2 = root.appendingPathComponent("logged")
        defer { try? FileManager.default.removeItem(at: keysDirectory(of: logged2)) }
        let command = try BackupCommand.parse(["--data-dir", data.path, "--out", logged2.path])
        try await command.run()
        for catalog in [data, logged2].map({ $0.appendingPathComponent("catalog.sqlite") }) {
            let changes = try Catalog(path: catalog).logEntries(limit: 100_000).compactMap(\.body.change)
            #expect(changes.contains { $0.action == "deployment.backup" && $0.after == "backup to \(logged2.path)" })
        }

        // A backup never overwrites, and a PostgreSQL deployment is pointed at pg_dump.
        #expect(throws: SightlineError.self) {
            try Backup.snapshot(data: data, keys: keysDirectory(of: data), to: backup, keys: keysDirectory(of: backup))
        }
        try Data("{}".utf8).write(to: data.appendingPathComponent("store.json"))
        let error = #expect(throws: SightlineError.self) {
            try Backup.snapshot(
                data: data, keys: keysDirectory(of: data), to: root.appendingPathComponent("pg"),
                keys: root.appendingPathComponent("pg-keys"))
        }
        #expect(error?.message.contains("pg_dump") == true)
    }
}
