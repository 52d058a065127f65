import Foundation
import SightlineCore
import SightlineSimulator
import SightlineStore

/// Every `ReadStore` implementation the conformance suite runs against. The PostgreSQL store
/// joins this list when it lands; nothing else in the suite changes.
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case embedded

    var description: String { rawValue }

    func make(in directory: URL) throws -> any ReadStore {
        switch self {
        case .embedded: try EmbeddedReadStore(directory: directory.appendingPathComponent("reads"))
        }
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
