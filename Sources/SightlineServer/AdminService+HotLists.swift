import Foundation
public import SightlineCore
public import SightlineIngest
import SightlinePolicy
public import SightlineStore

/// One entry as an administrator adds it through the API or the CLI.
public struct NewHotListEntry: Hashable, Sendable, Codable {
    public var plate: String?
    public var region: String?
    public var category: HotListCategory?
    public var reason: String?
    public var caseNumber: String?
    public var effective: Timestamp?
    public var expiry: Timestamp?
    public var priority: Int?
    public var vehicle: VehicleDescription?
    public var note: String?
    public var audience: HotListAudience?

    public init(
        plate: String?, region: String? = nil, category: HotListCategory?, reason: String? = nil,
        caseNumber: String? = nil, effective: Timestamp? = nil, expiry: Timestamp? = nil, priority: Int? = nil,
        note: String? = nil, audience: HotListAudience? = nil
    ) {
        self.plate = plate
        self.region = region
        self.category = category
        self.reason = reason
        self.caseNumber = caseNumber
        self.effective = effective
        self.expiry = expiry
        self.priority = priority
        self.note = note
        self.audience = audience
    }
}

extension AdminService {
    /// Imports a hot-list file for the caller's agency, replacing the list of that name whole.
    /// Entries in categories the agency's law forbids are refused and the refusal logged; a bad
    /// line refuses the whole file and changes nothing.
    public func importHotList(
        named name: String, format: HotListFile.Format, text: String, category: HotListCategory = .stolenVehicle,
        audience: HotListAudience = .shared, alsoSkip: Set<String> = [], by caller: Caller
    ) throws -> HotListSummary {
        let owner = caller.user.agency
        try caller.requireAdministrator(of: owner, "import hot lists")
        try Self.validate(identifier: name, field: "name")
        let parsed = try HotListFile.parse(
            text, format: format, category: category,
            falseAlerts: HotListFile.falseAlertPlates.union(alsoSkip.compactMap(Plate.normalize)))
        let forbidden = try refusedCategories(of: owner)
        let refused = parsed.entries.filter { forbidden.categories.contains($0.category) }
        for (category, entries) in Dictionary(grouping: refused, by: \.category) {
            try catalog.logHotListRefusal(
                owner: owner, name: name, category: category, count: entries.count, reason: forbidden.citation,
                by: caller.actor)
        }
        let kept = parsed.entries.filter { !forbidden.categories.contains($0.category) }.map {
            var entry = $0
            entry.audience = audience
            return entry
        }
        var summary = try catalog.replaceHotList(
            owner: owner, name: name, format: format.rawValue, entries: kept, skipped: parsed.skipped.count,
            refused: refused.count, by: caller.actor)
        summary.warnings = parsed.skipped.map { "line \($0.line): \($0.reason)" }
        try alerts.listsChanged()
        return summary
    }

    /// The caller's agency's lists.
    public func hotLists(by caller: Caller) throws -> [HotListInfo] {
        try caller.require(
            caller.user.role.receivesAlerts || caller.user.role.administersAgency, scope: "alerts", "read hot lists")
        return try catalog.hotLists(of: caller.user.agency)
    }

    /// The entries of one of the caller's agency's lists.
    public func hotListEntries(_ name: String, by caller: Caller) throws -> [HotListEntry] {
        try caller.require(
            caller.user.role.receivesAlerts || caller.user.role.administersAgency, scope: "alerts", "read hot lists")
        return try catalog.hotListEntries(owner: caller.user.agency, list: name).map(\.entry)
    }

    /// Adds or replaces one entry of a list of the caller's agency.
    public func addHotListEntry(_ new: NewHotListEntry, to name: String, by caller: Caller) throws -> HotListEntry {
        let entry = try hotListEntry(new, for: name, by: caller)
        try storeHotListEntry(entry, in: name, by: caller)
        return entry
    }

    /// Checks an entry the caller would add, without adding it; a category the agency's law
    /// refuses is refused here, and the refusal logged.
    public func hotListEntry(_ new: NewHotListEntry, for name: String, by caller: Caller) throws -> HotListEntry {
        let owner = caller.user.agency
        try caller.require(caller.user.role.editsHotLists, scope: "alerts", "edit hot lists")
        try Self.validate(identifier: name, field: "name")
        guard let raw = new.plate else { throw SightlineError(.invalidField, "plate is required", field: "plate") }
        guard let plate = Plate.normalize(raw) else {
            throw SightlineError(
                .invalidField, "plate \(raw.debugDescription) has no letters or digits", field: "plate")
        }
        guard !HotListFile.falseAlertPlates.contains(plate) else {
            throw SightlineError(.invalidField, "\(plate) is a known false-alert plate", field: "plate")
        }
        guard let category = new.category else {
            throw SightlineError(
                .invalidField, "category is required (an NCIC code such as V, or agency)", field: "category")
        }
        let forbidden = try refusedCategories(of: owner)
        if forbidden.categories.contains(category) {
            try catalog.logHotListRefusal(
                owner: owner, name: name, category: category, count: 1, reason: forbidden.citation, by: caller.actor)
            throw SightlineError(
                .forbidden, "\(owner)'s law refuses \(category.name) entries: \(forbidden.citation)", field: "category")
        }
        if let priority = new.priority, !(1...5).contains(priority) {
            throw SightlineError(.invalidField, "priority must be 1 (highest) to 5", field: "priority")
        }
        if let effective = new.effective, let expiry = new.expiry, expiry <= effective {
            throw SightlineError(.invalidField, "expiry must come after effective", field: "expiry")
        }
        if let region = new.region, !Self.isRegion(region) {
            throw SightlineError(.invalidField, "region is an issuer code such as US-CA", field: "region")
        }
        let entry = HotListEntry(
            plate: plate, region: new.region?.uppercased(), category: category, reason: new.reason ?? category.name,
            caseNumber: new.caseNumber, effective: new.effective, expiry: new.expiry, priority: new.priority ?? 3,
            vehicle: new.vehicle ?? .init(), note: new.note, audience: new.audience ?? .shared)
        return entry
    }

    /// Stores an entry checked by `hotListEntry(_:for:by:)`.
    public func storeHotListEntry(_ entry: HotListEntry, in name: String, by caller: Caller) throws {
        try caller.require(caller.user.role.editsHotLists, scope: "alerts", "edit hot lists")
        try catalog.add(entry, to: name, of: caller.user.agency, by: caller.actor)
        try alerts.listsChanged()
    }

    /// Removes a plate from a list of the caller's agency.
    public func removeHotListEntry(plate raw: String, from name: String, by caller: Caller) throws {
        let owner = caller.user.agency
        try caller.require(caller.user.role.editsHotLists, scope: "alerts", "edit hot lists")
        guard let plate = Plate.normalize(raw) else {
            throw SightlineError(
                .invalidField, "plate \(raw.debugDescription) has no letters or digits", field: "plate")
        }
        try catalog.removeEntry(plate: plate, from: name, of: owner, by: caller.actor)
        try alerts.listsChanged()
    }

    private func refusedCategories(of owner: AgencyID) throws -> (categories: Set<HotListCategory>, citation: String) {
        guard let agency = try catalog.agency(owner) else { throw SightlineError(.notFound, "no agency \(owner)") }
        let pack = try policy.policy(at: .now).context.pack(for: agency)
        return (Set(pack?.refusedHotListCategories?.categories ?? []), pack?.refusedHotListCategories?.citation ?? "")
    }

    static func isRegion(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return parts.count == 2 && parts[0].count == 2 && (1...3).contains(parts[1].count)
            && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
    }
}
