public import SightlineCore

extension DemoCity {
    /// The city's streets, one polyline per row and per column of the grid.
    public var basemap: Basemap {
        let rows = (0..<map.height).map { y in
            (0..<map.width).map { map.coordinate(of: CityMap.Node(x: $0, y: y)) }
        }
        let columns = (0..<map.width).map { x in
            (0..<map.height).map { map.coordinate(of: CityMap.Node(x: x, y: $0)) }
        }
        return Basemap(roads: rows + columns)
    }
}
