import Foundation
import SightlineCore
import SightlineServer
import SightlineSimulator
import Testing

/// Stakeout, convoy and locate over a simulated day, against brute force over what was stored.
@Suite("Analytics against a brute-force oracle")
struct AnalyticsOracleTests {
    @Test("random stakeouts, convoys and locates match the oracle")
    func oracle() async throws {
        let fixture = try ServerFixture()
        var configuration = DemoCity.Configuration()
        configuration.vehicles = 300
        let city = DemoCity(configuration)
        let reads = city.reads(onDay: Timestamp.now.day - 1).map { read -> PlateRead in
            var owned = read
            owned.owner = ServerFixture.city
            return owned
        }
        for start in stride(from: 0, to: reads.count, by: 2_000) {
            _ = try await fixture.sightline.ingest.append(Array(reads[start..<min(start + 2_000, reads.count)]))
        }
        let caller = try fixture.sightline.authenticator.caller(fixture.cityToken)
        func request() -> AnalyticsRequest {
            AnalyticsRequest(
                purpose: "violent-felony", case: "C-1", justification: "Robbery series at three scenes",
                onBehalfOf: ServerFixture.city)
        }
        let byPlate = Dictionary(grouping: reads, by: \.plate.normalized).filter { $0.value.count >= 3 }
        #expect(byPlate.count > 20)
        var random = SeededRandom(seed: 3)
        let plates = byPlate.keys.sorted()
        var companionsFound = 0
        var stakeoutOthers = 0
        for round in 0..<15 {
            let plate = plates.randomElement(using: &random)!
            let sightings = byPlate[plate]!.sorted { $0.time < $1.time }

            // Stakeout: three of the plate's sightings as scenes, ten minutes either side.
            let scenes = Array(sightings.shuffled(using: &random).prefix(3)).map { read in
                (
                    camera: read.camera,
                    window: TimeWindow(
                        from: read.time.adding(milliseconds: -600_000), to: read.time.adding(milliseconds: 600_000))
                )
            }
            var stakeout = request()
            stakeout.scenes = scenes.map { .init(cameras: [$0.camera], from: $0.window.from, to: $0.window.to) }
            stakeout.minScenes = 2
            let found = try await fixture.sightline.searches.stakeout(stakeout, by: caller)
            var seen: [String: Set<Int>] = [:]
            for (index, scene) in scenes.enumerated() {
                for read in reads where read.camera == scene.camera && scene.window.contains(read.time) {
                    seen[read.plate.normalized, default: []].insert(index)
                }
            }
            let expected = seen.filter { $0.value.count >= 2 }.sorted {
                ($1.value.count, $0.key) < ($0.value.count, $1.key)
            }
            #expect(found.vehicles?.map(\.plate) == expected.map(\.key), "round \(round) stakeout")
            #expect(found.vehicles?.map(\.scenes) == expected.map { $0.value.sorted() }, "round \(round)")
            #expect(found.vehicles?.contains { $0.plate == plate } == true)

            // Convoy: who passed the same cameras within a minute of the plate.
            var convoy = request()
            convoy.plate = plate
            convoy.gapSeconds = 60
            convoy.minCameras = 2
            let companions = try await fixture.sightline.searches.convoy(convoy, by: caller)
            var together: [String: (cameras: Set<CameraID>, count: Int)] = [:]
            for target in sightings {
                for read in reads
                where read.camera == target.camera && read.plate.normalized != plate
                    && abs(read.time.milliseconds - target.time.milliseconds) <= 60_000
                {
                    together[read.plate.normalized, default: ([], 0)].cameras.insert(read.camera)
                    together[read.plate.normalized, default: ([], 0)].count += 1
                }
            }
            let convoyExpected = together.filter { $0.value.cameras.count >= 2 }.sorted {
                ($1.value.count, $0.key) < ($0.value.count, $1.key)
            }
            #expect(companions.vehicles?.map(\.plate) == convoyExpected.map(\.key), "round \(round) convoy")
            #expect(companions.vehicles?.map(\.coOccurrences) == convoyExpected.map(\.value.count))
            companionsFound += convoyExpected.count
            stakeoutOthers += expected.count - 1

            // Locate: the plate's cameras by how often.
            var locate = request()
            locate.plate = plate
            let places = try await fixture.sightline.searches.locate(locate, by: caller)
            let counts = Dictionary(grouping: sightings, by: \.camera).mapValues(\.count)
            #expect(
                places.places?.map { "\($0.camera)=\($0.reads)" }
                    == counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key)=\($0.value)" },
                "round \(round) locate")
        }
        #expect(try fixture.searchRecords().count == 45)
        // The rounds found other vehicles, not only the target itself.
        #expect(stakeoutOthers > 0)
        #expect(companionsFound > 0)
    }
}
