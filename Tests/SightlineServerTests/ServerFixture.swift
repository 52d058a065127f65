import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SightlineCore
import SightlineServer
import Testing

/// Two agencies, each with one camera and one investigator, in a fresh data directory.
struct ServerFixture {
    /// Removes the data directory when the last copy of the fixture goes away, after every check.
    final class Cleanup: Sendable {
        let directory: URL
        init(_ directory: URL) { self.directory = directory }
        deinit {
            // The data directory and, beside it, its partition keys.
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(atPath: directory.path + "-keys")
        }
    }

    let directory: URL
    let cleanup: Cleanup
    let sightline: Sightline
    let cityKey: String
    let countyKey: String
    let cityToken: String
    let countyToken: String

    static let city = AgencyID("city-pd")
    static let county = AgencyID("county-so")

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sightline-server-\(UUID().uuidString)")
        cleanup = Cleanup(directory)
        sightline = try Sightline.open(dataDirectory: directory)
        let catalog = sightline.catalog
        let ca = Jurisdiction(country: "US", state: "CA")
        let actor = Actor.localOperator("test")
        try catalog.add(Agency(id: Self.city, name: "City PD", kind: .localPolice, jurisdiction: ca), by: actor)
        try catalog.add(Agency(id: Self.county, name: "County SO", kind: .sheriff, jurisdiction: ca), by: actor)
        try catalog.add(
            Camera(
                id: "city-01", owner: Self.city, kind: .fixed, name: "Main & 1st",
                location: Coordinate(latitude: 38.5, longitude: -121.5), heading: 90), by: actor)
        try catalog.add(
            Camera(
                id: "county-01", owner: Self.county, kind: .fixed, name: "Hwy 9",
                location: Coordinate(latitude: 38.6, longitude: -121.6), heading: 0), by: actor)
        try catalog.add(User(id: "ada", agency: Self.city, name: "Ada Investigator"), by: actor)
        try catalog.add(User(id: "bo", agency: Self.county, name: "Bo Deputy"), by: actor)
        cityKey = try catalog.issueDeviceKey(for: "city-01", by: actor)
        countyKey = try catalog.issueDeviceKey(for: "county-01", by: actor)
        cityToken = try catalog.issueToken(for: "ada", by: actor)
        countyToken = try catalog.issueToken(for: "bo", by: actor)
    }

    /// The search records in the log, in order.
    func searchRecords() throws -> [LogEntry<SearchRecord>] {
        try sightline.catalog.logEntries(limit: 1000).compactMap { entry in
            entry.body.search.map { LogEntry(index: entry.index, body: $0) }
        }
    }

    /// Runs `body` against the application in memory, without a port.
    @discardableResult
    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        // Retention runs when a test asks (RetentionService.runOnce), not behind its back.
        // Request lines (refusals at info) would bury test output; the logs have their own test.
        var logger = Logger(label: "sightline.test")
        logger.logLevel = .warning
        let app = buildApplication(
            sightline, configuration: ServerConfiguration(retentionInterval: nil), logger: logger)
        return try await app.test(.router, body)
    }
}

/// Helpers for building requests and reading JSON.
enum HTTP {
    static func json(_ object: Any) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    static func headers(bearer: String?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let bearer { fields[.authorization] = "Bearer \(bearer)" }
        return fields
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        return try #require(value as? [String: Any])
    }

    static func error(_ response: TestResponse) throws -> [String: Any] {
        try #require(try object(response)["error"] as? [String: Any])
    }

    /// A time a little before now, as RFC 3339.
    static func recent(minutesAgo: Int64) -> String {
        Timestamp.now.adding(milliseconds: -minutesAgo * 60_000).rfc3339
    }

    static func read(_ plate: String, minutesAgo: Int64 = 5, extra: [String: Any] = [:]) -> [String: Any] {
        var read: [String: Any] = [
            "plate": plate, "time": recent(minutesAgo: minutesAgo), "confidence": 0.93, "region": "US-CA",
        ]
        read.merge(extra) { $1 }
        return read
    }

    static func search(
        _ plate: String, onBehalfOf: AgencyID, purpose: String? = "stolen-vehicle", extra: [String: Any] = [:]
    ) -> [String: Any] {
        var body: [String: Any] = [
            "query": ["plate": plate], "case": "RPD-2026-0042",
            "justification": "Vehicle reported stolen from Main St on 11/28", "onBehalfOf": onBehalfOf.rawValue,
        ]
        if let purpose { body["purpose"] = purpose }
        body.merge(extra) { $1 }
        return body
    }
}
