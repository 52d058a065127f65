import Foundation
import SightlineCore
import SightlineIdentity
import SightlineServer
import SightlineSimulator
import Testing

@testable import sightline

@Suite("Demo command")
struct DemoTests {
    static func smallCity() -> DemoCity {
        var configuration = DemoCity.Configuration()
        configuration.vehicles = 300
        return DemoCity(configuration)
    }

    @Test("the feed delivers each simulated read once, stamped no later than the delivery time")
    func feedCursor() {
        let city = Self.smallCity()
        let start = Timestamp(rfc3339: "2026-11-28T06:00:00Z")!
        var cursor = FeedCursor(city: city, speed: 60, start: start)
        var delivered: [PlateRead] = []
        var now = start
        for _ in 0..<120 {
            now = now.adding(milliseconds: 1_000)
            let batch = cursor.advance(to: now)
            #expect(batch.allSatisfy { $0.time <= now && $0.time > now.adding(milliseconds: -1_001) })
            delivered += batch
        }
        // Two real minutes at 60x are two simulated hours, 06:00 to 08:00.
        let expected = city.reads(
            in: TimeWindow(from: start.adding(milliseconds: 1), to: start.adding(milliseconds: 2 * 3_600_000)))
        #expect(delivered.count == expected.count)
        #expect(delivered.map(\.plate) == expected.map(\.plate))
    }

    @Test("seeding twice keeps one copy of everything and revokes the earlier credentials")
    func seedIsIdempotent() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sightline-demo-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(atPath: directory.path + "-keys")
        }
        let sightline = try Sightline.open(dataDirectory: directory)
        let city = Self.smallCity()
        let first = try DemoSetup.seed(city, into: sightline, url: "http://x")
        let second = try DemoSetup.seed(city, into: sightline, url: "http://x")
        #expect(try sightline.catalog.agencies().count == city.agencies.count + 1)
        #expect(try sightline.catalog.grants().count == 4)
        #expect(try sightline.catalog.hotListEntries(owner: DemoCity.cityPolice).count == 3)
        #expect(try sightline.catalog.cameras().count == city.cameras.count)
        #expect(try sightline.catalog.camera(forDeviceKey: first.cameras[0].deviceKey) == nil)
        #expect(try sightline.catalog.camera(forDeviceKey: second.cameras[0].deviceKey)?.id == city.cameras[0].id)
        #expect(try sightline.catalog.user(forToken: first.users[0].token) == nil)
        #expect(try sightline.catalog.user(forToken: second.users[0].token)?.id == second.users[0].id)
        // Every agency with cameras has a user to search with, and every role has a user.
        #expect(Set(second.users.map(\.agency)).isSuperset(of: Set(city.cameras.map(\.owner))))
        #expect(Set(second.users.map(\.role)) == Set(Role.allCases))
        // The credentials handed out really sign in: password and the current TOTP code.
        let user = second.users[0]
        let code = TOTP(secret: try #require(Base32.decode(user.totpSecret))).code(at: .now)
        let session = try sightline.identity.signIn(user: user.id, password: user.password, code: code)
        #expect(session.user.id == user.id)
        #expect(throws: SightlineError.self) {
            try sightline.identity.signIn(user: user.id, password: first.users[0].password + "x", code: code)
        }
    }
}
