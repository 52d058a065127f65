import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineIngest
import SightlineServer
import SightlineSimulator
import Testing

@testable import sightline

/// The demo city seeded into a fresh data directory, served on a real port.
struct LiveCity {
    let directory: URL
    let sightline: Sightline
    let city: DemoCity
    let credentials: DemoCredentials

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-live-\(UUID().uuidString)")
        city = DemoTests.smallCity()
        var sightline = try Sightline.open(dataDirectory: directory)
        sightline.basemap = city.basemap
        self.sightline = sightline
        credentials = try DemoSetup.seed(city, into: sightline, url: "http://x")
    }

    func token(_ user: UserID) -> String { credentials.users.first { $0.id == user }!.token }

    /// A read of a planted plate by the city's cameras, as the simulation produces it, stamped now.
    func read(of plate: String) throws -> PlateRead {
        let today = Timestamp.now.day
        var read = try #require(
            (city.reads(onDay: today - 1) + city.reads(onDay: today)).first {
                $0.plate.normalized == plate && $0.region == "US-CA"
            })
        read.time = Timestamp.now.adding(milliseconds: -1_000)
        return read
    }

    /// Waits until `agency` has `count` live subscribers.
    func waitForSubscribers(_ agency: AgencyID, _ count: Int) async throws {
        for _ in 0..<500 where (sightline.alerts.hub.subscriberCounts[agency] ?? 0) < count {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect((sightline.alerts.hub.subscriberCounts[agency] ?? 0) >= count)
    }

    /// Runs `body` with the server listening, passing its base URL.
    func serve(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let app = buildApplication(sightline, configuration: .init(port: 0))
        try await app.test(.live) { client in try await body("http://localhost:\(try #require(client.port))") }
    }
}

@Suite("Live alert stream")
struct AlertStreamTests {
    static let plate = "8SLN472"

    /// The plate in each format a hot list arrives in, composed from the layouts.
    static let files: [(HotListFile.Format, String)] = [
        (
            .ncic,
            "V" + "CA0190000" + String(repeating: " ", count: 9) + "20261120" + "8SLN472   " + "CA"
                + "2027PC2019TOYTCAM4DBLU"
        ),
        (.ncicCSV, "V12345,CA0190000,20261120,8SLN472,CA,2027,PC,2019,TOYT,CAM,4D,BLU\n"),
        (.clew, "DATE11/29/2026 06:00\n8SLN472 CA1920261120\nTOTAL RECORD 0000001\n"),
        (.tcic, "1V0042,8SLN472,CA,2018,FORD,F150,PK,RED\n"),
        (.csv, "plate,state,category\n8SLN472,CA,V\n"),
    ]

    @Test("a list imported in each format alerts a live subscriber when the demo city reads a listed plate")
    func eachFormat() async throws {
        let live = try LiveCity()
        defer {
            try? FileManager.default.removeItem(at: live.directory)
            try? FileManager.default.removeItem(atPath: live.directory.path + "-keys")
        }
        let admin = try live.sightline.authenticator.caller(live.token("rpd-admin"))
        // The seeded list names the plate too; empty it so each alert below is the format's own.
        _ = try live.sightline.admin.importHotList(
            named: "riverton-stolen", format: .csv, text: "plate,state,category\n", by: admin)
        let read = try live.read(of: Self.plate)
        let token = live.token("rpd-officer")
        try await live.serve { server in
            for (format, text) in Self.files {
                let summary = try live.sightline.admin.importHotList(
                    named: "format-test", format: format, text: text, by: admin)
                #expect(summary.entries == 1, "\(format)")
                let after = try live.sightline.catalog.latestDelivery(to: DemoCity.cityPolice)
                let received = try await withThrowingTaskGroup(of: AlertDelivery?.self) { group in
                    group.addTask {
                        var got: AlertDelivery?
                        try await AlertStreamClient(server: server, token: token).stream(after: after) {
                            got = $0
                            return false
                        }
                        return got
                    }
                    try await live.waitForSubscribers(DemoCity.cityPolice, 1)
                    _ = try await live.sightline.ingest.append([read])
                    let first = try await group.next()!
                    group.cancelAll()
                    return first
                }
                let delivery = try #require(received, "\(format)")
                #expect(delivery.alert.list == "format-test", "\(format)")
                #expect(delivery.alert.entry.plate == Self.plate)
                #expect(delivery.alert.read.camera == read.camera)
                #expect(delivery.recipient.agency == DemoCity.cityPolice)
            }
        }
    }

    @Test("a subscriber that reconnects after the last id it saw misses nothing and sees nothing twice")
    func resume() async throws {
        let live = try LiveCity()
        defer {
            try? FileManager.default.removeItem(at: live.directory)
            try? FileManager.default.removeItem(atPath: live.directory.path + "-keys")
        }
        let read = try live.read(of: Self.plate)
        let token = live.token("rpd-officer")
        try await live.serve { server in
            let client = AlertStreamClient(server: server, token: token)
            _ = try await live.sightline.ingest.append([read])
            // From the start: the backlog.
            var seen: [Int64] = []
            let first = try await client.stream(after: 0) { delivery in
                seen.append(delivery.sequence)
                return false
            }
            // Live: subscribed before the read arrives.
            let second = try await withThrowingTaskGroup(of: Int64?.self) { group in
                group.addTask { try await client.stream(after: first) { _ in false } }
                try await live.waitForSubscribers(DemoCity.cityPolice, 1)
                _ = try await live.sightline.ingest.append([read])
                return try await group.next()!
            }
            seen.append(try #require(second))
            // Disconnected: two more alerts arrive (each read matches the list once).
            _ = try await live.sightline.ingest.append([read])
            _ = try await live.sightline.ingest.append([read])
            var resumed: [Int64] = []
            try await client.stream(after: second) { delivery in
                resumed.append(delivery.sequence)
                return resumed.count < 2
            }
            seen += resumed
            let stored = try live.sightline.catalog.deliveries(to: DemoCity.cityPolice).map(\.sequence)
            #expect(stored.count == 4)
            #expect(seen == stored)
        }
    }
}
