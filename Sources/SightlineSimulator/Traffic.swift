public import SightlineCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension DemoCity {
    /// Every read the city's cameras make on one UTC day, in time order. The same day and seed
    /// always give the same reads, whichever other days were generated.
    public func reads(onDay day: Int64) -> [PlateRead] {
        var reads: [PlateRead] = []
        let midnight = day * Timestamp.millisecondsPerDay
        for (index, vehicle) in vehicles.enumerated() {
            var random = SeededRandom(seed: configuration.seed, stream: 3, UInt64(index), UInt64(bitPattern: day))
            for trip in trips(of: vehicle, random: &random) {
                drive(vehicle, trip, midnight: midnight, random: &random, into: &reads)
            }
        }
        reads.sort { $0.time < $1.time }
        return reads
    }

    /// The reads made in `window` (whole days generated and trimmed).
    public func reads(in window: TimeWindow) -> [PlateRead] {
        (window.from.day...window.to.day).flatMap { reads(onDay: $0) }.filter { window.contains($0.time) }
    }

    struct Trip {
        var from: CityMap.Node
        var to: CityMap.Node
        /// Milliseconds after midnight.
        var departure: Int64
    }

    func trips(of vehicle: Vehicle, random: inout SeededRandom) -> [Trip] {
        let hour: Int64 = 3_600_000
        var trips: [Trip] = []
        func jitter(_ base: Int64, _ spread: Int64) -> Int64 {
            base + Int64.random(in: -spread...spread, using: &random)
        }
        if random.chance(0.85) {
            trips.append(Trip(from: vehicle.home, to: vehicle.work, departure: jitter(8 * hour, hour)))
            trips.append(Trip(from: vehicle.work, to: vehicle.home, departure: jitter(17 * hour + hour / 2, hour)))
        }
        for _ in 0..<vehicle.errands {
            let stop = CityMap.Node(
                x: Int.random(in: 0..<map.width, using: &random), y: Int.random(in: 0..<map.height, using: &random))
            let leave = Int64.random(in: (7 * hour)...(21 * hour), using: &random)
            trips.append(Trip(from: vehicle.home, to: stop, departure: leave))
            trips.append(
                Trip(
                    from: stop, to: vehicle.home,
                    departure: leave + Int64.random(in: (hour / 4)...(2 * hour), using: &random)))
        }
        return trips
    }

    func drive(
        _ vehicle: Vehicle, _ trip: Trip, midnight: Int64, random: inout SeededRandom, into reads: inout [PlateRead]
    ) {
        let path = map.route(from: trip.from, to: trip.to, eastWestFirst: random.chance(0.5))
        // About 35 km/h through town: 400 m blocks take some 40 seconds.
        let blockMillis = Int64(map.spacing / 35_000 * 3_600_000)
        for (step, node) in path.enumerated() {
            guard let here = cameraAt[node] else { continue }
            let time =
                midnight + trip.departure + Int64(step) * blockMillis + Int64.random(in: 0..<5_000, using: &random)
            let next = step + 1 < path.count ? path[step + 1] : node
            let previous = step > 0 ? path[step - 1] : node
            let dx = Double(next.x - previous.x)
            let dy = Double(next.y - previous.y)
            let direction = (dx == 0 && dy == 0) ? nil : Direction(degrees: atan2Degrees(dx, dy))
            for camera in here where random.chance(configuration.captureRate) {
                reads.append(
                    OCRNoise.read(
                        of: vehicle, by: camera, at: Timestamp(milliseconds: time), direction: direction,
                        noise: configuration.noise, random: &random))
            }
        }
    }
}

/// Heading in degrees clockwise from north of a step east `dx` and north `dy`.
func atan2Degrees(_ dx: Double, _ dy: Double) -> Double {
    let degrees = atan2(dx, dy) * 180 / .pi
    return degrees < 0 ? degrees + 360 : degrees
}
