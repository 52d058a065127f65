import ArgumentParser
import Foundation

struct BenchCrash: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash",
        abstract:
            "Kill a serving child with SIGKILL mid-ingest, again and again, and check nothing acknowledged is lost.",
        discussion: """
            Each round starts `sightline serve` on a scratch data directory, ingests from several \
            cameras and searches while recording what was acknowledged, kills the server at a random \
            moment, then opens the directory as a restart would: every acknowledged read and search log \
            entry must be there, no batch in part, the log must verify and extend the previous round's \
            checkpoint, and SQLite's integrity check must pass on every file.
            """)

    @Option(help: "Kill and restart this many times.") var rounds = 100
    @Option(help: "Latest moment of the kill, in seconds after the server is up.") var killAfter = 2.0

    func run() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sightline-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        guard let executable = Bundle.main.executableURL else { throw BenchError("cannot find this executable") }
        var bar = ProgressBar("Crash rounds", total: rounds)
        let start = ContinuousClock.now
        let report = try await CrashHarness(
            configuration: .init(
                executable: executable, directory: scratch.appendingPathComponent("data"), rounds: rounds,
                killAfter: 0.2...max(0.3, killAfter))
        ).run { _, _ in bar.advance(by: 1) }
        print(report)
        print("took \(ContinuousClock.now - start)")
        for violation in report.violations { print("VIOLATION " + violation) }
        if !report.violations.isEmpty { throw ExitCode.failure }
    }
}
