import Foundation
import PostgresNIO
import SightlineCore

/// `postgres://user[:password]@host[:port]/database`, or with `?host=/path/to/socket-directory`
/// for a Unix socket. The password is kept only in the client's configuration, never logged.
struct PostgresURL {
    let configuration: PostgresClient.Configuration

    init(_ text: String) throws {
        guard let components = URLComponents(string: text),
            ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let user = components.user, !user.isEmpty
        else {
            throw SightlineError(
                .invalidField, "postgres URL must be postgres://user[:password]@host[:port]/database",
                field: "postgres-url")
        }
        let database = String(components.path.drop { $0 == "/" })
        let password = components.password?.removingPercentEncoding
        let socketDirectory = components.queryItems?.first { $0.name == "host" }?.value
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            let port = components.port ?? 5432
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password,
                database: database.isEmpty ? nil : database)
        } else {
            guard let host = components.host, !host.isEmpty else {
                throw SightlineError(.invalidField, "postgres URL names no host", field: "postgres-url")
            }
            configuration = .init(
                host: host, port: components.port ?? 5432, username: user, password: password,
                database: database.isEmpty ? nil : database, tls: .disable)
        }
        configuration.options.maximumConnections = 16
        self.configuration = configuration
    }
}
