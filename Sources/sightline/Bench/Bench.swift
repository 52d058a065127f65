import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks, side by side with PostgreSQL on the same data. Build with -c release.",
        subcommands: [
            BenchIngest.self, BenchAudit.self, BenchAlerts.self, BenchSearch.self, BenchCrash.self, BenchLoad.self,
        ])
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
