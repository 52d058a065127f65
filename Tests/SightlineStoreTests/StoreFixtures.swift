import Foundation
import PostgresNIO
import SightlineCore
import SightlineKeys
import SightlinePostgres
import SightlineSimulator
import SightlineStore
import Synchronization
import Testing

/// Every `ReadStore` implementation the conformance suite runs against.
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case embedded
    case postgres

    var description: String { rawValue }

    /// The kinds this machine can run: PostgreSQL only where it is installed (CI installs it;
    /// `PostgresAvailability` reports the skip otherwise).
    static var available: [StoreKind] { TestPostgres.installed ? allCases : [.embedded] }

    /// Opens the store kept in `directory` (for PostgreSQL, a database named after it on the
    /// test process's server), runs `body`, and closes it.
    func withStore<T: Sendable>(
        in directory: URL, _ body: (any ReadStore) async throws -> T
    ) async throws -> T {
        switch self {
        case .embedded:
            return try await body(try EmbeddedReadStore(directory: directory.appendingPathComponent("reads")))
        case .postgres:
            return try await PostgresReadStore.withStore(
                url: try TestPostgres.database(for: directory),
                keys: try PartitionKeys(directory: directory.appendingPathComponent("pg-keys")), body)
        }
    }
}

/// One throwaway PostgreSQL server for the whole test process, stopped at exit; a database per
/// test directory.
enum TestPostgres {
    static let installed = LocalPostgres.binaries() != nil

    static let server: Result<LocalPostgres, any Error> = Result {
        guard let server = try LocalPostgres.start() else {
            throw LocalPostgresError.notInstalled
        }
        atexit { TestPostgres.stop() }
        return server
    }

    private static let created = Mutex<Set<String>>([])

    static func database(for directory: URL) throws -> String {
        let server = try server.get()
        let name = "t_" + directory.lastPathComponent.lowercased().filter { $0.isLetter || $0.isNumber }
        let isNew = created.withLock { $0.insert(name).inserted }
        return isNew ? try server.createDatabase(name) : server.url(database: name)
    }

    static func stop() {
        if case .success(let server) = server { server.stop() }
    }
}

@Suite("PostgreSQL availability")
struct PostgresAvailability {
    @Test(
        "the PostgreSQL store runs the conformance and oracle suites",
        .enabled(
            if: TestPostgres.installed,
            "PostgreSQL is not installed (pg_config not found): PostgreSQL store tests are skipped"))
    func serverStarts() throws {
        let server = try TestPostgres.server.get()
        #expect(try server.psql("SELECT 1").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }
}

/// A fresh directory that is removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

enum Fixtures {
    static let day1 = Timestamp(rfc3339: "2026-11-27T00:00:00Z")!
    static let day2 = Timestamp(rfc3339: "2026-11-28T00:00:00Z")!

    static func read(
        _ plate: String, camera: CameraID = "cam-1", owner: AgencyID = "alpha",
        at time: Timestamp = day1.adding(milliseconds: 3_600_000),
        region: String? = "US-CA", latitude: Double = 38.5, longitude: Double = -121.5
    ) -> PlateRead {
        PlateRead(
            camera: camera, owner: owner, time: time, plate: Plate(normalized: plate), region: region,
            regionConfidence: 0.9, confidence: 0.95, location: Coordinate(latitude: latitude, longitude: longitude),
            direction: .n)
    }

    /// Three days of the demo city, with owners as the city assigns them.
    static func cityReads(vehicles: Int = 300, days: Int = 3, seed: UInt64 = 7) -> [PlateRead] {
        var configuration = DemoCity.Configuration()
        configuration.vehicles = vehicles
        configuration.seed = seed
        let city = DemoCity(configuration)
        return (0..<Int64(days)).flatMap { city.reads(onDay: day1.day + $0) }
    }
}
