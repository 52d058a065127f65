import ArgumentParser
import Foundation
import SightlineCore
import SightlineIdentity

/// The demo's stand-in for an authenticator app: the current sign-in code of a demo user.
struct DemoCode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-code",
        abstract: "Print a demo user's password and current one-time code, to sign in to the dashboard.",
        discussion: "Reads <data-dir>/demo-credentials.json, which `sightline demo` writes. A code is accepted once.")

    @OptionGroup var data: DataDirectoryOption
    @Argument(help: "The demo user, for example rpd-officer.") var user: String

    func run() throws {
        let file = data.url.appendingPathComponent("demo-credentials.json")
        guard let bytes = try? Data(contentsOf: file) else {
            throw ValidationError("no \(file.path): run `sightline demo` with this --data-dir first")
        }
        let credentials = try JSONDecoder().decode(DemoCredentials.self, from: bytes)
        guard let credential = credentials.users.first(where: { $0.id.rawValue == user }) else {
            throw ValidationError(
                "no demo user \(user); the demo users are \(credentials.users.map(\.id.rawValue).joined(separator: ", "))"
            )
        }
        guard let secret = Base32.decode(credential.totpSecret) else {
            throw ValidationError("the TOTP secret of \(user) in \(file.path) is not base32")
        }
        let now = Timestamp.now
        let remaining = 30 - (now.milliseconds / 1000) % 30
        print("user:     \(credential.id) (\(credential.role.rawValue), \(credential.agency))")
        print("password: \(credential.password)")
        print("code:     \(TOTP(secret: Array(secret)).code(at: now))   (valid for \(remaining) s more)")
    }
}
