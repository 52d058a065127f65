import ArgumentParser
import Foundation
import SightlineCore
import SightlineServer

struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts", abstract: "Hot-list alerts delivered to your agency.",
        subcommands: [List.self, Watch.self, Dispose.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deliveries after a sequence number, as JSON.")
        @OptionGroup var admin: AdminOptions
        @Option(help: "Only deliveries after this sequence number.") var after: Int64 = 0
        @Option(help: "At most this many.") var limit: Int = 100

        func run() async throws {
            try await refusing("alerts list") {
                let (sightline, caller) = try admin.open()
                try printJSON(try sightline.alerts.deliveries(for: caller, after: after, limit: limit))
            }
        }
    }

    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow a running server's live alert stream, one line per alert.",
            discussion: "Reconnects after a dropped connection and resumes after the last alert seen.")
        @Option(help: "The server's address.") var server: String = "http://127.0.0.1:8080"
        @Option(help: "Your token (or set SIGHTLINE_TOKEN).") var token: String?
        @Option(help: "Start after this sequence number (default: from now).") var after: Int64?

        func run() async throws {
            guard let token = token ?? ProcessInfo.processInfo.environment["SIGHTLINE_TOKEN"] else {
                report("a token is required (--token or SIGHTLINE_TOKEN)")
                throw ExitCode(1)
            }
            let client = AlertStreamClient(server: server, token: token)
            var last = after
            while !Task.isCancelled {
                do {
                    last = try await client.stream(after: last) { delivery in
                        print(Self.line(delivery))
                        return true
                    }
                } catch let error as SightlineError {
                    report(error.message)
                    throw ExitCode(1)
                } catch {
                    report("stream interrupted (\(error)); reconnecting after \(last.map(String.init) ?? "now")")
                }
                try await Task.sleep(for: .seconds(1))
            }
        }

        static func line(_ d: AlertDelivery) -> String {
            let a = d.alert
            return
                "#\(d.sequence) alert \(a.id) \(a.read.time) \(a.entry.plate) [\(a.match.rawValue)\(a.match == .exact ? "" : " on \(a.matchedText)")] "
                + "\(a.entry.category.name), P\(a.entry.priority), case \(a.entry.caseNumber ?? "none") — camera \(a.read.camera) (\(a.read.owner)), "
                + "list \(a.list) (\(a.listOwner))"
        }
    }

    struct Dispose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record what an alert turned out to be.")
        @OptionGroup var admin: AdminOptions
        @Argument(help: "The alert's id.") var alert: Int64
        @Argument(help: "confirmed, misread, wrong-state or no-action.") var disposition: DispositionKind
        @Option(help: "What was done.") var action: String
        @Option(help: "A note.") var note: String?

        func run() async throws {
            try await refusing("alerts dispose") {
                let (sightline, caller) = try admin.open()
                let delivery = try sightline.alerts.dispose(
                    alert: alert, as: disposition, action: action, note: note, by: caller)
                print("alert \(delivery.alert.id): \(disposition.rawValue) (\(action))")
            }
        }
    }
}
