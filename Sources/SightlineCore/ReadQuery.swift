/// What a plate search looks for: an exact plate, or a pattern where `?` stands for one
/// character and `*` for any run (including none).
public enum PlatePattern: Hashable, Sendable, CustomStringConvertible {
    case exact(String)
    case wildcard(String)

    /// Wildcard patterns need this many literal characters: a pattern like `*` or `A*` would
    /// sweep up the driving public rather than follow specific evidence.
    public static let minimumLiteralCharacters = 3

    /// Every plate: what a stakeout or convoy scene asks of a place and a time, after the policy
    /// engine. `init` refuses it, so no user can type it; stores skip the plate condition for it.
    public static let anyPlate = PlatePattern.wildcard("*")

    /// Parses user text: normalised like a plate, with `?` and `*` kept.
    public init(_ text: String, field: String = "plate") throws(SightlineError) {
        var bytes: [UInt8] = []
        var literals = 0
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x2D, 0x2E: continue
            case 0x61...0x7A:
                bytes.append(byte - 0x20)
                literals += 1
            case 0x41...0x5A, 0x30...0x39:
                bytes.append(byte)
                literals += 1
            case UInt8(ascii: "?"):
                bytes.append(byte)
            case UInt8(ascii: "*"):
                if bytes.last != byte { bytes.append(byte) }  // `**` means `*`
            default:
                throw SightlineError(
                    .invalidField, "plate pattern may hold letters, digits, ? and * only", field: field)
            }
        }
        let normalized = String(decoding: bytes, as: UTF8.self)
        let fixedLength = bytes.filter { $0 != UInt8(ascii: "*") }.count
        guard !bytes.isEmpty, fixedLength <= Plate.maximumLength else {
            throw SightlineError(
                .invalidField, "plate pattern must match plates of 1–\(Plate.maximumLength) characters", field: field)
        }
        if literals == bytes.count {
            self = .exact(normalized)
            return
        }
        guard literals >= Self.minimumLiteralCharacters else {
            throw SightlineError(
                .invalidField,
                "a wildcard pattern needs at least \(Self.minimumLiteralCharacters) known characters; "
                    + "Sightline does not sweep all plates",
                field: field)
        }
        self = .wildcard(normalized)
    }

    public var text: String {
        switch self {
        case .exact(let t), .wildcard(let t): t
        }
    }

    public var description: String { text }

    /// Whether the normalised plate text matches.
    public func matches(_ plate: String) -> Bool {
        switch self {
        case .exact(let t): return t == plate
        case .wildcard(let p): return Self.glob(Array(p.utf8), Array(plate.utf8))
        }
    }

    // Iterative glob with single-star backtracking: linear in practice, never exponential.
    public static func glob(_ p: [UInt8], _ s: [UInt8]) -> Bool {
        var pi = 0
        var si = 0
        var star = -1
        var mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == s[si] {
                pi += 1
                si += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = si
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}

/// A search over stored reads. Which owners' data it may touch is not part of the query: the
/// policy decides that, and the store is always told explicitly.
public struct ReadQuery: Hashable, Sendable {
    public enum Order: String, Hashable, Sendable, Codable {
        case newestFirst = "newest-first"
        case oldestFirst = "oldest-first"
    }

    public static let maximumLimit = 10_000

    public var plate: PlatePattern
    public var window: TimeWindow?
    public var cameras: Set<CameraID>?
    /// Narrows to these owners; the policy's allowed set still applies.
    public var owners: Set<AgencyID>?
    public var box: GeoBox?
    /// Plate region such as `US-CA`.
    public var region: String?
    /// Within this distance of a place.
    public var radius: GeoCircle?
    /// Vehicle attributes, compared without regard to case; nil matches anything.
    public var make: String?
    public var color: String?
    public var vehicleType: String?
    public var direction: Direction?
    /// OCR tolerance: nil matches the plate as typed; 0 also lets confusable characters stand for
    /// each other (O/0, B/8, …); 1 or 2 also allows that many insertions, deletions or
    /// substitutions (with an exact plate; with wildcards, confusables only). A tolerant search
    /// also looks at every candidate reading, and ranks results by distance.
    public var tolerance: Int?
    public var order: Order
    public var limit: Int

    public static let maximumEdits = 2

    public init(
        plate: PlatePattern, window: TimeWindow? = nil, cameras: Set<CameraID>? = nil, owners: Set<AgencyID>? = nil,
        box: GeoBox? = nil, region: String? = nil, radius: GeoCircle? = nil, make: String? = nil,
        color: String? = nil, vehicleType: String? = nil, direction: Direction? = nil, tolerance: Int? = nil,
        order: Order = .newestFirst, limit: Int = 1000
    ) {
        self.radius = radius
        self.make = make
        self.color = color
        self.vehicleType = vehicleType
        self.direction = direction
        self.tolerance = tolerance
        self.plate = plate
        self.window = window
        self.cameras = cameras
        self.owners = owners
        self.box = box
        self.region = region
        self.order = order
        self.limit = limit
    }

    /// The query's meaning for one read, ignoring order and limit. Stores implement it in their
    /// own terms; tests use this as the oracle.
    public func matches(_ read: PlateRead) -> Bool {
        plateMatch(read) != nil && matchesFilters(read)
    }

    /// How the read's plate or a candidate reading matches, or nil.
    public func plateMatch(_ read: PlateRead) -> PlateMatch? {
        guard let edits = tolerance else {
            return plate.matches(read.plate.normalized)
                ? PlateMatch(text: read.plate.normalized, reading: .plate, edits: 0, confusables: 0, differences: [])
                : nil
        }
        switch plate {
        case .exact(let text):
            return PlateDistance.best(query: text, read: read, edits: edits)
        case .wildcard(let pattern):
            let folded = Array(Plate.fold(pattern).utf8)
            let readings =
                [(read.plate.normalized, PlateMatch.Reading.plate)] + read.candidates.map { ($0.plate, .candidate) }
            return readings.first { PlatePattern.glob(folded, Array(Plate.fold($0.0).utf8)) }.map {
                PlateMatch(text: $0.0, reading: $0.1, edits: 0, confusables: 0, differences: [])
            }
        }
    }

    /// Everything but the plate.
    public func matchesFilters(_ read: PlateRead) -> Bool {
        (window?.contains(read.time) ?? true)
            && (cameras?.contains(read.camera) ?? true)
            && (owners?.contains(read.owner) ?? true)
            && (box?.contains(read.location) ?? true)
            && (region.map { $0 == read.region } ?? true)
            && (radius?.contains(read.location) ?? true)
            && Self.same(make, read.vehicle.make) && Self.same(color, read.vehicle.color)
            && Self.same(vehicleType, read.vehicle.type)
            && (direction.map { $0 == read.direction } ?? true)
    }

    static func same(_ wanted: String?, _ got: String?) -> Bool {
        guard let wanted else { return true }
        return got.map { $0.uppercased() == wanted.uppercased() } ?? false
    }
}

/// One page of results.
public struct ReadPage: Sendable {
    public var reads: [StoredRead]
    /// Whether more reads matched than the limit let through.
    public var truncated: Bool

    public init(reads: [StoredRead], truncated: Bool) {
        self.reads = reads
        self.truncated = truncated
    }
}
