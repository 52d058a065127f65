import ArgumentParser
import Crypto
import Foundation
import SightlineAudit
import SightlineCore
import SightlinePostgres
import SightlineStore

struct BenchAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The log: durable append rate, proof generation, and offline verification of a large export.",
        discussion: """
            Appends realistic search records in durable batches to a fresh catalog (the Merkle tree \
            grows in the same transactions), beside PostgreSQL loading the same entries with COPY into \
            an append-only table that stores each entry's SHA-256 leaf hash; then times inclusion \
            proofs at random indices, and the offline verification of an export of --verify-entries.
            """)

    @Option(help: "Entries to append.") var entries: Int = 200_000
    @Option(help: "Entries per durable batch.") var batch: Int = 1_000
    @Option(help: "Inclusion proofs to time.") var proofs: Int = 10_000
    @Option(help: "Entries in the export to verify.") var verifyEntries: Int = 1_000_000
    @Flag(help: "Skip the PostgreSQL side.") var noPostgres = false

    func run() async throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "sightline-bench-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let records = (0..<entries).map(Self.record)
        let catalog = try Catalog(path: directory.appendingPathComponent("catalog.sqlite"))
        var progress = ProgressBar("Appending", total: records.count)
        let clock = ContinuousClock()
        var start = clock.now
        for offset in stride(from: 0, to: records.count, by: batch) {
            let slice = Array(records[offset..<min(offset + batch, records.count)])
            try catalog.append(slice)
            progress.advance(by: slice.count)
        }
        let appendSeconds = (clock.now - start).seconds
        let head = try catalog.treeHead()

        var latencies: [Double] = []
        var random = SystemRandomNumberGenerator()
        for _ in 0..<proofs {
            let index = Int64.random(in: 0..<head.size, using: &random)
            let t = clock.now
            let proof = try catalog.inclusionProof(index: index, size: head.size)
            latencies.append((clock.now - t).seconds * 1_000_000)
            precondition(!proof.isEmpty)
        }
        latencies.sort()

        var postgres: (Double, String)?
        if !noPostgres, let pg = try LocalPostgres.start(sharedBuffers: "512MB") {
            defer { pg.stop() }
            let file = directory.appendingPathComponent("entries.csv")
            let bodies = try catalog.entries(from: 0, to: head.size).map(\.entry)
            try
                (bodies.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: "\n")
                + "\n")
                .write(to: file, atomically: false, encoding: .utf8)
            _ = try? LocalPostgres.run("/bin/chmod", ["a+rx", directory.path])
            _ = try? LocalPostgres.run("/bin/chmod", ["a+r", file.path])
            try pg.psql("CREATE TABLE log(idx bigserial PRIMARY KEY, body text NOT NULL, leaf bytea NOT NULL)")
            try pg.psql(
                """
                CREATE FUNCTION leaf() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.leaf := sha256('\\x00'::bytea || convert_to(NEW.body, 'UTF8')); RETURN NEW; END $$
                """)
            try pg.psql("CREATE TRIGGER leaf BEFORE INSERT ON log FOR EACH ROW EXECUTE FUNCTION leaf()")
            try pg.psql("CHECKPOINT")
            let t = clock.now
            try pg.psql("\\copy log(body) FROM '\(file.path)' WITH (FORMAT csv)")
            postgres = (
                (clock.now - t).seconds,
                "PostgreSQL 15 COPY into an append-only table with a SHA-256 leaf column (one transaction)"
            )
        }

        // Offline verification of a large export, written here as an agency would receive it.
        report("Writing an export of \(verifyEntries) entries...")
        let signer = try NoteSigner(name: "bench", key: Curve25519.Signing.PrivateKey())
        var frontier = MerkleFrontier()
        let exportFile = directory.appendingPathComponent("entries.jsonl")
        _ = FileManager.default.createFile(atPath: exportFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: exportFile)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let samples = try records.prefix(1000).map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        var chunk = ""
        for index in 0..<verifyEntries {
            let entry = samples[index % samples.count]
            chunk += ExportLine.make(index: Int64(index), entry: entry) + "\n"
            frontier.append(Merkle.leafHash(Array(entry.utf8)))
            if chunk.utf8.count > 8 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
        try handle.close()
        let note = try signer.sign(Checkpoint(origin: "bench", size: frontier.size, root: frontier.root))
        let bytes = (try FileManager.default.attributesOfItem(atPath: exportFile.path)[.size] as? Int) ?? 0
        start = clock.now
        let text = try Data(contentsOf: exportFile)
        let verified = try ExportVerifier(key: NoteVerifier(verifierKey: signer.verifierKey)).verify(
            entries: text, checkpoints: [note], trusted: nil)
        let verifySeconds = (clock.now - start).seconds

        print("")
        print(
            "Log append, \(entries) search records in durable batches of \(batch) (Merkle nodes in the same transactions):"
        )
        print(
            String(
                format: "  Sightline embedded     %7.2f s  %9.0f entries/s", appendSeconds,
                Double(entries) / appendSeconds))
        if let (seconds, label) = postgres {
            print(String(format: "  %@  %7.2f s  %9.0f entries/s", label, seconds, Double(entries) / seconds))
            print(
                String(
                    format:
                        "  Sightline appends at %.2fx PostgreSQL's rate, with durable batches and a Merkle tree besides",
                    seconds / appendSeconds))
        }
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print(
            String(
                format: "Inclusion proofs in a %lld-entry log: p50 %.0f µs, p99 %.0f µs", head.size, percentile(0.5),
                percentile(0.99)))
        print(
            String(
                format:
                    "Offline verification of a %d-entry export (%.0f MB): %.2f s (%.0f entries/s), checkpoint size %lld",
                verifyEntries, Double(bytes) / 1e6, verifySeconds, Double(verifyEntries) / verifySeconds,
                verified.entries))
    }

    static func record(_ i: Int) -> LogRecord {
        let time = Timestamp(milliseconds: 1_795_000_000_000 + Int64(i) * 1_000)
        let request = AccessRequest(
            user: UserID("user-\(i % 50)"), agency: "riverton-pd", onBehalfOf: "riverton-pd", purpose: .stolenVehicle,
            caseNumber: "RPD-2026-\(i % 997)", justification: "Vehicle reported stolen from Main St, case follow-up",
            kind: .search, window: nil)
        let decisions = ["federal-task-force", "harlan-county-so", "northgate-mall", "riverton-pd"].map { owner in
            Decision(
                owner: AgencyID(owner), outcome: owner == "riverton-pd" ? .allow : .deny,
                rule: owner == "riverton-pd" ? "own-agency.allow" : "grant.none", reason: "benchmark")
        }
        return .search(
            SearchRecord(
                time: time, request: request, query: SearchRecord.Query(ReadQuery(plate: .exact("7ABC\(i % 1000)"))),
                decisions: decisions, counts: [.init(owner: "riverton-pd", reads: i % 7)]))
    }
}
