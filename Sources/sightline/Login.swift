import ArgumentParser
import Foundation
import SightlineCore
import SightlineServer

struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign in with password and TOTP code; prints a session token for SIGHTLINE_TOKEN.",
        discussion:
            "The password is read from SIGHTLINE_PASSWORD or standard input. Every attempt is logged; five failures lock the account."
    )

    @OptionGroup var data: DataDirectoryOption
    @Option var user: String
    @Option(help: "The current code from your authenticator app.") var code: String

    func run() async throws {
        let password =
            ProcessInfo.processInfo.environment["SIGHTLINE_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
        try await refusing("login") {
            let session = try Sightline.open(dataDirectory: data.url).identity.signIn(
                user: UserID(user), password: password, code: code)
            print(session.token)
        }
    }
}
