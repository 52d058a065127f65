import ArgumentParser
import Foundation

struct BenchLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "A bounded load on loopback: cameras ingesting, live alert subscribers and searches, at once.",
        discussion: "Reports throughput, latency percentiles and errors, and checks every acknowledged read is stored.")

    @Option(help: "Seconds of load.") var seconds = 30
    @Option(help: "Cameras posting, each with its own device key.") var cameras = 300
    @Option(help: "Reads per second in all, in batches of 10.") var rate = 3_000
    @Option(help: "Concurrent posting connections.") var writers = 16
    @Option(help: "Live alert subscribers.") var subscribers = 100
    @Option(help: "Investigators searching back to back.") var searchers = 4

    func run() async throws {
        let result = try await LoadRun(
            seconds: seconds, cameras: cameras, rate: rate, writers: writers, subscribers: subscribers,
            searchers: searchers
        ).run()
        func ms(_ values: [Double]) -> String {
            String(
                format: "p50 %.1f / p95 %.1f / p99 %.1f ms", values.quantile(0.5), values.quantile(0.95),
                values.quantile(0.99))
        }
        print(
            """
            Ingest:   \(result.reads) reads in \(result.batches) batches over \(String(format: "%.1f", result.elapsed)) s = \(Int(Double(result.reads) / result.elapsed)) reads/s; batch \(ms(result.batchLatency))
            Searches: \(result.searches) (\(String(format: "%.1f", Double(result.searches) / result.elapsed))/s); \(ms(result.searchLatency))
            Alerts:   \(result.alertsStored) raised; \(result.deliveriesReceived) of \(result.deliveriesExpected) deliveries to \(subscribers) subscribers (\(result.reconnects) resumed streams); from acknowledgement \(ms(result.alertLatency))
            Errors:   \(result.errors.isEmpty ? "none" : result.errors.map { "\($0.key): \($0.value)" }.sorted().joined(separator: ", "))
            Stored:   \(result.stored) reads; acknowledged but missing: \(result.lost)
            """)
        if result.lost > 0 { throw ExitCode.failure }
    }
}
