public import SightlineCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A grid of intersections: streets run north–south and east–west, `spacing` metres apart.
public struct CityMap: Hashable, Sendable {
    public struct Node: Hashable, Sendable, Codable {
        public var x: Int
        public var y: Int
        public init(x: Int, y: Int) {
            self.x = x
            self.y = y
        }
    }

    public var width: Int
    public var height: Int
    public var origin: Coordinate
    public var spacing: Double

    public init(width: Int, height: Int, origin: Coordinate, spacing: Double) {
        self.width = width
        self.height = height
        self.origin = origin
        self.spacing = spacing
    }

    public func coordinate(of node: Node) -> Coordinate {
        let metresPerDegreeLatitude = 111_320.0
        let metresPerDegreeLongitude = 111_320.0 * cosDegrees(origin.latitude)
        func round6(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }
        return Coordinate(
            latitude: round6(origin.latitude + Double(node.y) * spacing / metresPerDegreeLatitude),
            longitude: round6(origin.longitude + Double(node.x) * spacing / metresPerDegreeLongitude))
    }

    /// The street segments between adjacent intersections, each once, for drawing the map.
    public var roads: [(Node, Node)] {
        var segments: [(Node, Node)] = []
        for y in 0..<height {
            for x in 0..<width {
                if x + 1 < width { segments.append((Node(x: x, y: y), Node(x: x + 1, y: y))) }
                if y + 1 < height { segments.append((Node(x: x, y: y), Node(x: x, y: y + 1))) }
            }
        }
        return segments
    }

    /// A shortest route: along one axis and then the other, the order chosen by the caller.
    public func route(from a: Node, to b: Node, eastWestFirst: Bool) -> [Node] {
        var path = [a]
        var current = a
        func walkX() {
            while current.x != b.x {
                current.x += b.x > current.x ? 1 : -1
                path.append(current)
            }
        }
        func walkY() {
            while current.y != b.y {
                current.y += b.y > current.y ? 1 : -1
                path.append(current)
            }
        }
        if eastWestFirst {
            walkX()
            walkY()
        } else {
            walkY()
            walkX()
        }
        return path
    }
}

func cosDegrees(_ degrees: Double) -> Double { cos(degrees * .pi / 180) }
