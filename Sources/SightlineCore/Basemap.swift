/// Roads drawn under a map of cameras, as polylines. Public geography that holds no reads, so the
/// dashboard can draw a city with no map tiles from the internet.
public struct Basemap: Hashable, Sendable, Codable {
    public var roads: [[Coordinate]]

    public init(roads: [[Coordinate]]) { self.roads = roads }

    /// No roads: the map shows cameras only.
    public static let empty = Basemap(roads: [])
}
