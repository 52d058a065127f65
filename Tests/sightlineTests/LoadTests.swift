import Foundation
import Testing

@testable import sightline

@Suite("Under load")
struct LoadTests {
    @Test("cameras, subscribers and searches at once: no error, every alert delivered, nothing acknowledged lost")
    func bounded() async throws {
        let result = try await LoadRun(
            seconds: 3, cameras: 40, rate: 400, writers: 8, subscribers: 20, searchers: 2, listedEvery: 10,
            drain: .seconds(60)
        ).run()
        // Correctness under load; throughput is `sightline bench load`'s to measure, not a test's.
        #expect(result.reads > 0)
        #expect(result.searches > 0)
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.lost == 0)
        #expect(result.stored >= result.reads)
        #expect(result.alertsStored > 0)
        #expect(result.deliveriesReceived == result.deliveriesExpected)
    }
}
