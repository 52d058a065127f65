import ArgumentParser
import Foundation
import SightlineCore
import SightlinePostgres
import SightlineSimulator

struct BenchAlerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Hot-list matching cost per read, and alert latency from acknowledgement to live subscribers.",
        discussion: """
            Matching: the in-memory matcher over a list of --entries plates, against demo-city reads with \
            their OCR candidates, 1% of them planted from the list. Latency: a server on loopback with a \
            list of --entries plates, --subscribers live streams, and reads posted over HTTP at --rate.
            """)

    @Option(help: "Entries in the hot list.") var entries: Int = 1_000_000
    @Option(help: "Reads to match.") var reads: Int = 1_000_000
    @Option(help: "Live subscribers to the alert stream.") var subscribers: Int = 100
    @Option(help: "Seconds of ingest in the latency run.") var seconds: Int = 20
    @Option(help: "Reads per second posted during the latency run.") var rate: Int = 2_000
    @Option(help: "One read in this many is of a listed plate.") var listedEvery: Int = 100
    @Flag(help: "Skip the latency run.") var noLatency = false
    @Flag(help: "Skip the PostgreSQL side of the matching run.") var noPostgres = false

    func run() async throws {
        var random = SeededRandom(seed: 11)
        let letters = Array("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")
        func plate() -> String { String((0..<7).map { _ in letters.randomElement(using: &random)! }) }
        let list = (0..<entries).map { _ in HotListEntry(plate: plate(), region: "US-CA", category: .stolenVehicle) }
        let clock = ContinuousClock()
        let start = clock.now
        let matcher = HotListMatcher(list)
        let build = (clock.now - start).seconds
        var configuration = DemoCity.Configuration()
        configuration.vehicles = max(2_000, reads / 16)
        let city = DemoCity(configuration)
        var sample = city.reads(onDay: Timestamp.now.day - 1)
        while sample.count < reads { sample += sample }
        sample = Array(sample.prefix(reads))
        // Plant listed plates in 1% of reads so that matches are exercised too.
        for i in stride(from: 0, to: sample.count, by: 100) {
            sample[i].plate = Plate(normalized: list[i % list.count].plate)
        }
        let now = Timestamp.now
        // Swift may free `list` right after its last use, which would bill a million
        // deallocations to the loop; keep everything alive until the clock has stopped.
        let (hits, seconds) = withExtendedLifetime((list, sample)) {
            let start = clock.now
            var hits = 0
            for read in sample { hits += matcher.matches(read, at: now).count }
            return (hits, (clock.now - start).seconds)
        }
        print(String(format: "Built a %d-entry matcher in %.2f s", entries, build))
        print(
            String(
                format: "Matched %d reads (exact, confusable and candidates) in %.3f s: %.0f ns per read, %d hits",
                reads, seconds, seconds / Double(reads) * 1e9, hits))
        if !noPostgres {
            if let postgres = try LocalPostgres.start(sharedBuffers: "512MB") {
                defer { postgres.stop() }
                let (pgSeconds, pgHits) = try Self.matchInPostgres(postgres, list: list, reads: sample)
                print(
                    String(
                        format:
                            "PostgreSQL 15, the same reads as one set-based join on btree-indexed plate and folded key: %.3f s, %.0f ns per read, %d hits",
                        pgSeconds, pgSeconds / Double(reads) * 1e9, pgHits))
                print(
                    String(
                        format: "Sightline matches %.1fx as fast as PostgreSQL's join%@", pgSeconds / seconds,
                        pgHits == hits ? ", with the same hits" : " — HITS DIFFER"))
            } else {
                report("PostgreSQL is not installed (pg_config not found): measured Sightline only.")
            }
        }
        guard !noLatency else { return }
        let latency = try await AlertLatencyRun(
            subscribers: subscribers, seconds: self.seconds, rate: rate, listedEvery: listedEvery, entries: entries
        ).run()
        print(
            "Latency: \(latency.reads) reads posted, \(latency.alerts) of them listed; \(latency.stored) alerts stored (the rest lenient matches of random plates); \(latency.received) of \(latency.expected) deliveries received by \(subscribers) subscribers"
        )
        for (name, values) in [("ack -> subscriber", latency.fromAck), ("post -> subscriber", latency.fromSubmit)] {
            print(
                String(
                    format: "  %@: p50 %.2f ms, p99 %.2f ms, max %.2f ms", name, values.quantile(0.5),
                    values.quantile(0.99), values.last ?? Double.nan))
        }
    }

    /// Loads the list and every reading of the reads (the plate and each candidate) into
    /// PostgreSQL, then times the one query that matches them all as the matcher does: folded key
    /// for the plate (exact included), exact for candidates, regions agreeing where both have one.
    static func matchInPostgres(
        _ pg: LocalPostgres, list: [HotListEntry], reads: [PlateRead]
    ) throws -> (
        Double, Int
    ) {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "sightline-bench-match-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var listText = ""
        for (i, entry) in list.enumerated() {
            listText += "\(i),\(entry.plate),\(Plate.fold(entry.plate)),\(entry.region ?? "")\n"
        }
        var readText = ""
        for (i, read) in reads.enumerated() {
            let region = read.region ?? ""
            readText += "\(i),0,\(read.plate.normalized),\(read.plate.folded),\(region)\n"
            for candidate in read.candidates {
                readText += "\(i),1,\(candidate.plate),\(Plate.fold(candidate.plate)),\(region)\n"
            }
        }
        let listFile = directory.appendingPathComponent("list.csv")
        let readFile = directory.appendingPathComponent("readings.csv")
        try listText.write(to: listFile, atomically: false, encoding: .utf8)
        try readText.write(to: readFile, atomically: false, encoding: .utf8)
        for path in [directory.path, listFile.path, readFile.path] {
            _ = try? LocalPostgres.run("/bin/chmod", ["a+rx", path])
        }
        try pg.psql(
            "CREATE TABLE hotlist(id int, plate text, folded text, region text); "
                + "CREATE TABLE readings(read int, kind int, plate text, folded text, region text)")
        try pg.psql("\\copy hotlist FROM '\(listFile.path)' WITH (FORMAT csv)")
        try pg.psql("\\copy readings FROM '\(readFile.path)' WITH (FORMAT csv)")
        for statement in [
            "UPDATE hotlist SET region = NULL WHERE region = ''", "UPDATE readings SET region = NULL WHERE region = ''",
            "CREATE INDEX ON hotlist(plate)", "CREATE INDEX ON hotlist(folded)", "VACUUM ANALYZE hotlist",
            "VACUUM ANALYZE readings",
        ] {
            try pg.psql(statement)
        }
        // Two equi-joins, so the planner can hash or merge them; UNION removes the pairs both find.
        let start = ContinuousClock.now
        let output = try pg.psql(
            """
            SELECT count(*) FROM (
              SELECT r.read, h.id FROM readings r JOIN hotlist h ON h.folded = r.folded
                WHERE r.kind = 0 AND (h.region IS NULL OR r.region IS NULL OR h.region = r.region)
              UNION
              SELECT r.read, h.id FROM readings r JOIN hotlist h ON h.plate = r.plate
                WHERE r.kind = 1 AND (h.region IS NULL OR r.region IS NULL OR h.region = r.region)) m
            """)
        let seconds = (ContinuousClock.now - start).seconds
        return (seconds, Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1)
    }
}
