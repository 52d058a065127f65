import ArgumentParser
import Foundation
import SightlineCore
import SightlinePolicy
import SightlineServer
import SightlineStore

/// Options shared by every administrative command: the data directory and the administrator's
/// token. The CLI has no back door: it acts as the signed-in administrator, through the same
/// services and checks as the API, and every change is logged under that name.
struct AdminOptions: ParsableArguments {
    @OptionGroup var data: DataDirectoryOption

    @Option(help: "Your token (or set SIGHTLINE_TOKEN).")
    var token: String?

    func open() throws -> (Sightline, Caller) {
        let sightline = try Sightline.open(dataDirectory: data.url)
        let caller = try sightline.authenticator.caller(token ?? ProcessInfo.processInfo.environment["SIGHTLINE_TOKEN"])
        return (sightline, caller)
    }
}

/// Runs a command body, turning Sightline errors into a message and a failing exit code.
func refusing(_ what: String, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as SightlineError {
        report("\(what) refused: \(error.message)" + (error.field.map { " [field \($0)]" } ?? ""))
        throw ExitCode(1)
    }
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the first system administrator of a new deployment.",
        discussion:
            "Refused once a system administrator exists. Prints the TOTP secret once; the password is read from SIGHTLINE_PASSWORD or standard input."
    )

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "The administrator's user id.") var user: String = "sysadmin"
    @Option(help: "The administrator's name.") var name: String = "System administrator"

    func run() async throws {
        let password =
            ProcessInfo.processInfo.environment["SIGHTLINE_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
        try await refusing("init") {
            let sightline = try Sightline.open(dataDirectory: data.url)
            let operatorName = ProcessInfo.processInfo.environment["USER"] ?? "console"
            let enrolment = try sightline.admin.bootstrap(
                User(id: UserID(user), agency: "sightline-operators", name: name, role: .systemAdministrator),
                password: password, operator: operatorName)
            try printJSON(enrolment)
        }
    }
}

struct AgencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agency", abstract: "Agencies, their law pack and tightenings, and who can reach their data.",
        subcommands: [Add.self, List.self, Access.self, Policy.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an agency (system administrators).")
        @OptionGroup var admin: AdminOptions
        @Option var id: String
        @Option var name: String
        @Option(help: "One of: \(AgencyKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: String
        @Option var country: String
        @Option var state: String?

        func run() async throws {
            try await refusing("agency add") {
                let (sightline, caller) = try admin.open()
                guard let kind = AgencyKind(rawValue: kind) else {
                    throw SightlineError(.invalidField, "unknown kind \(kind)", field: "kind")
                }
                let agency = Agency(
                    id: AgencyID(id), name: name, kind: kind, jurisdiction: Jurisdiction(country: country, state: state)
                )
                try sightline.admin.addAgency(agency, by: caller)
                try printJSON(agency)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List agencies.")
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            for agency in try Sightline.open(dataDirectory: data.url).catalog.agencies() {
                print(
                    "\(agency.id)\t\(agency.kind.rawValue)\t\(agency.jurisdiction.country)-\(agency.jurisdiction.state ?? "")\t\(agency.name)"
                )
            }
        }
    }

    struct Access: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every agency that can reach an agency's data, and why.")
        @OptionGroup var data: DataDirectoryOption
        @Argument var agency: String
        func run() async throws {
            try await refusing("agency access") {
                try printJSON(try Sightline.open(dataDirectory: data.url).admin.accessList(of: AgencyID(agency)))
            }
        }
    }

    struct Policy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Tighten your agency's law pack (shorter retention, refused purposes, earlier co-signature, hit-only).")
        @OptionGroup var admin: AdminOptions
        @Argument var agency: String
        @Option(help: "Retention in days, shorter than the pack's.") var retentionDays: Int?
        @Option(help: "A purpose to refuse (repeatable).") var prohibit: [String] = []
        @Option(help: "Require co-signature for searches reaching back further than this.") var coSignAfterDays: Int?
        @Flag(help: "Answer hit / no-hit only.") var hitOnly = false

        func run() async throws {
            try await refusing("agency policy") {
                let (sightline, caller) = try admin.open()
                guard let record = try sightline.catalog.agency(AgencyID(agency)) else {
                    throw SightlineError(.notFound, "no agency \(agency)")
                }
                let purposes = try prohibit.map { text in
                    guard let purpose = Purpose(rawValue: text) else {
                        throw SightlineError(.invalidField, "unknown purpose \(text)", field: "prohibit")
                    }
                    return purpose
                }
                let requested = AgencyPolicy(
                    pack: sightlinePackID(for: record, in: sightline), retentionDays: retentionDays,
                    prohibitedPurposes: purposes, coSignAfterDays: coSignAfterDays, hitOnly: hitOnly)
                try printJSON(try sightline.admin.setPolicy(requested, for: AgencyID(agency), by: caller))
            }
        }
    }
}

/// The law pack that governs an agency's jurisdiction: the only one it may be under.
func sightlinePackID(for agency: Agency, in sightline: Sightline) -> String {
    LawPack.id(for: agency.jurisdiction, among: sightline.packs)
}
