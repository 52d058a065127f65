#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A WGS 84 position in degrees.
public struct Coordinate: Hashable, Sendable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Whether both values are finite and on the globe.
    public var isValid: Bool {
        latitude.isFinite && longitude.isFinite && (-90...90).contains(latitude) && (-180...180).contains(longitude)
    }

    /// Great-circle distance in metres (haversine; ample for city-scale radii).
    public func distance(to other: Coordinate) -> Double {
        let r = 6_371_000.0
        let dLat = (other.latitude - latitude) * .pi / 180
        let dLon = (other.longitude - longitude) * .pi / 180
        let a =
            pow2(sin(dLat / 2))
            + cos(latitude * .pi / 180) * cos(other.latitude * .pi / 180) * pow2(sin(dLon / 2))
        return 2 * r * asin(min(1, a.squareRoot()))
    }
}

@inline(__always) private func pow2(_ x: Double) -> Double { x * x }

/// A latitude/longitude rectangle (not crossing the antimeridian).
public struct GeoBox: Hashable, Sendable, Codable {
    public var south: Double
    public var west: Double
    public var north: Double
    public var east: Double

    public init(south: Double, west: Double, north: Double, east: Double) {
        self.south = south
        self.west = west
        self.north = north
        self.east = east
    }

    public func contains(_ c: Coordinate) -> Bool {
        (south...north).contains(c.latitude) && (west...east).contains(c.longitude)
    }

    public var isValid: Bool {
        Coordinate(latitude: south, longitude: west).isValid && Coordinate(latitude: north, longitude: east).isValid
            && south <= north && west <= east
    }
}

/// A circle on the ground: a place and a radius in metres.
public struct GeoCircle: Hashable, Sendable, Codable {
    public var center: Coordinate
    public var meters: Double

    public init(center: Coordinate, meters: Double) {
        self.center = center
        self.meters = meters
    }

    public func contains(_ c: Coordinate) -> Bool { Self.meters(from: center, to: c) <= meters }

    public var isValid: Bool { center.isValid && meters > 0 && meters <= 100_000 }

    /// The great-circle distance (haversine, mean Earth radius).
    public static func meters(from a: Coordinate, to b: Coordinate) -> Double {
        let radians = Double.pi / 180
        let dLat = (b.latitude - a.latitude) * radians
        let dLon = (b.longitude - a.longitude) * radians
        let h =
            sinHalf(dLat) * sinHalf(dLat) + cosine(a.latitude * radians) * cosine(b.latitude * radians) * sinHalf(dLon)
            * sinHalf(dLon)
        return 2 * 6_371_008.8 * arcsine(min(1, h.squareRoot()))
    }

    // Series good to far below a metre for the small angles a search radius spans, so that Core
    // needs no math library.
    private static func sinHalf(_ x: Double) -> Double { sine(x / 2) }

    static func sine(_ x: Double) -> Double {
        var x = x.truncatingRemainder(dividingBy: 2 * .pi)
        if x > .pi { x -= 2 * .pi } else if x < -.pi { x += 2 * .pi }
        var term = x
        var sum = x
        for n in 1..<12 {
            term *= -x * x / Double((2 * n) * (2 * n + 1))
            sum += term
        }
        return sum
    }

    static func cosine(_ x: Double) -> Double { sine(x + .pi / 2) }

    static func arcsine(_ x: Double) -> Double {
        // Newton's method on sin(y) = x; x is small here (a fraction of the Earth's radius).
        var y = x
        for _ in 0..<8 { y -= (sine(y) - x) / cosine(y) }
        return y
    }
}

/// The direction of travel, to the nearest of eight compass points.
public enum Direction: String, Hashable, Sendable, Codable, CaseIterable {
    case n = "N", ne = "NE", e = "E", se = "SE", s = "S", sw = "SW", w = "W", nw = "NW"

    /// The compass point nearest to a heading in degrees clockwise from north.
    public init?(degrees: Double) {
        guard degrees.isFinite else { return nil }
        var d = degrees.truncatingRemainder(dividingBy: 360)
        if d < 0 { d += 360 }
        let index = Int((d + 22.5) / 45) % 8
        self = Direction.allCases[index]
    }

    /// The heading of this compass point in degrees.
    public var degrees: Double { Double(Direction.allCases.firstIndex(of: self)!) * 45 }

    /// A compact code for storage.
    public var code: Int { Direction.allCases.firstIndex(of: self)! }
    public init?(code: Int) {
        guard Direction.allCases.indices.contains(code) else { return nil }
        self = Direction.allCases[code]
    }
}
