import ArgumentParser

@main
struct SightlineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sightline",
        abstract: "A licence plate reader data platform that agencies can trust and the public can check.",
        subcommands: [Serve.self, Demo.self, Import.self, Search.self, Bench.self])
}
