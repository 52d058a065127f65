import ArgumentParser
import Foundation
import SightlineCore
import SightlinePostgres
import SightlineServer

/// Which read store a serving command uses: the embedded store in the data directory (the
/// default), or PostgreSQL. Users, grants, hot lists, alerts and the log stay in the data
/// directory's catalog either way.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("postgres-url"),
        help: "Keep reads in PostgreSQL: postgres://user[:password]@host[:port]/database (migrated at start).")
    var postgresURL: String?

    /// Opens Sightline on the chosen store and runs `body`; with PostgreSQL, its connection pool
    /// runs beside `body` and stops when `body` returns.
    func withSightline(dataDirectory: URL, _ body: (Sightline) async throws -> Void) async throws {
        guard let postgresURL else {
            try await body(try Sightline.open(dataDirectory: dataDirectory))
            return
        }
        let client = try PostgresReadStore.client(url: postgresURL)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let store = PostgresReadStore(client: client)
            try await store.migrate()
            report("Reads are kept in PostgreSQL (\(Self.redacted(postgresURL))).")
            try await body(try Sightline.open(dataDirectory: dataDirectory, store: store))
        }
    }

    /// The URL without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://…"
    }
}
