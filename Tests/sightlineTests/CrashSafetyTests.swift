import Foundation
import Testing

@testable import sightline

@Suite("Crash safety")
struct CrashSafetyTests {
    /// The `sightline` executable `swift test` builds beside the test bundle.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("sightline")

    @Test("a server killed with SIGKILL mid-ingest loses nothing it acknowledged, and the harness would see a loss")
    func killed() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.executable.path), "no \(Self.executable.path)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-crash-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let data = scratch.appendingPathComponent("data")
        defer { try? FileManager.default.removeItem(atPath: data.path + "-keys") }
        let harness = CrashHarness(
            configuration: .init(executable: Self.executable, directory: data, rounds: 2, killAfter: 1.0...2.5))
        let report = try await harness.run()
        #expect(report.violations.isEmpty, "\(report.violations.prefix(5))")
        #expect(report.rounds == 2)
        #expect(report.acknowledgedReads > 0)
        #expect(report.acknowledgedSearches > 0)
        #expect(report.logEntries > Int64(report.acknowledgedSearches))

        // A batch the ledger says was acknowledged but was never stored is reported.
        var check = CrashHarness.Report()
        var ledger = CrashHarness.Ledger()
        ledger.batches = [(plates: ["K00Z999", "K00Z998"], acknowledged: true)]
        _ = try await harness.verify(round: 0, ledger: ledger, trusted: nil, into: &check)
        #expect(check.violations.count == 1)
        #expect(check.violations.first?.contains("lost 2 of 2") == true)
    }
}
