import ArgumentParser
import Crypto
import Foundation
import SightlineCore
import SightlineKeys
import SightlinePostgres
import SightlineSimulator
import SightlineStore

struct BenchSearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract:
            "Plate search by kind (exact, OCR-tolerant, wildcard) and the stakeout and convoy analytics, Sightline beside PostgreSQL on the same reads.",
        discussion: """
            Generates --reads reads from the demo city, loads them into a fresh embedded store and into \
            PostgreSQL 15 (started by the benchmark) with the schema a PostgreSQL expert would use: btree on \
            (plate, t) and (camera, t), a btree on the confusable-folded plate of reads and of candidate \
            readings, and a pg_trgm GIN on the plate. Each kind runs --queries queries drawn from stored \
            plates: exact; confusables + one edit (PostgreSQL: every folded variant at distance one with \
            `= ANY`, which is complete); wildcards with two `*` runs (PostgreSQL: LIKE through the trigram \
            index); stakeout (three 20-minute scenes at the cameras where one vehicle was read, plates \
            at two or more) and convoy (plates within 60 s of a target at two or more of its cameras), \
            each one SQL statement over the (camera, t) and (plate, t) btrees. PostgreSQL's times are \
            measured inside the server (no client round trip). Every query's result set is compared \
            between the two. Sightline's analytics run the server's own tallies (CaseAnalytics) over \
            store queries; the policy decisions and the log append they also cost in the server are \
            measured by `bench audit`.
            """)

    @Option(help: "Reads to generate.") var reads: Int = 1_000_000
    @Option(help: "Queries per kind.") var queries: Int = 200
    @Option(
        help:
            "embedded, or postgres to measure Sightline on PostgreSQL too (PostgresReadStore), beside the embedded store and plain PostgreSQL."
    )
    var store: String = "embedded"
    @Option(help: "Kinds to run, comma-separated: \(kinds.joined(separator: ",")).")
    var kinds: String = BenchSearch.kinds.joined(separator: ",")

    struct Timing {
        var kind: String
        var sightline: [Double]
        var postgres: [Double]
        var mismatches: Int
        var meanResults: Double
        /// Sightline on PostgreSQL, when measured, and how many of its result sets differ.
        var onPostgres: [Double]?
        var onPostgresMismatches = 0
    }

    func run() async throws {
        let chosen = Self.kinds.filter(Set(kinds.split(separator: ",").map(String.init)).contains)
        guard !chosen.isEmpty else { throw ValidationError("--kinds names none of \(Self.kinds)") }
        report("Generating \(reads) reads from the demo city...")
        let data = BenchIngest.generate(reads)
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "sightline-bench-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EmbeddedReadStore(directory: directory.appendingPathComponent("reads"))
        var progress = ProgressBar("Loading Sightline", total: data.count)
        for start in stride(from: 0, to: data.count, by: 5_000) {
            let batch = Array(data[start..<min(start + 5_000, data.count)])
            _ = try await store.append(batch)
            progress.advance(by: batch.count)
        }
        try store.checkpoint()
        let sightlineBytes = try await store.partitions().reduce(0) { $0 + $1.bytes }
        let owners = Set(data.map(\.owner))

        var random = SeededRandom(seed: 5)
        let samples = (0..<queries).map { _ in data[Int.random(in: 0..<data.count, using: &random)] }
        let exact = chosen.contains("exact") ? samples.map { $0.plate.normalized } : []
        let tolerant = samples.map { Self.misread($0.plate.normalized, random: &random) }
        let wildcard =
            !chosen.contains("wildcard")
            ? []
            : samples.map { plate -> String in
                let bytes = Array(plate.plate.normalized.utf8)
                let start = bytes.count > 4 ? Int.random(in: 1...(bytes.count - 4), using: &random) : 0
                return "*" + String(decoding: bytes[start..<min(start + 3, bytes.count)], as: UTF8.self) + "*"
            }

        let evidence = Self.evidence(data, count: queries, random: &random)
        let workload = Workload(
            chosen: chosen, owners: owners, exact: exact, tolerant: tolerant, wildcard: wildcard, evidence: evidence)
        let (sightline, firstTolerant) = try await Self.measure(store, workload)

        guard let postgres = try LocalPostgres.start(sharedBuffers: "512MB") else {
            report("PostgreSQL is not installed (pg_config not found): measured Sightline only.")
            for kind in chosen {
                let ms = sightline[kind]!.map(\.0).sorted()
                print(
                    kind.padding(toLength: 10, withPad: " ", startingAt: 0)
                        + String(format: " p50 %.3f ms  p99 %.3f ms", ms.quantile(0.5), ms.quantile(0.99)))
            }
            return
        }
        defer { postgres.stop() }
        var onPostgres: (results: [String: [(Double, Set<String>)]], bytes: Int)?
        if self.store == "postgres" {
            onPostgres = try await Self.measureOnPostgres(postgres, data, workload)
        }
        let pgBytes = try Self.load(postgres, data, directory: directory)
        var sql: [(String, String)] = []
        for plate in exact {
            sql.append(
                ("exact", "SELECT plate, camera, t FROM reads WHERE plate = '\(plate)' ORDER BY t DESC LIMIT 10000"))
        }
        for plate in tolerant where chosen.contains("tolerant") {
            let variants = PlateDistance.oneEditVariants(ofFolded: Plate.fold(plate)).map { "'\($0)'" }.joined(
                separator: ",")
            sql.append(
                (
                    "tolerant",
                    "SELECT plate, camera, t FROM reads WHERE folded = ANY(ARRAY[\(variants)]) UNION "
                        + "SELECT r.plate, r.camera, r.t FROM cand c JOIN reads r ON r.id = c.read "
                        + "WHERE c.folded = ANY(ARRAY[\(variants)])"
                ))
        }
        for pattern in wildcard {
            let like = pattern.replacingOccurrences(of: "*", with: "%")
            sql.append(
                (
                    "wildcard",
                    "SELECT plate, camera, t FROM reads WHERE plate LIKE '\(like)' ORDER BY t DESC LIMIT 10000"
                ))
        }
        for sightings in evidence where chosen.contains("stakeout") {
            let scenes = Self.scenes(sightings).enumerated().map { index, scene in
                "SELECT plate, camera, t, \(index) AS scene FROM reads WHERE camera = '\(scene.cameras!.first!)' "
                    + "AND t BETWEEN \(scene.window!.from.milliseconds) AND \(scene.window!.to.milliseconds)"
            }
            sql.append(
                (
                    "stakeout",
                    "WITH s AS (\(scenes.joined(separator: " UNION ALL "))) SELECT plate, camera, t FROM s "
                        + "WHERE plate IN (SELECT plate FROM s GROUP BY plate HAVING count(DISTINCT scene) >= 2)"
                ))
        }
        for sightings in evidence where chosen.contains("convoy") {
            let target = sightings[0].plate.normalized
            sql.append(
                (
                    "convoy",
                    "WITH p AS (SELECT camera, t FROM reads WHERE plate = '\(target)' ORDER BY t LIMIT 500), "
                        + "o AS (SELECT r.plate, r.camera, r.t FROM p JOIN reads r ON r.camera = p.camera "
                        + "AND r.t BETWEEN p.t - 60000 AND p.t + 60000 WHERE r.plate <> '\(target)') "
                        + "SELECT plate, camera, t FROM o WHERE plate IN "
                        + "(SELECT plate FROM o GROUP BY plate HAVING count(DISTINCT camera) >= 2)"
                ))
        }
        let pg = try Self.runInPostgres(postgres, sql.map(\.1), directory: directory)
        var timings: [Timing] = []
        for kind in chosen {
            let ours = sightline[kind]!
            let theirs = zip(sql, pg).filter { $0.0.0 == kind }.map(\.1)
            let mismatches = zip(ours, theirs).filter { Self.digest($0.0.1) != $0.1.digest }
                .count
            var timing = Timing(
                kind: kind, sightline: ours.map(\.0).sorted(), postgres: theirs.map(\.ms).sorted(),
                mismatches: mismatches,
                meanResults: Double(ours.map(\.1.count).reduce(0, +)) / Double(max(ours.count, 1)))
            if let onPostgres, let results = onPostgres.results[kind] {
                timing.onPostgres = results.map(\.0).sorted()
                timing.onPostgresMismatches = zip(ours, results).filter { $0.0.1 != $0.1.1 }.count
            }
            timings.append(timing)
        }
        print("")
        print("Plate search and analytics over \(data.count) reads, \(queries) queries per kind (milliseconds)")
        print("kind        Sightline p50   p99    PostgreSQL p50   p99    p99 ratio  mean results  result sets")
        for t in timings {
            print(
                t.kind.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + String(
                        format: "  %10.3f %8.3f   %12.3f %8.3f   %7.1fx  %12.1f  %@",
                        t.sightline.quantile(0.5),
                        t.sightline.quantile(0.99), t.postgres.quantile(0.5), t.postgres.quantile(0.99),
                        t.postgres.quantile(0.99) / t.sightline.quantile(0.99), t.meanResults,
                        t.mismatches == 0 ? "equal" : "\(t.mismatches) DIFFER"))
        }
        if let onPostgres {
            print("")
            print("Sightline on PostgreSQL (PostgresReadStore), the same queries through ReadStore (milliseconds)")
            print("kind        on PostgreSQL p50   p99    embedded p99 ratio  result sets vs embedded")
            for t in timings {
                guard let ms = t.onPostgres else { continue }
                print(
                    t.kind.padding(toLength: 10, withPad: " ", startingAt: 0)
                        + String(
                            format: "  %14.3f %8.3f   %16.1fx  %@", ms.quantile(0.5), ms.quantile(0.99),
                            ms.quantile(0.99) / t.sightline.quantile(0.99),
                            t.onPostgresMismatches == 0 ? "equal" : "\(t.onPostgresMismatches) DIFFER"))
            }
            print(
                String(
                    format: "Bytes per read on PostgreSQL's store, indexes included: %.1f",
                    Double(onPostgres.bytes) / Double(data.count)))
        }
        print(String(format: "First tolerant search, which builds the in-memory index: %.1f ms", firstTolerant))
        print(
            String(
                format: "Bytes per read, indexes included: Sightline %.1f, PostgreSQL %.1f (%.2fx)",
                Double(sightlineBytes) / Double(data.count), Double(pgBytes) / Double(data.count),
                Double(sightlineBytes) / Double(pgBytes)))
    }

    static let kinds = ["exact", "tolerant", "wildcard", "stakeout", "convoy"]

    /// The queries of one run, the same for every store measured.
    struct Workload: Sendable {
        var chosen: [String]
        var owners: Set<AgencyID>
        var exact: [String]
        var tolerant: [String]
        var wildcard: [String]
        var evidence: [[PlateRead]]
    }

    /// Runs every chosen kind on `store`: each query's milliseconds and result keys, and the
    /// first tolerant search's time (which builds the embedded store's in-memory index).
    static func measure(
        _ store: any ReadStore, _ w: Workload
    ) async throws -> (results: [String: [(Double, Set<String>)]], firstTolerant: Double) {
        func time(_ query: ReadQuery) async throws -> (Double, Set<String>) {
            let clock = ContinuousClock()
            let start = clock.now
            let page = try await store.search(query, within: w.owners)
            let ms = (clock.now - start).seconds * 1000
            return (
                ms,
                Set(
                    page.reads.map { key($0.read.plate.normalized, $0.read.camera.rawValue, $0.read.time.milliseconds) }
                )
            )
        }
        var results: [String: [(Double, Set<String>)]] = [:]
        for plate in w.exact {
            results["exact", default: []].append(try await time(ReadQuery(plate: .exact(plate), limit: 10_000)))
        }
        // The tolerant index of each day's plate dictionary is built by the first tolerant search
        // (a server builds it once and tops it up); that first search is timed on its own.
        let (firstTolerant, _) = try await time(ReadQuery(plate: .exact(w.tolerant[0]), tolerance: 1, limit: 10_000))
        report(String(format: "First tolerant search: %.1f ms", firstTolerant))
        for plate in w.tolerant where w.chosen.contains("tolerant") {
            results["tolerant", default: []].append(
                try await time(ReadQuery(plate: .exact(plate), tolerance: 1, limit: 10_000)))
        }
        for pattern in w.wildcard {
            results["wildcard", default: []].append(
                try await time(ReadQuery(plate: try PlatePattern(pattern), limit: 10_000)))
        }
        for sightings in w.evidence where w.chosen.contains("stakeout") {
            let clock = ContinuousClock()
            let start = clock.now
            var scenes: [[StoredRead]] = []
            for scene in Self.scenes(sightings) {
                scenes.append(try await store.search(scene, within: w.owners).reads)
            }
            let found = CaseAnalytics.stakeout(scenes, minimum: 2)
            results["stakeout", default: []].append(((clock.now - start).seconds * 1000, keys(found)))
        }
        for sightings in w.evidence where w.chosen.contains("convoy") {
            let clock = ContinuousClock()
            let start = clock.now
            let target = sightings[0].plate.normalized
            var query = ReadQuery(plate: .exact(target), order: .oldestFirst)
            query.limit = 500
            var passes: [[StoredRead]] = []
            for pass in try await store.search(query, within: w.owners).reads {
                let near = ReadQuery(
                    plate: .anyPlate,
                    window: TimeWindow(
                        from: pass.read.time.adding(milliseconds: -60_000),
                        to: pass.read.time.adding(milliseconds: 60_000)),
                    cameras: [pass.read.camera], limit: ReadQuery.maximumLimit)
                passes.append(try await store.search(near, within: w.owners).reads)
            }
            let found = CaseAnalytics.convoy(target: target, passes: passes, minimum: 2)
            results["convoy", default: []].append(((clock.now - start).seconds * 1000, keys(found)))
        }
        return (results, firstTolerant)
    }

    /// Loads the reads into Sightline's PostgreSQL store (a database of its own on the same
    /// server) and measures the same workload there.
    static func measureOnPostgres(
        _ postgres: LocalPostgres, _ data: [PlateRead], _ workload: Workload
    ) async throws -> (results: [String: [(Double, Set<String>)]], bytes: Int) {
        let keys = try PartitionKeys(directory: postgres.directory.appendingPathComponent("keys"))
        return try await PostgresReadStore.withStore(url: try postgres.createDatabase("sightline"), keys: keys) {
            store in
            var progress = ProgressBar("Loading Sightline on PostgreSQL", total: data.count)
            for start in stride(from: 0, to: data.count, by: 5_000) {
                let batch = Array(data[start..<min(start + 5_000, data.count)])
                _ = try await store.append(batch)
                progress.advance(by: batch.count)
            }
            try await store.client.query("VACUUM ANALYZE")
            let (results, _) = try await measure(store, workload)
            return (results, try await store.partitions().reduce(0) { $0 + $1.bytes })
        }
    }

    static func key(_ plate: String, _ camera: String, _ t: Int64) -> String { "\(plate)|\(camera)|\(t)" }

    static func keys(_ sightings: [CaseAnalytics.Sighting]) -> Set<String> {
        Set(
            sightings.flatMap(\.reads).map {
                key($0.read.plate.normalized, $0.read.camera.rawValue, $0.read.time.milliseconds)
            })
    }

    /// What a case starts from: one vehicle's reads at three different cameras, oldest first.
    static func evidence(_ reads: [PlateRead], count: Int, random: inout SeededRandom) -> [[PlateRead]] {
        var byPlate: [String: [PlateRead]] = [:]
        for read in reads { byPlate[read.plate.normalized, default: []].append(read) }
        let vehicles = byPlate.values.compactMap { sightings -> [PlateRead]? in
            var cameras = Set<CameraID>()
            let distinct = sightings.sorted { $0.time < $1.time }.filter { cameras.insert($0.camera).inserted }
            return distinct.count >= 3 ? Array(distinct.prefix(3)) : nil
        }
        .sorted { $0[0].plate.normalized < $1[0].plate.normalized }
        return (0..<count).map { _ in vehicles.randomElement(using: &random)! }
    }

    /// A stakeout's scenes: each sighting's camera, ten minutes either side.
    static func scenes(_ sightings: [PlateRead]) -> [ReadQuery] {
        sightings.map {
            ReadQuery(
                plate: .anyPlate,
                window: TimeWindow(
                    from: $0.time.adding(milliseconds: -600_000), to: $0.time.adding(milliseconds: 600_000)),
                cameras: [$0.camera], limit: ReadQuery.maximumLimit)
        }
    }

    static func digest(_ keys: Set<String>) -> String {
        Insecure.MD5.hash(data: Data(keys.sorted().joined(separator: ",").utf8)).map { String(format: "%02x", $0) }
            .joined()
    }

    /// A plate as a witness or a camera might get it wrong: a confusable swapped and one edit.
    static func misread(_ plate: String, random: inout SeededRandom) -> String {
        var characters = Array(plate)
        let swaps: [Character: Character] = [
            "0": "O", "O": "0", "1": "I", "I": "1", "8": "B", "B": "8", "5": "S", "S": "5",
        ]
        if let i = characters.indices.first(where: { swaps[characters[$0]] != nil }) {
            characters[i] = swaps[characters[i]]!
        }
        let symbols = Array("ACEFHJKMNPRTUVWXY0123456789")
        switch Int.random(in: 0..<3, using: &random) {
        case 0 where characters.count > 3: characters.remove(at: Int.random(in: characters.indices, using: &random))
        case 1:
            characters.insert(
                symbols.randomElement(using: &random)!, at: Int.random(in: 0...characters.count, using: &random))
        default: characters[Int.random(in: characters.indices, using: &random)] = symbols.randomElement(using: &random)!
        }
        return String(characters)
    }

    /// Loads the reads and their candidate readings and builds the indexes; returns bytes on disk.
    static func load(_ pg: LocalPostgres, _ reads: [PlateRead], directory: URL) throws -> Int {
        var readText = ""
        var candText = ""
        readText.reserveCapacity(reads.count * 48)
        for (i, r) in reads.enumerated() {
            readText += "\(i),\(r.plate.normalized),\(r.plate.folded),\(r.camera.rawValue),\(r.time.milliseconds)\n"
            for c in r.candidates { candText += "\(i),\(c.plate),\(Plate.fold(c.plate))\n" }
        }
        let readFile = directory.appendingPathComponent("reads.csv")
        let candFile = directory.appendingPathComponent("cand.csv")
        try readText.write(to: readFile, atomically: false, encoding: .utf8)
        try candText.write(to: candFile, atomically: false, encoding: .utf8)
        for path in [directory.path, readFile.path, candFile.path] {
            _ = try? LocalPostgres.run("/bin/chmod", ["a+rx", path])
        }
        report("Loading PostgreSQL and building its indexes...")
        for statement in [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "CREATE TABLE reads(id bigint NOT NULL, plate text NOT NULL, folded text NOT NULL, camera text NOT NULL, t bigint NOT NULL)",
            "CREATE TABLE cand(read bigint NOT NULL, plate text NOT NULL, folded text NOT NULL)",
            "\\copy reads FROM '\(readFile.path)' WITH (FORMAT csv)",
            "\\copy cand FROM '\(candFile.path)' WITH (FORMAT csv)",
            "ALTER TABLE reads ADD PRIMARY KEY (id)",
            "CREATE INDEX ON reads(plate, t)", "CREATE INDEX ON reads(camera, t)", "CREATE INDEX ON reads(folded)",
            "CREATE INDEX ON cand(folded)", "CREATE INDEX ON reads USING gin (plate gin_trgm_ops)",
            "VACUUM ANALYZE reads", "VACUUM ANALYZE cand", "CHECKPOINT",
        ] {
            try pg.psql(statement)
        }
        let bytes = try pg.psql("SELECT pg_total_relation_size('reads') + pg_total_relation_size('cand')")
        return Int(bytes.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Runs each query inside the server, timing it there, then digests its result set apart.
    static func runInPostgres(
        _ pg: LocalPostgres, _ queries: [String], directory: URL
    ) throws -> [(
        ms: Double, count: Int, digest: String
    )] {
        let file = directory.appendingPathComponent("queries.csv")
        try queries.enumerated().map { "\($0.offset),\"\($0.element.replacingOccurrences(of: "\"", with: "\"\""))\"" }
            .joined(separator: "\n").write(to: file, atomically: false, encoding: .utf8)
        _ = try? LocalPostgres.run("/bin/chmod", ["a+r", file.path])
        try pg.psql("CREATE TABLE bench_q(idx int, sql text)")
        try pg.psql("\\copy bench_q FROM '\(file.path)' WITH (FORMAT csv)")
        try pg.psql("CREATE TABLE bench_r(idx int, ms double precision, n bigint, h text)")
        report("Running \(queries.count) queries in PostgreSQL...")
        try pg.psql(
            """
            DO $$ DECLARE q record; t0 timestamptz; ms double precision; n bigint; h text; BEGIN
              FOR q IN SELECT * FROM bench_q ORDER BY idx LOOP
                t0 := clock_timestamp();
                EXECUTE 'SELECT count(*) FROM (' || q.sql || ') x' INTO n;
                ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
                EXECUTE 'SELECT md5(coalesce(string_agg(k, '','' ORDER BY k COLLATE "C"), '''')) FROM '
                  || '(SELECT DISTINCT plate || ''|'' || camera || ''|'' || t AS k FROM (' || q.sql || ') x) y' INTO h;
                INSERT INTO bench_r VALUES (q.idx, ms, n, h);
              END LOOP; END $$
            """)
        let rows = try pg.psql("SELECT ms, n, h FROM bench_r ORDER BY idx").split(separator: "\n")
        return rows.map { line in
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            return (Double(f[0]) ?? .nan, Int(f[1]) ?? -1, String(f[2]))
        }
    }
}
