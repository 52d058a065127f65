public import SightlineCore

/// Riverton, a synthetic California city: a police department, the county sheriff, a shopping
/// centre that shares its cameras, and a federal task force with no cameras of its own (useful
/// for showing what Sightline refuses). Everything in it follows from the configuration.
public struct DemoCity: Sendable {
    public struct Configuration: Hashable, Sendable {
        public var seed: UInt64 = 2026
        public var vehicles: Int = 2_000
        public var gridSize: Int = 16
        /// Probability that a read carries an OCR error.
        public var noise: Double = 0.08
        /// Probability that a camera reads a passing vehicle at all.
        public var captureRate: Double = 0.9
        public init() {}
    }

    /// A plate placed in the city for demonstrations, with what it is for.
    public struct PlantedPlate: Hashable, Sendable, Codable {
        public var plate: String
        public var region: String
        public var story: String
    }

    public let configuration: Configuration
    public let map: CityMap
    public let agencies: [Agency]
    public let cameras: [Camera]
    public let vehicles: [Vehicle]
    public let planted: [PlantedPlate]
    let cameraAt: [CityMap.Node: [Camera]]

    public static let cityPolice = AgencyID("riverton-pd")
    public static let sheriff = AgencyID("harlan-county-so")
    public static let mall = AgencyID("northgate-mall")
    public static let federal = AgencyID("federal-task-force")

    public init(_ configuration: Configuration = .init()) {
        self.configuration = configuration
        let size = max(8, configuration.gridSize)
        let map = CityMap(
            width: size, height: size, origin: Coordinate(latitude: 38.52, longitude: -121.55), spacing: 400)
        self.map = map
        let riverton = Jurisdiction(country: "US", state: "CA", county: "Harlan", city: "Riverton")
        agencies = [
            Agency(id: Self.cityPolice, name: "Riverton Police Department", kind: .localPolice, jurisdiction: riverton),
            Agency(
                id: Self.sheriff, name: "Harlan County Sheriff's Office", kind: .sheriff,
                jurisdiction: Jurisdiction(country: "US", state: "CA", county: "Harlan")),
            Agency(id: Self.mall, name: "Northgate Shopping Center", kind: .privateOwner, jurisdiction: riverton),
            Agency(
                id: Self.federal, name: "Federal Task Force (demo)", kind: .federal,
                jurisdiction: Jurisdiction(country: "US")),
        ]
        var random = SeededRandom(seed: configuration.seed, stream: 1)
        var cameras: [Camera] = []
        var cameraAt: [CityMap.Node: [Camera]] = [:]
        func place(
            _ owner: AgencyID, _ kind: Camera.Kind, _ count: Int, _ prefix: String, where ok: (CityMap.Node) -> Bool
        ) {
            var made = 0
            var attempts = 0
            while made < count, attempts < 10_000 {
                attempts += 1
                let node = CityMap.Node(
                    x: Int.random(in: 0..<size, using: &random), y: Int.random(in: 0..<size, using: &random))
                guard ok(node), cameraAt[node] == nil else { continue }
                made += 1
                let heading = Double(Int.random(in: 0..<4, using: &random) * 90)
                let camera = Camera(
                    id: CameraID("\(prefix)-\(String(made).leftPadded(to: 2))"), owner: owner, kind: kind,
                    name: "\(prefix.uppercased()) \(node.x)/\(node.y)", location: map.coordinate(of: node),
                    heading: heading)
                cameras.append(camera)
                cameraAt[node] = [camera]
            }
        }
        let inner = size / 4..<(size - size / 4)
        place(Self.cityPolice, .fixed, 34, "rpd") { inner.contains($0.x) && inner.contains($0.y) }
        place(Self.cityPolice, .mobile, 4, "rpd-car") { inner.contains($0.x) && inner.contains($0.y) }
        place(Self.sheriff, .fixed, 16, "hcso") { !(inner.contains($0.x) && inner.contains($0.y)) }
        let mallCorner = 0..<(size / 4)
        place(Self.mall, .privatePartner, 6, "ngm") { mallCorner.contains($0.x) && mallCorner.contains($0.y) }
        self.cameras = cameras
        self.cameraAt = cameraAt

        var vehicles: [Vehicle] = []
        var fleetRandom = SeededRandom(seed: configuration.seed, stream: 2)
        let regions = ["US-CA", "US-CA", "US-CA", "US-CA", "US-CA", "US-CA", "US-NV", "US-OR", "US-AZ"]
        var plates = Set<String>()
        func node() -> CityMap.Node {
            CityMap.Node(
                x: Int.random(in: 0..<size, using: &fleetRandom), y: Int.random(in: 0..<size, using: &fleetRandom))
        }
        while vehicles.count < configuration.vehicles {
            let region = regions.randomElement(using: &fleetRandom)!
            let plate = PlateFactory.plate(region: region, random: &fleetRandom)
            guard plates.insert(plate).inserted else { continue }
            vehicles.append(
                Vehicle(
                    plate: plate, region: region,
                    description: VehicleDescription(
                        make: PlateFactory.makes.randomElement(using: &fleetRandom),
                        color: PlateFactory.colors.randomElement(using: &fleetRandom),
                        type: PlateFactory.types.randomElement(using: &fleetRandom)),
                    home: node(), work: node(), errands: Int.random(in: 0...2, using: &fleetRandom)))
        }
        // Planted vehicles cross the whole city so that every agency's cameras see them.
        let planted = [
            PlantedPlate(
                plate: "8SLN472", region: "US-CA", story: "commutes corner to corner past every agency's cameras"),
            PlantedPlate(
                plate: "5GZB018", region: "US-CA", story: "full of confusable characters (5/S, G/6, Z/2, B/8, 0/O)"),
            PlantedPlate(plate: "4TRK911", region: "US-NV", story: "an out-of-state pickup that visits the mall daily"),
        ]
        vehicles.append(
            Vehicle(
                plate: planted[0].plate, region: planted[0].region,
                description: VehicleDescription(make: "HONDA", color: "BLUE", type: "SEDAN"),
                home: CityMap.Node(x: 0, y: 0), work: CityMap.Node(x: size - 1, y: size - 1), errands: 2))
        vehicles.append(
            Vehicle(
                plate: planted[1].plate, region: planted[1].region,
                description: VehicleDescription(make: "TOYOTA", color: "WHITE", type: "SUV"),
                home: CityMap.Node(x: size - 1, y: 0), work: CityMap.Node(x: 0, y: size - 1), errands: 1))
        vehicles.append(
            Vehicle(
                plate: planted[2].plate, region: planted[2].region,
                description: VehicleDescription(make: "FORD", color: "RED", type: "PICKUP"),
                home: CityMap.Node(x: size / 2, y: size / 2), work: CityMap.Node(x: 1, y: 1), errands: 2))
        self.vehicles = vehicles
        self.planted = planted
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
