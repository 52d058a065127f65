import Foundation
import SightlineCore
import SightlineSimulator
import Testing

@testable import SightlineServer
@testable import sightline

@Suite("Live alert order")
struct AlertOrderTests {
    @Test(
        "alerts of concurrent batches published out of order reach a live subscriber all, in order",
        .timeLimit(.minutes(1)))
    func outOfOrder() async throws {
        let live = try LiveCity()
        defer { live.remove() }
        let alerts = live.sightline.alerts
        let reads = try live.track(of: "8SLN472", owner: DemoCity.cityPolice, reads: 3)
        try await live.serve { server in
            let client = AlertStreamClient(server: server, token: live.token("rpd-officer"))
            let received = try await withThrowingTaskGroup(of: [Int64].self) { group in
                group.addTask {
                    var seen: [Int64] = []
                    try await client.stream(after: 0) { delivery in
                        seen.append(delivery.sequence)
                        return seen.count < 3
                    }
                    return seen
                }
                try await live.waitForSubscribers(DemoCity.cityPolice, 1)
                // Three batches stored one after another, as concurrent requests would, then
                // published in the opposite order.
                var stored: [[AlertDelivery]] = []
                for read in reads {
                    let hits = try alerts.match([read], now: .now)
                    let ids = try await live.sightline.store.append([read])
                    stored.append(try alerts.raise(hits, reads: [read], ids: ids, now: .now))
                }
                for deliveries in stored.reversed() { alerts.hub.publish(deliveries) }
                return try await group.next()!
            }
            let ours = try live.sightline.catalog.deliveries(to: DemoCity.cityPolice, after: 0, limit: 10).map(
                \.sequence)
            #expect(ours.count == 3)
            #expect(received == ours)
        }
    }
}
