import AsyncHTTPClient
import Foundation
import NIOCore
import SightlineAudit
import SightlineCore
import SightlinePostgres
import SightlineServer
import SightlineStore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `sightline serve` as a child process, ingests and searches against it while keeping a
/// ledger of what it acknowledged, kills it with SIGKILL at a random moment, and checks, before
/// restarting it, that everything acknowledged survived, that no batch survived in part, that the
/// log still verifies and extends the last checkpoint, and that SQLite finds every file sound.
struct CrashHarness {
    struct Configuration {
        var executable: URL
        var directory: URL
        var rounds: Int
        /// The child is killed at a random moment in this range after it answers its first request.
        var killAfter: ClosedRange<Double> = 0.2...2.0
        var writers = 4
        var batchSize = 20
    }

    struct Report: CustomStringConvertible {
        var rounds = 0
        var acknowledgedBatches = 0
        var acknowledgedReads = 0
        /// Batches sent but not acknowledged before the kill: each was found whole or not at all.
        var inFlightKept = 0
        var inFlightGone = 0
        var acknowledgedSearches = 0
        var logEntries: Int64 = 0
        var violations: [String] = []

        var description: String {
            """
            \(rounds) rounds: \(acknowledgedReads) reads in \(acknowledgedBatches) acknowledged batches and \
            \(acknowledgedSearches) acknowledged searches, all present after SIGKILL; \
            \(inFlightKept + inFlightGone) batches in flight at a kill (\(inFlightKept) kept whole, \
            \(inFlightGone) absent, none in part); log of \(logEntries) entries verified and extending every \
            earlier checkpoint; \(violations.count) violations
            """
        }
    }

    /// What a round's clients sent and what the server acknowledged.
    struct Ledger: Sendable {
        var batches: [(plates: [String], acknowledged: Bool)] = []
        var searches: [(index: Int64, caseNumber: String)] = []
    }

    final class LedgerBox: Sendable {
        let state = Mutex(Ledger())
        /// Set once the child is killed, so no client waits on a server that is gone.
        let killed = Atomic<Bool>(false)
    }

    let configuration: Configuration
    static let agency = AgencyID("crash-pd")

    func run(progress: (Int, Report) -> Void = { _, _ in }) async throws -> Report {
        let (keys, token) = try setUp()
        var report = Report()
        var trusted: String?
        for round in 0..<configuration.rounds {
            let ledger = try await crash(round: round, keys: keys, token: token)
            trusted = try await verify(round: round, ledger: ledger, trusted: trusted, into: &report)
            report.rounds += 1
            progress(round + 1, report)
        }
        return report
    }

    /// One agency, a camera per writer with its device key, and an investigator's API token.
    private func setUp() throws -> ([String], String) {
        let sightline = try Sightline.open(dataDirectory: configuration.directory)
        let catalog = sightline.catalog
        let actor = Actor.localOperator("crash")
        try catalog.add(
            Agency(
                id: Self.agency, name: "Crash Test PD", kind: .localPolice,
                jurisdiction: Jurisdiction(country: "US", state: "CA")), by: actor)
        var keys: [String] = []
        for writer in 0..<configuration.writers {
            let id = CameraID("crash-\(writer)")
            try catalog.add(
                Camera(
                    id: id, owner: Self.agency, kind: .fixed, name: "Crash \(writer)",
                    location: Coordinate(latitude: 38.5, longitude: -121.5 + Double(writer) / 100), heading: 0),
                by: actor)
            keys.append(try catalog.issueDeviceKey(for: id, by: actor))
        }
        try catalog.add(User(id: "crash-inv", agency: Self.agency, name: "Crash Investigator"), by: actor)
        return (keys, try catalog.issueToken(for: "crash-inv", by: actor))
    }

    /// Plates of round `r` start with "K" and the round in base 36, so one wildcard finds them.
    static func prefix(_ round: Int) -> String {
        let digits = String(round % 1296, radix: 36, uppercase: true)
        return "K" + String(repeating: "0", count: 2 - digits.count) + digits
    }

    private func crash(round: Int, keys: [String], token: String) async throws -> Ledger {
        let port = try LocalPostgres.freePort()
        let server = "http://127.0.0.1:\(port)"
        let child = Process()
        child.executableURL = configuration.executable
        child.arguments = ["serve", "--data-dir", configuration.directory.path, "--port", "\(port)"]
        let log = configuration.directory.deletingLastPathComponent().appendingPathComponent("crash-child.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        child.standardOutput = try FileHandle(forWritingTo: log)
        child.standardError = child.standardOutput
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }

        let http = HTTPClient.shared
        var ready = false
        for _ in 0..<600 where !ready {
            var request = HTTPClientRequest(url: "\(server)/health")
            request.method = .GET
            ready = (try? await http.execute(request, timeout: .seconds(1)))?.status == .ok
            if !ready { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard ready else { throw BenchError("the server did not start on port \(port); see \(log.path)") }

        let ledger = LedgerBox()
        let prefix = Self.prefix(round)
        let batchSize = configuration.batchSize
        let delay = Double.random(in: configuration.killAfter)
        await withTaskGroup(of: Void.self) { group in
            for (writer, key) in keys.enumerated() {
                group.addTask {
                    var sequence = 0
                    // Until the kill makes a request fail, and few enough that one search per
                    // writer (limit 10,000) sees them all.
                    while sequence < 400, !ledger.killed.load(ordering: .relaxed) {
                        let plates = (0..<batchSize).map { offset in
                            let n = String((sequence * batchSize + offset) % 46_656, radix: 36, uppercase: true)
                            return prefix + "\(writer)" + String(repeating: "0", count: 3 - n.count) + n
                        }
                        sequence += 1
                        let index = ledger.state.withLock { ledger in
                            ledger.batches.append((plates, false))
                            return ledger.batches.count - 1
                        }
                        let time = Timestamp.now.adding(milliseconds: -1_000).rfc3339
                        let body =
                            "{\"reads\":["
                            + plates.map { "{\"plate\":\"\($0)\",\"time\":\"\(time)\",\"confidence\":0.9}" }
                            .joined(separator: ",") + "]}"
                        var request = HTTPClientRequest(url: "\(server)/v1/reads")
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(key)")
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: body))
                        guard let response = try? await http.execute(request, timeout: .seconds(10)),
                            response.status == .created
                        else { return }
                        ledger.state.withLock { $0.batches[index].acknowledged = true }
                    }
                }
            }
            group.addTask {
                var n = 0
                while !ledger.killed.load(ordering: .relaxed) {
                    try? await Task.sleep(for: .milliseconds(100))
                    guard let plate = ledger.state.withLock({ $0.batches.first { $0.acknowledged }?.plates.first })
                    else {
                        continue
                    }
                    n += 1
                    let caseNumber = "CRASH-\(round)-\(n)"
                    var request = HTTPClientRequest(url: "\(server)/v1/searches")
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Bearer \(token)")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(
                        ByteBuffer(
                            string:
                                "{\"query\":{\"plate\":\"\(plate)\"},\"purpose\":\"stolen-vehicle\",\"case\":\"\(caseNumber)\",\"justification\":\"Crash harness checks the log survives\",\"onBehalfOf\":\"\(Self.agency)\"}"
                        ))
                    guard let response = try? await http.execute(request, timeout: .seconds(10)),
                        response.status == .ok,
                        let body = try? await response.body.collect(upTo: 1 << 24),
                        let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
                        let index = (object["logIndex"] as? NSNumber)?.int64Value
                    else { return }
                    ledger.state.withLock { $0.searches.append((index, caseNumber)) }
                }
            }
            try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            kill(child.processIdentifier, SIGKILL)
            ledger.killed.store(true, ordering: .relaxed)
            await group.waitForAll()
        }
        while child.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        return ledger.state.withLock { $0 }
    }

    /// Opens the data directory as the restarted server would, and checks it.
    func verify(
        round: Int, ledger: Ledger, trusted: String?, into report: inout Report
    ) async throws -> String {
        func fail(_ message: String) { report.violations.append("round \(round): \(message)") }
        let sightline = try Sightline.open(dataDirectory: configuration.directory)
        let caller = try sightline.authenticator.caller(
            try sightline.catalog.issueToken(for: "crash-inv", by: .localOperator("crash")))
        var present = Set<String>()
        for writer in 0..<configuration.writers {
            let search = SearchRequest(
                query: .init(plate: Self.prefix(round) + "\(writer)*", limit: ReadQuery.maximumLimit),
                purpose: "stolen-vehicle", case: "CRASH-VERIFY-\(round)",
                justification: "Crash harness checks acknowledged reads survive", onBehalfOf: Self.agency)
            let found = try await sightline.searches.search(search, by: caller)
            if found.truncated { fail("writer \(writer)'s search was truncated") }
            present.formUnion(found.reads.map(\.plate))
        }
        for batch in ledger.batches {
            let kept = batch.plates.filter(present.contains).count
            if batch.acknowledged {
                report.acknowledgedBatches += 1
                report.acknowledgedReads += batch.plates.count
                if kept != batch.plates.count {
                    fail("an acknowledged batch lost \(batch.plates.count - kept) of \(batch.plates.count) reads")
                }
            } else if kept == batch.plates.count {
                report.inFlightKept += 1
            } else if kept == 0 {
                report.inFlightGone += 1
            } else {
                fail("a batch survived in part: \(kept) of \(batch.plates.count) reads")
            }
        }
        for (index, caseNumber) in ledger.searches {
            report.acknowledgedSearches += 1
            let entry = try sightline.catalog.entries(from: index, to: index + 1).first
            let record = try entry.map { try JSONDecoder().decode(LogRecord.self, from: Data($0.entry.utf8)) }
            if record?.search?.request.caseNumber != caseNumber {
                fail("acknowledged search \(caseNumber) is not log entry \(index)")
            }
        }
        let export = configuration.directory.deletingLastPathComponent().appendingPathComponent("crash-export")
        try? FileManager.default.removeItem(at: export)
        let (size, note) = try sightline.audit.export(to: export, by: .localOperator("crash"), agency: Self.agency)
        do {
            _ = try ExportVerifier(key: try NoteVerifier(verifierKey: sightline.audit.verifierKey)).verify(
                entries: try Data(contentsOf: export.appendingPathComponent("entries.jsonl")),
                checkpoints: try AuditService.checkpointNotes(in: export), trusted: trusted)
        } catch {
            fail("the log does not verify: \(error)")
        }
        report.logEntries = size
        for problem in try sightline.catalog.integrityProblems() { fail(problem) }
        if let store = sightline.store as? EmbeddedReadStore {
            for problem in try store.integrityProblems() { fail(problem) }
        }
        return note
    }
}
