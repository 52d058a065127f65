import ArgumentParser
import Foundation
import SightlineCore
import SightlineIngest
import SightlineServer

struct HotListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotlist", abstract: "Hot lists.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace one of your agency's hot lists with a file (NCIC, NCIC CSV, CLEW, TCIC or CSV).")
        @OptionGroup var admin: AdminOptions
        @Option(help: "The list's name.") var name: String
        @Option(help: "ncic, ncic-csv, clew, tcic or csv; a .tbl file is CLEW.") var format: String?
        @Argument var file: String

        func run() async throws {
            try await refusing("hotlist import") {
                let (sightline, caller) = try admin.open()
                let chosen = format ?? (file.lowercased().hasSuffix(".tbl") ? "clew" : "csv")
                guard let fileFormat = HotListFile.Format(rawValue: chosen) else {
                    throw SightlineError(.invalidField, "unknown format \(chosen)", field: "format")
                }
                let summary = try sightline.admin.importHotList(
                    named: name, format: fileFormat, text: try String(contentsOfFile: file, encoding: .utf8),
                    category: HotListFile.clewCategory(forFileName: file) ?? .stolenVehicle, by: caller)
                print(
                    "\(summary.list): \(summary.entries) entries (\(summary.added) added, \(summary.removed) removed), \(summary.skipped) skipped, \(summary.refused) refused by law"
                )
            }
        }
    }
}
