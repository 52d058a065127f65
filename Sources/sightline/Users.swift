import ArgumentParser
import Foundation
import SightlineCore
import SightlineServer

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Users, roles, tokens and locks.",
        subcommands: [Add.self, Role.self, Token.self, Unlock.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user; prints the TOTP secret once. Password from SIGHTLINE_PASSWORD or standard input.")
        @OptionGroup var admin: AdminOptions
        @Option var id: String
        @Option var agency: String
        @Option var name: String
        @Option(help: "One of: \(SightlineCore.Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role:
            String

        func run() async throws {
            let password =
                ProcessInfo.processInfo.environment["SIGHTLINE_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            try await refusing("user add") {
                let (sightline, caller) = try admin.open()
                guard let role = SightlineCore.Role(rawValue: role) else {
                    throw SightlineError(.invalidField, "unknown role \(role)", field: "role")
                }
                let user = User(id: UserID(id), agency: AgencyID(agency), name: name, role: role)
                try printJSON(try sightline.admin.addUser(user, password: password, by: caller))
            }
        }
    }

    struct Role: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a user's role.")
        @OptionGroup var admin: AdminOptions
        @Argument var user: String
        @Argument var role: String
        func run() async throws {
            try await refusing("user role") {
                let (sightline, caller) = try admin.open()
                guard let role = SightlineCore.Role(rawValue: role) else {
                    throw SightlineError(.invalidField, "unknown role \(role)", field: "role")
                }
                try printJSON(try sightline.admin.setRole(role, of: UserID(user), by: caller))
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a scoped API token (printed once).")
        @OptionGroup var admin: AdminOptions
        @Argument var user: String
        @Option(help: "search, admin or log (repeatable); all the role allows when omitted.") var scope: [String] = []
        @Option(help: "Expiry (RFC 3339).") var expires: String?
        func run() async throws {
            try await refusing("user token") {
                let (sightline, caller) = try admin.open()
                let expiry = try expires.map { text in
                    guard let time = Timestamp(rfc3339: text) else {
                        throw SightlineError(.invalidField, "expires must be RFC 3339", field: "expires")
                    }
                    return time
                }
                print(
                    try sightline.admin.issueToken(
                        for: UserID(user), scopes: scope.isEmpty ? nil : Set(scope), expires: expiry, by: caller))
            }
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unlock a user locked after failed sign-ins.")
        @OptionGroup var admin: AdminOptions
        @Argument var user: String
        func run() async throws {
            try await refusing("user unlock") {
                let (sightline, caller) = try admin.open()
                try sightline.admin.unlock(UserID(user), by: caller)
                print("unlocked \(user)")
            }
        }
    }
}
