/// Why a plate is on a hot list. The NCIC vehicle-file letters, plus agency lists.
public enum HotListCategory: String, Hashable, Sendable, Codable, CaseIterable {
    case amber = "A"
    case felonyVehicle = "F"
    case wantedPerson = "W"
    case stolenVehicle = "V"
    case stolenPlate = "P"
    case missingPerson = "M"
    case supervisedRelease = "C"
    case protectionOrder = "H"
    case protectiveInterest = "K"
    case violentPerson = "L"
    case stolenCanadianVehicle = "R"
    case gangOrTerrorist = "T"
    case sexOffender = "X"
    /// The immigration-violator / deported-felon file some states' extracts add. Packs that
    /// forbid immigration enforcement refuse it at import.
    case immigrationViolator = "N"
    /// An agency's own list.
    case agency = "agency"

    public var name: String {
        switch self {
        case .amber: "AMBER alert"
        case .felonyVehicle: "felony vehicle"
        case .wantedPerson: "wanted person"
        case .stolenVehicle: "stolen vehicle"
        case .stolenPlate: "stolen plate"
        case .missingPerson: "missing person"
        case .supervisedRelease: "supervised release"
        case .protectionOrder: "protection order"
        case .protectiveInterest: "protective interest"
        case .violentPerson: "violent person"
        case .stolenCanadianVehicle: "stolen Canadian vehicle"
        case .gangOrTerrorist: "gang or terrorist"
        case .sexOffender: "sex offender"
        case .immigrationViolator: "immigration violator"
        case .agency: "agency list"
        }
    }
}

/// Who may receive alerts on an entry besides its list's owner.
public enum HotListAudience: String, Hashable, Sendable, Codable, CaseIterable {
    /// The owner and every agency it has issued a hot-list-sharing grant to.
    case shared
    /// The owning agency alone, whatever grants it has issued (a sensitive investigation).
    case agency
}

/// One plate on a hot list.
public struct HotListEntry: Hashable, Sendable, Codable {
    /// Normalised plate text.
    public var plate: String
    /// Issuer such as `US-CA`, when the list names one.
    public var region: String?
    public var category: HotListCategory
    public var reason: String?
    public var caseNumber: String?
    public var effective: Timestamp?
    public var expiry: Timestamp?
    /// 1 (highest) to 5.
    public var priority: Int
    /// Vehicle description as the list gives it (year, make, model, style, colour).
    public var vehicle: VehicleDescription
    public var note: String?
    public var audience: HotListAudience
    /// Where in the source file the entry came from, for error messages and audits.
    public var line: Int

    public init(
        plate: String, region: String? = nil, category: HotListCategory, reason: String? = nil,
        caseNumber: String? = nil,
        effective: Timestamp? = nil, expiry: Timestamp? = nil, priority: Int = 3, vehicle: VehicleDescription = .init(),
        note: String? = nil, audience: HotListAudience = .shared, line: Int = 0
    ) {
        self.audience = audience
        self.plate = plate
        self.region = region
        self.category = category
        self.reason = reason
        self.caseNumber = caseNumber
        self.effective = effective
        self.expiry = expiry
        self.priority = priority
        self.vehicle = vehicle
        self.note = note
        self.line = line
    }

    private enum CodingKeys: String, CodingKey {
        case plate, region, category, reason, caseNumber, effective, expiry, priority, vehicle, note, audience, line
    }

    // Entries stored before audiences existed are shared, as every entry was then.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        plate = try c.decode(String.self, forKey: .plate)
        region = try c.decodeIfPresent(String.self, forKey: .region)
        category = try c.decode(HotListCategory.self, forKey: .category)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        caseNumber = try c.decodeIfPresent(String.self, forKey: .caseNumber)
        effective = try c.decodeIfPresent(Timestamp.self, forKey: .effective)
        expiry = try c.decodeIfPresent(Timestamp.self, forKey: .expiry)
        priority = try c.decode(Int.self, forKey: .priority)
        vehicle = try c.decode(VehicleDescription.self, forKey: .vehicle)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        audience = try c.decodeIfPresent(HotListAudience.self, forKey: .audience) ?? .shared
        line = try c.decode(Int.self, forKey: .line)
    }

    /// Whether the entry is in force at `time`.
    public func isInForce(at time: Timestamp) -> Bool {
        (effective.map { $0 <= time } ?? true) && (expiry.map { time < $0 } ?? true)
    }
}

/// An entry with the list it belongs to, as the matcher holds it: an alert names both.
public struct ListedEntry: Hashable, Sendable, Codable {
    public var owner: AgencyID
    public var list: String
    public var entry: HotListEntry

    public init(owner: AgencyID, list: String, entry: HotListEntry) {
        self.owner = owner
        self.list = list
        self.entry = entry
    }
}
