import ArgumentParser
import Foundation
import SightlineCore
import SightlineKeys
import SightlinePostgres
import SightlineSimulator
import SightlineStore

struct BenchIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Durable ingest: the embedded store's batch append against PostgreSQL COPY, same rows.",
        discussion: """
            Reads come from the demo city's simulation. Sightline appends them in durable batches \
            (each batch fsynced before the next); PostgreSQL 15 loads the same rows with one COPY into \
            a table partitioned by day with equivalent indexes (plate + time, camera + time).
            """)

    @Option(help: "Reads to load.")
    var reads: Int = 1_000_000

    @Option(help: "Reads per batch, as a camera or gateway would post them.")
    var batch: Int = 1_000

    @Option(help: "Batches in flight at once, as from that many cameras; the store commits them in groups.")
    var concurrency: Int = 16

    @Flag(help: "Skip the PostgreSQL side.")
    var noPostgres = false

    @Option(help: "embedded, or postgres to measure Sightline on PostgreSQL (PostgresReadStore) too.")
    var store: String = "embedded"

    @Flag(
        help:
            "Also measure PostgreSQL with a pg_trgm index on the plate, as deployments that offer partial-plate search do."
    )
    var trigram = false

    func run() async throws {
        report("Generating \(reads) reads from the demo city...")
        let data = Self.generate(reads)
        let days = Set(data.map(\.time.compactDate)).count
        report("Generated \(data.count) reads over \(days) days.")

        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "sightline-bench-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(atPath: directory.path + "-keys")
        }
        let store = try EmbeddedReadStore(directory: directory)
        let sightlineSeconds = try await Self.appendAll(
            data, to: store, label: "Sightline append", batch: batch, concurrency: concurrency)
        try store.checkpoint()
        let sightlineBytes = try await store.partitions().reduce(0) { $0 + $1.bytes }
        let sightlineRate = Double(data.count) / sightlineSeconds

        var rows: [(String, Double, Double?, Int?)] = [
            (
                "Sightline embedded, \(concurrency) x batches of \(batch), durable", sightlineSeconds, sightlineRate,
                sightlineBytes
            )
        ]
        if !noPostgres {
            if let postgres = try LocalPostgres.start(sharedBuffers: "512MB") {
                defer { postgres.stop() }
                if self.store == "postgres" {
                    let (seconds, bytes) = try await Self.appendOnPostgres(
                        data, postgres, batch: batch, concurrency: concurrency)
                    rows.append(
                        (
                            "Sightline on PostgreSQL, \(concurrency) x batches of \(batch) (COPY)", seconds,
                            Double(data.count) / seconds, bytes
                        ))
                }
                let csv = directory.appendingPathComponent("reads.csv")
                try Self.writeCSV(data, to: csv)
                for withTrigram in trigram ? [false, true] : [false] {
                    let (seconds, bytes) = try Self.loadPostgres(postgres, csv: csv, reads: data, trigram: withTrigram)
                    let label =
                        withTrigram
                        ? "PostgreSQL 15 COPY, + pg_trgm GIN on plate"
                        : "PostgreSQL 15 COPY, plate+time and camera+time"
                    rows.append((label, seconds, Double(data.count) / seconds, bytes))
                }
            } else {
                report("PostgreSQL is not installed (pg_config not found): measured Sightline only.")
            }
        }
        print("")
        print("Durable ingest of \(data.count) simulated reads (\(days) daily partitions)")
        print("system".padding(toLength: 56, withPad: " ", startingAt: 0) + "seconds    reads/s   bytes/read")
        for (label, seconds, rate, bytes) in rows {
            let perRead = bytes.map { String(format: "%10.1f", Double($0) / Double(data.count)) } ?? ""
            print(
                label.padding(toLength: 56, withPad: " ", startingAt: 0)
                    + String(format: "%7.2f %10.0f ", seconds, rate ?? 0)
                    + perRead)
        }
        for (label, _, rate, bytes) in rows.dropFirst() {
            let speed = sightlineRate / (rate ?? 1)
            var line = String(format: "Sightline is %.2fx the ingest rate of %@", speed, label)
            if let bytes {
                line += String(format: ", with %.2fx its bytes per read", Double(sightlineBytes) / Double(bytes))
            }
            print(line)
        }
    }

    /// Enough days of the demo city to make `count` reads, then the first `count` in time order.
    /// Appends every read in batches, `concurrency` in flight, as cameras would; returns seconds.
    static func appendAll(
        _ data: [PlateRead], to store: any ReadStore, label: String, batch: Int, concurrency: Int
    ) async throws -> Double {
        var progress = ProgressBar(label, total: data.count)
        let clock = ContinuousClock()
        let start = clock.now
        let batches = stride(from: 0, to: data.count, by: batch).map { data[$0..<min($0 + batch, data.count)] }
        try await withThrowingTaskGroup(of: Int.self) { group in
            var next = 0
            for _ in 0..<min(max(1, concurrency), batches.count) {
                let slice = Array(batches[next])
                next += 1
                group.addTask { try await store.append(slice).count }
            }
            while let done = try await group.next() {
                progress.advance(by: done)
                if next < batches.count {
                    let slice = Array(batches[next])
                    next += 1
                    group.addTask { try await store.append(slice).count }
                }
            }
        }
        return (clock.now - start).seconds
    }

    /// The same batches into Sightline's PostgreSQL store, in a database of its own.
    static func appendOnPostgres(
        _ data: [PlateRead], _ postgres: LocalPostgres, batch: Int, concurrency: Int
    ) async throws -> (seconds: Double, bytes: Int) {
        let keys = try PartitionKeys(directory: postgres.directory.appendingPathComponent("keys"))
        return try await PostgresReadStore.withStore(url: try postgres.createDatabase("sightline"), keys: keys) {
            store in
            let seconds = try await appendAll(
                data, to: store, label: "Sightline on PostgreSQL append", batch: batch, concurrency: concurrency)
            try await store.client.query("CHECKPOINT")
            return (seconds, try await store.partitions().reduce(0) { $0 + $1.bytes })
        }
    }

    static func generate(_ count: Int) -> [PlateRead] {
        var configuration = DemoCity.Configuration()
        configuration.vehicles = max(2_000, count / 40)
        configuration.seed = 42
        let city = DemoCity(configuration)
        var reads: [PlateRead] = []
        reads.reserveCapacity(count)
        // End yesterday so every read is in the past, as a device would send them.
        var day = Timestamp.now.day - 1 - Int64(max(1, count / 400_000))
        while reads.count < count {
            reads += city.reads(onDay: day)
            day += 1
        }
        return Array(reads.prefix(count))
    }

    static func writeCSV(_ reads: [PlateRead], to url: URL) throws {
        var text = ""
        text.reserveCapacity(reads.count * 120)
        for r in reads {
            let candidates = r.candidates.map { "\($0.plate):\($0.confidence)" }.joined(separator: ";")
            let fields: [String] = [
                r.plate.normalized, r.plate.raw == r.plate.normalized ? "" : r.plate.raw, r.camera.rawValue,
                r.owner.rawValue,
                r.time.rfc3339, r.region ?? "", r.regionConfidence.map { "\($0)" } ?? "", "\(r.confidence)",
                "\(r.location.latitude)", "\(r.location.longitude)", r.direction?.rawValue ?? "", r.vehicle.make ?? "",
                r.vehicle.model ?? "", r.vehicle.color ?? "", r.vehicle.type ?? "", candidates,
            ]
            text += fields.joined(separator: ",")
            text += "\n"
        }
        try text.write(to: url, atomically: false, encoding: .utf8)
        _ = try? LocalPostgres.run("/bin/chmod", ["a+rx", url.deletingLastPathComponent().path])
        _ = try? LocalPostgres.run("/bin/chmod", ["a+r", url.path])
    }

    /// Creates a fresh daily-partitioned table with the indexes, COPYs the file, and returns the
    /// COPY's wall time and the table's bytes on disk with its indexes.
    static func loadPostgres(
        _ pg: LocalPostgres, csv: URL, reads: [PlateRead], trigram: Bool
    ) throws -> (Double, Int) {
        try pg.psql("DROP TABLE IF EXISTS reads")
        try pg.psql(
            """
            CREATE TABLE reads(
              plate text NOT NULL, raw text, camera text NOT NULL, owner text NOT NULL, t timestamptz NOT NULL,
              region text, region_conf real, conf real NOT NULL, lat double precision NOT NULL,
              lon double precision NOT NULL, direction text, make text, model text, color text, type text,
              candidates text) PARTITION BY RANGE (t)
            """)
        let days = Set(reads.map(\.time.day)).sorted()
        for day in days {
            let from = Timestamp(milliseconds: day * Timestamp.millisecondsPerDay)
            let to = Timestamp(milliseconds: (day + 1) * Timestamp.millisecondsPerDay)
            try pg.psql(
                "CREATE TABLE reads_\(from.compactDate) PARTITION OF reads FOR VALUES FROM ('\(from.rfc3339)') TO ('\(to.rfc3339)')"
            )
        }
        try pg.psql("CREATE INDEX reads_plate_t ON reads(plate, t)")
        try pg.psql("CREATE INDEX reads_camera_t ON reads(camera, t)")
        if trigram {
            try pg.psql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            try pg.psql("CREATE INDEX reads_plate_trgm ON reads USING gin (plate gin_trgm_ops)")
        }
        try pg.psql("CHECKPOINT")
        let clock = ContinuousClock()
        let start = clock.now
        try pg.psql("\\copy reads FROM '\(csv.path)' WITH (FORMAT csv)")
        let seconds = (clock.now - start).seconds
        let count = Int(try pg.psql("SELECT count(*) FROM reads").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        guard count == reads.count else { throw BenchError("PostgreSQL holds \(count) rows, expected \(reads.count)") }
        try pg.psql("CHECKPOINT")
        let bytes =
            Int(
                try pg.psql(
                    "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'reads'::regclass"
                ).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        return (seconds, bytes)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
