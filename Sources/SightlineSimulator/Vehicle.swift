public import SightlineCore

/// A simulated vehicle: its true plate and what it looks like.
public struct Vehicle: Hashable, Sendable {
    public var plate: String
    public var region: String
    public var description: VehicleDescription
    public var home: CityMap.Node
    public var work: CityMap.Node
    /// Trips a day beyond the commute.
    public var errands: Int

    public init(
        plate: String, region: String, description: VehicleDescription, home: CityMap.Node, work: CityMap.Node,
        errands: Int
    ) {
        self.plate = plate
        self.region = region
        self.description = description
        self.home = home
        self.work = work
        self.errands = errands
    }
}

/// Plate text in the shapes real issuers use, plus the vanity plates that match none.
enum PlateFactory {
    static let letters = Array("ABCDEFGHJKLMNPRSTUVWXYZ")
    static let digits = Array("0123456789")
    static let vanity = [
        "GOBEARS", "SURFUP", "LUVMYDOG", "TEACH1", "BIGRIG", "NOMAD", "RDTRIP", "OLDBLUE", "XPLORE", "MOMSVAN",
        "GEEKOUT", "SKI4EVR", "DRUMMER", "VEGGIE", "CATLADY", "ZOOMZOOM",
    ]

    static func plate(region: String, random: inout SeededRandom) -> String {
        func l() -> Character { letters.randomElement(using: &random)! }
        func d() -> Character { digits.randomElement(using: &random)! }
        if random.chance(0.02) {
            return vanity.randomElement(using: &random)! + String(Int.random(in: 1...99, using: &random))
        }
        switch region {
        case "US-CA":
            return String([Character(String(Int.random(in: 4...9, using: &random))), l(), l(), l(), d(), d(), d()])
        case "US-NV": return String([d(), d(), l(), d(), d(), d()])
        case "US-OR": return String([d(), d(), d(), l(), l(), l()])
        default: return String([l(), l(), l(), d(), d(), d(), d()])
        }
    }

    static let makes = ["TOYOTA", "HONDA", "FORD", "CHEVROLET", "NISSAN", "TESLA", "SUBARU", "HYUNDAI", "KIA", "BMW"]
    static let colors = ["WHITE", "BLACK", "SILVER", "GRAY", "BLUE", "RED", "GREEN", "BROWN"]
    static let types = ["SEDAN", "SUV", "PICKUP", "VAN", "HATCHBACK", "MOTORCYCLE"]
}
