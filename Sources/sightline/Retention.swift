import ArgumentParser
import Foundation
import SightlineCore
import SightlineServer
import Synchronization

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Destroy what retention no longer allows to keep (the server does it every minute).",
        subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run retention once, now, and print what was destroyed (counts and ranges, never plates).")
        @OptionGroup var data: DataDirectoryOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await refusing("retention run") {
                try await store.withSightline(dataDirectory: data.url) { sightline in
                    let bar = Mutex((ProgressBar("Retention: days checked", total: 1), 0))
                    let report = try await sightline.retention.runOnce { done, total in
                        bar.withLock { state in
                            if state.1 == 0 { state.0 = ProgressBar("Retention: days checked", total: total) }
                            state.0.advance(by: done - state.1)
                            state.1 = done
                        }
                    }
                    for partition in report.partitions {
                        print(
                            "\(partition.partition)\t\(partition.reads) reads\t\(partition.images) images\t"
                                + "\(partition.from?.rfc3339 ?? "-") … \(partition.to?.rfc3339 ?? "-")"
                                + (partition.removed ? "\tday removed" : ""))
                    }
                    print(
                        "Destroyed \(report.reads) reads in \(report.partitions.count) days; \(report.held) kept by legal holds."
                    )
                }
            }
        }
    }
}

struct HoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold", abstract: "Agency administrators: legal holds that keep reads past retention.",
        subcommands: [Place.self, List.self, Release.self])

    struct Place: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hold a plate (within a window) or named reads.")
        @OptionGroup var admin: AdminOptions
        @Option(name: .customLong("case"), help: "Case number.") var caseNumber: String
        @Option(help: "court-order or preservation-letter.") var authority: String
        @Option(help: "The order's or letter's number.") var reference: String
        @Option(help: "The plate to hold.") var plate: String?
        @Option(help: "A read id to hold (yyyymmdd-row; repeatable).") var read: [String] = []
        @Option(help: "Earliest time held (RFC 3339).") var from: String?
        @Option(help: "Latest time held (RFC 3339).") var to: String?
        @Option(help: "When the hold ends (RFC 3339).") var expiry: String

        func run() async throws {
            try await refusing("hold place") {
                let (sightline, caller) = try admin.open()
                let reads = try read.map { text -> ReadID in
                    guard let id = ReadID(text) else { throw ValidationError("--read is yyyymmdd-row") }
                    return id
                }
                let request = HoldRequest(
                    case: caseNumber, authority: authority, reference: reference, reads: reads, plate: plate,
                    from: try timestamp(from, "from"), to: try timestamp(to, "to"),
                    expiry: try timestamp(expiry, "expiry"))
                try printJSON(try sightline.admin.placeHold(request, by: caller))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Your agency's holds.")
        @OptionGroup var admin: AdminOptions
        func run() async throws {
            try await refusing("hold list") {
                let (sightline, caller) = try admin.open()
                try printJSON(try sightline.admin.holds(by: caller))
            }
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a hold before its expiry.")
        @OptionGroup var admin: AdminOptions
        @Argument var id: String
        func run() async throws {
            try await refusing("hold release") {
                let (sightline, caller) = try admin.open()
                try printJSON(try sightline.admin.releaseHold(id, by: caller))
            }
        }
    }
}
