public import ArgumentParser
import Foundation
public import SightlineCore
import SightlineIngest
import SightlineServer

struct HotListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotlist", abstract: "Hot lists.",
        subcommands: [Import.self, List.self, Show.self, Add.self, Remove.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace one of your agency's hot lists with a file (NCIC, NCIC CSV, CLEW, TCIC or CSV).")
        @OptionGroup var admin: AdminOptions
        @Option(help: "The list's name.") var name: String
        @Option(help: "ncic, ncic-csv, clew, tcic or csv; a .tbl file is CLEW.") var format: String?
        @Option(help: "shared (the default: your hot-list-sharing grantees too) or agency (yours alone).")
        var audience: HotListAudience = .shared
        @Option(help: "More plates to skip as known false alerts, comma-separated.") var skip: String = ""
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
                    category: HotListFile.clewCategory(forFileName: file) ?? .stolenVehicle, audience: audience,
                    alsoSkip: Set(skip.split(separator: ",").map(String.init)), by: caller)
                for warning in summary.warnings { report("warning: \(warning)") }
                print(
                    "\(summary.list): \(summary.entries) entries (\(summary.added) added, \(summary.removed) removed), \(summary.skipped) skipped, \(summary.refused) refused by law"
                )
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Your agency's lists and their sizes.")
        @OptionGroup var admin: AdminOptions

        func run() async throws {
            try await refusing("hotlist list") {
                let (sightline, caller) = try admin.open()
                for list in try sightline.admin.hotLists(by: caller) {
                    print("\(list.name)\t\(list.entries) entries\t\(list.source)\tupdated \(list.updated)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One list's entries, as JSON.")
        @OptionGroup var admin: AdminOptions
        @Argument var name: String

        func run() async throws {
            try await refusing("hotlist show") {
                let (sightline, caller) = try admin.open()
                try printJSON(try sightline.admin.hotListEntries(name, by: caller))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or replace one entry of a list.")
        @OptionGroup var admin: AdminOptions
        @Option(help: "The list's name.") var name: String
        @Option(help: "An NCIC file code (V, F, P, A, …) or agency.") var category: HotListCategory
        @Option(help: "Issuer, such as US-CA.") var region: String?
        @Option(help: "Why the plate is listed.") var reason: String?
        @Option(name: .customLong("case"), help: "The case number.") var caseNumber: String?
        @Option(help: "When the entry lapses (RFC 3339).") var expiry: String?
        @Option(help: "1 (highest) to 5.") var priority: Int?
        @Option(help: "shared or agency.") var audience: HotListAudience?
        @Argument var plate: String

        func run() async throws {
            try await refusing("hotlist add") {
                let (sightline, caller) = try admin.open()
                let expiryTime = try expiry.map { text in
                    guard let time = Timestamp(rfc3339: text) else {
                        throw SightlineError(.invalidField, "expiry is an RFC 3339 time", field: "expiry")
                    }
                    return time
                }
                let entry = try sightline.admin.addHotListEntry(
                    NewHotListEntry(
                        plate: plate, region: region, category: category, reason: reason, caseNumber: caseNumber,
                        expiry: expiryTime, priority: priority, audience: audience), to: name, by: caller)
                print("\(entry.plate) is on \(name) (\(entry.category.name))")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a plate from a list.")
        @OptionGroup var admin: AdminOptions
        @Option(help: "The list's name.") var name: String
        @Argument var plate: String

        func run() async throws {
            try await refusing("hotlist remove") {
                let (sightline, caller) = try admin.open()
                try sightline.admin.removeHotListEntry(plate: plate, from: name, by: caller)
                print("removed \(plate) from \(name)")
            }
        }
    }
}

extension HotListCategory: ExpressibleByArgument {}
extension HotListAudience: ExpressibleByArgument {}
extension DispositionKind: ExpressibleByArgument {}
