import ArgumentParser
import Foundation
import SightlineCore
import SightlineServer

struct CoSignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cosign", abstract: "Supervisors: review and decide co-signature requests.",
        subcommands: [List.self, Decide.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pending requests of your agency.")
        @OptionGroup var admin: AdminOptions
        func run() async throws {
            try await refusing("cosign list") {
                let (sightline, caller) = try admin.open()
                try caller.require(caller.user.role.coSigns, scope: "search", "review co-signature requests")
                for request in try sightline.catalog.pendingCoSignRequests(of: caller.user.agency) {
                    print("\(request.id)\t\(request.requester)\t\(request.created)\t\(request.summary)")
                    for decision in request.decisions {
                        print("    \(decision.owner): \(decision.rule): \(decision.reason)")
                    }
                }
            }
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve or reject a request.")
        @OptionGroup var admin: AdminOptions
        @Argument var id: String
        @Flag(help: "Approve (default: reject).") var approve = false
        @Option(help: "Why, for the record.") var note: String?
        func run() async throws {
            try await refusing("cosign") {
                let (sightline, caller) = try admin.open()
                try printJSON(try sightline.admin.decideCoSignature(id, approve: approve, note: note, by: caller))
            }
        }
    }
}

struct CameraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camera", abstract: "Register cameras (prints the device key once).", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        @OptionGroup var admin: AdminOptions
        @Option var id: String
        @Option var name: String
        @Option(help: "fixed, mobile or private-partner.") var kind: String = "fixed"
        @Option(parsing: .unconditional) var latitude: Double
        @Option(parsing: .unconditional) var longitude: Double
        @Option(help: "Degrees clockwise from north.") var heading: Double = 0

        func run() async throws {
            try await refusing("camera add") {
                let (sightline, caller) = try admin.open()
                guard let kind = Camera.Kind(rawValue: kind) else {
                    throw SightlineError(.invalidField, "kind must be fixed, mobile or private-partner", field: "kind")
                }
                let camera = Camera(
                    id: CameraID(id), owner: caller.user.agency, kind: kind, name: name,
                    location: Coordinate(latitude: latitude, longitude: longitude), heading: heading)
                print(try sightline.admin.addCamera(camera, by: caller))
            }
        }
    }
}

struct Declare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "declare",
        abstract: "File an out-of-state agency's written declaration with your agency (Illinois).",
        discussion: "Records the SHA-256 of the signed document; the document stays with you.")

    @OptionGroup var admin: AdminOptions
    @Option var recipient: String
    @Option(help: "The signed declaration document.") var document: String
    @Option(help: "Days the declaration stays on file.") var days: Int = 365

    func run() async throws {
        try await refusing("declare") {
            let (sightline, caller) = try admin.open()
            let data = try Data(contentsOf: URL(fileURLWithPath: document))
            let declaration = try sightline.admin.fileDeclaration(
                recipient: AgencyID(recipient), documentSHA256: sha256Hex(data),
                expiry: Timestamp.now.adding(milliseconds: Int64(days) * Timestamp.millisecondsPerDay), by: caller)
            try printJSON(declaration)
        }
    }
}
