import ArgumentParser
import Foundation
import SightlineCore
import SightlineSimulator

struct BenchAlerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract:
            "Hot-list matching cost per read against a large list (end-to-end alert latency comes with alert delivery)."
    )

    @Option(help: "Entries in the hot list.") var entries: Int = 1_000_000
    @Option(help: "Reads to match.") var reads: Int = 1_000_000

    func run() async throws {
        var random = SeededRandom(seed: 11)
        let letters = Array("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")
        func plate() -> String { String((0..<7).map { _ in letters.randomElement(using: &random)! }) }
        let list = (0..<entries).map { _ in HotListEntry(plate: plate(), region: "US-CA", category: .stolenVehicle) }
        let clock = ContinuousClock()
        var start = clock.now
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
        start = clock.now
        var hits = 0
        for read in sample { hits += matcher.matches(read, at: now).count }
        let seconds = (clock.now - start).seconds
        print(String(format: "Built a %d-entry matcher in %.2f s", entries, build))
        print(
            String(
                format: "Matched %d reads (exact, confusable and candidates) in %.3f s: %.0f ns per read, %d hits",
                reads, seconds, seconds / Double(reads) * 1e9, hits))
    }
}
