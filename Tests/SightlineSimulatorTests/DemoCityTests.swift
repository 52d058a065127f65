import SightlineCore
import SightlineSimulator
import Testing

@Suite("Demo city")
struct DemoCityTests {
    static let day = Timestamp(rfc3339: "2026-11-28T00:00:00Z")!.day

    @Test("the city has the agencies, cameras and vehicles the demo promises")
    func shape() {
        let city = DemoCity()
        #expect(city.cameras.count >= 50)
        let owners = Set(city.cameras.map(\.owner))
        #expect(owners == [DemoCity.cityPolice, DemoCity.sheriff, DemoCity.mall])
        #expect(city.agencies.map(\.kind).contains(.privateOwner))
        #expect(Set(city.cameras.map(\.id)).count == city.cameras.count)
        #expect(Set(city.cameras.map(\.location)).count == city.cameras.count)
        #expect(city.vehicles.count == 2_003)
        #expect(city.cameras.allSatisfy { $0.location.isValid })
    }

    @Test("the same seed gives the same reads; another seed does not")
    func deterministic() {
        var small = DemoCity.Configuration()
        small.vehicles = 200
        let a = DemoCity(small).reads(onDay: Self.day)
        let b = DemoCity(small).reads(onDay: Self.day)
        small.seed = 1
        let c = DemoCity(small).reads(onDay: Self.day)
        #expect(!a.isEmpty)
        #expect(a == b)
        #expect(a != c)
        #expect(a.map(\.time) == a.map(\.time).sorted())
        #expect(a.allSatisfy { $0.time.day == Self.day })
    }

    @Test("reads carry OCR noise at about the configured rate, with the truth among the candidates")
    func noise() {
        var configuration = DemoCity.Configuration()
        configuration.vehicles = 500
        configuration.noise = 0.2
        let city = DemoCity(configuration)
        let truth = Set(city.vehicles.map(\.plate))
        let reads = city.reads(onDay: Self.day)
        let misread = reads.filter { !truth.contains($0.plate.normalized) }
        let rate = Double(misread.count) / Double(reads.count)
        #expect(rate > 0.1 && rate < 0.25, "misread rate \(rate)")
        let recoverable = misread.filter { read in read.candidates.contains { truth.contains($0.plate) } }
        #expect(recoverable.count == misread.count)
        #expect(misread.allSatisfy { $0.confidence < 0.86 })
    }

    @Test("planted plates cross the city and are seen by more than one agency")
    func planted() {
        let city = DemoCity()
        let reads = city.reads(onDay: Self.day)
        let commuter = reads.filter {
            $0.plate.normalized == "8SLN472" || $0.candidates.contains { $0.plate == "8SLN472" }
        }
        #expect(Set(commuter.map(\.owner)).count >= 2)
    }

    @Test("a misreading differs from the plate by a confusable, a dropped or a doubled character")
    func misreadings() {
        var random = SeededRandom(seed: 3)
        for _ in 0..<500 {
            guard let wrong = OCRNoise.misread("5GZB018", random: &random) else { continue }
            #expect(wrong != "5GZB018")
            let lengths = abs(wrong.count - 7)
            #expect(lengths <= 1)
            if lengths == 0 { #expect(Plate.fold(wrong) == Plate.fold("5GZB018")) }
        }
    }
}
