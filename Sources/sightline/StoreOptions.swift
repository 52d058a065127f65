import ArgumentParser
import Foundation
import SightlineCore
import SightlineKeys
import SightlinePostgres
import SightlineServer

/// Which read store a serving command uses: the embedded store in the data directory (the
/// default), or PostgreSQL. Users, grants, hot lists, alerts and the log stay in the data
/// directory's catalog either way.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("postgres-url"),
        help: """
            Keep reads in PostgreSQL: postgres://user[:password]@host[:port]/database (migrated at start). \
            Remembered in <data-dir>/store.json, so later commands use the same store.
            """)
    var postgresURL: String?

    func withSightline(dataDirectory: URL, _ body: (Sightline) async throws -> Void) async throws {
        try await withDeployment(dataDirectory, postgresURL: postgresURL, body)
    }
}

/// The data directory's choice of read store, `<data-dir>/store.json` (mode 0600: the URL may
/// hold the database password, which is never printed or logged).
struct StoreFile: Codable {
    var postgresURL: String

    static func url(in dataDirectory: URL) -> URL { dataDirectory.appendingPathComponent("store.json") }

    static func load(from dataDirectory: URL) throws -> StoreFile? {
        guard let data = FileManager.default.contents(atPath: url(in: dataDirectory).path) else { return nil }
        do {
            return try JSONDecoder().decode(StoreFile.self, from: data)
        } catch {
            throw SightlineError(.invalidField, "store.json is not valid: \(error)", field: "postgresURL")
        }
    }

    func save(in dataDirectory: URL) throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let file = Self.url(in: dataDirectory)
        guard
            FileManager.default.createFile(
                atPath: file.path, contents: try JSONEncoder().encode(self), attributes: [.posixPermissions: 0o600])
        else { throw SightlineError(.corrupt, "could not write \(file.path)") }
    }
}

/// Opens Sightline on the data directory's read store — PostgreSQL when `postgresURL` is given
/// (and then remembered) or the directory's `store.json` names it, else the embedded store — and
/// runs `body`; with PostgreSQL, its connection pool runs beside `body` and stops after it.
func withDeployment(
    _ dataDirectory: URL, postgresURL: String? = nil, _ body: (Sightline) async throws -> Void
) async throws {
    let saved = try StoreFile.load(from: dataDirectory)
    guard let url = postgresURL ?? saved?.postgresURL else {
        try await body(try Sightline.open(dataDirectory: dataDirectory))
        return
    }
    // The days' keys live apart from the database, beside the data directory.
    let keys = try PartitionKeys(
        directory: URL(fileURLWithPath: dataDirectory.standardizedFileURL.path + "-keys").appendingPathComponent(
            "postgres"))
    try await PostgresReadStore.withStore(url: url, keys: keys) { store in
        // Remembered once it worked: a mistyped URL is not kept.
        if let postgresURL, saved?.postgresURL != postgresURL {
            try StoreFile(postgresURL: postgresURL).save(in: dataDirectory)
        }
        report("Reads are kept in PostgreSQL (\(redacted(url))).")
        try await body(try Sightline.open(dataDirectory: dataDirectory, store: store))
    }
}

/// A URL without its password, for messages.
func redacted(_ url: String) -> String {
    guard var components = URLComponents(string: url), components.password != nil else { return url }
    components.password = "***"
    return components.string ?? "postgres://…"
}
