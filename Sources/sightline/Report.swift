import ArgumentParser
import Foundation
import SightlineCore
import SightlineServer

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports computed from the log.", subcommands: [Transparency.self])

    struct Transparency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an agency's transparency report as HTML (with charts), JSON and CSV.")
        @OptionGroup var data: DataDirectoryOption
        @Option var agency: String
        @Option(help: "First day (RFC 3339); default 30 days ago.") var from: String?
        @Option(help: "Last instant (RFC 3339); default now.") var to: String?
        @Option(help: "The folder to write.") var out: String = "transparency-report"

        func run() async throws {
            try await withDeployment(data.url) { try await write(from: $0) }
        }

        private func write(from sightline: Sightline) async throws {
            let now = Timestamp.now
            func time(_ text: String?, _ fallback: Timestamp) throws -> Timestamp {
                guard let text else { return fallback }
                guard let value = Timestamp(rfc3339: text) else { throw ValidationError("times are RFC 3339") }
                return value
            }
            let report = try await sightline.admin.transparencyReport(
                of: AgencyID(agency),
                from: try time(from, now.adding(milliseconds: -30 * Timestamp.millisecondsPerDay)),
                to: try time(to, now), audit: sightline.audit, store: sightline.store)
            let folder = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try report.html.write(to: folder.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
            try report.csv.write(to: folder.appendingPathComponent("report.csv"), atomically: true, encoding: .utf8)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: folder.appendingPathComponent("report.json"))
            print(
                "Wrote \(out)/report.html, report.json and report.csv: \(report.reads) reads, \(report.searches) searches, \(report.findings.count) findings, at log size \(report.logSize)."
            )
        }
    }
}
