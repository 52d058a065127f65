import Foundation
import SightlineCore
import SightlinePostgres
import SightlineServer
import Testing

@testable import sightline

/// A data directory paired with PostgreSQL stays paired: every later command finds its reads.
@Suite("Store choice")
struct StoreChoiceTests {
    @Test(
        "--postgres-url is remembered in store.json (0600) and later commands use PostgreSQL",
        .enabled(if: LocalPostgres.binaries() != nil, "PostgreSQL is not installed (pg_config not found)"))
    func remembered() async throws {
        let server = try #require(try LocalPostgres.start())
        defer { server.stop() }
        let url = try server.createDatabase("choice")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sightline-choice-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(atPath: directory.path + "-keys")
        }
        let read = PlateRead(
            camera: "cam-1", owner: "alpha", time: .now.adding(milliseconds: -60_000),
            plate: Plate(normalized: "7PGSQL7"),
            confidence: 0.9, location: Coordinate(latitude: 38.5, longitude: -121.5))
        try await withDeployment(directory, postgresURL: url) { sightline in
            #expect(sightline.store is PostgresReadStore)
            _ = try await sightline.store.append([read])
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: StoreFile.url(in: directory).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try await withDeployment(directory) { sightline in
            #expect(sightline.store is PostgresReadStore)
            let found = try await sightline.store.search(ReadQuery(plate: .exact("7PGSQL7")), within: ["alpha"])
            #expect(found.reads.map(\.read.plate.normalized) == ["7PGSQL7"])
        }
    }
}
