import ArgumentParser
import Foundation
import SightlineCore
import SightlineServer

struct GrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: "Sharing grants: issue, revoke, list.",
        subcommands: [Issue.self, Revoke.self, List.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grant one named agency access to your agency's data.")
        @OptionGroup var admin: AdminOptions
        @Option var recipient: String
        @Option(help: "A purpose the grant covers (repeatable).") var purpose: [String]
        @Option(help: "search or timeline (repeatable).") var kind: [String] = ["search", "timeline"]
        @Option(help: "Days until it expires (at most 366).") var days: Int = 90

        func run() async throws {
            try await refusing("grant issue") {
                let (sightline, caller) = try admin.open()
                let purposes = try purpose.map { text in
                    guard let value = Purpose(rawValue: text) else {
                        throw SightlineError(.invalidField, "unknown purpose \(text)", field: "purpose")
                    }
                    return value
                }
                let kinds = try kind.map { text in
                    guard let value = QueryKind(rawValue: text) else {
                        throw SightlineError(.invalidField, "unknown kind \(text)", field: "kind")
                    }
                    return value
                }
                let request = GrantRequest(
                    recipient: AgencyID(recipient), purposes: purposes, kinds: kinds, start: .now,
                    expiry: Timestamp.now.adding(milliseconds: Int64(days) * Timestamp.millisecondsPerDay))
                try printJSON(try sightline.admin.issueGrant(request, by: caller))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a grant at once.")
        @OptionGroup var admin: AdminOptions
        @Argument var id: String
        func run() async throws {
            try await refusing("grant revoke") {
                let (sightline, caller) = try admin.open()
                try printJSON(try sightline.admin.revokeGrant(id, by: caller))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every grant an agency issued, in force or not.")
        @OptionGroup var data: DataDirectoryOption
        @Argument var agency: String
        func run() async throws {
            let now = Timestamp.now
            for grant in try Sightline.open(dataDirectory: data.url).catalog.grants(issuedBy: AgencyID(agency)) {
                let state = grant.isActive(at: now) ? "active" : (grant.revoked != nil ? "revoked" : "expired")
                print(
                    "\(grant.id)\t\(grant.recipient)\t\(state)\t\(grant.purposes.map(\.rawValue).joined(separator: ","))\tuntil \(grant.expiry)"
                )
            }
        }
    }
}
