import Foundation
public import SightlineCore
public import SightlineIngest
import SightlinePolicy
public import SightlineStore

extension AdminService {
    /// Imports a hot-list file for the caller's agency, replacing the list of that name whole.
    /// Entries in categories the agency's law forbids are refused and the refusal logged; a bad
    /// line refuses the whole file and changes nothing.
    public func importHotList(
        named name: String, format: HotListFile.Format, text: String, category: HotListCategory = .stolenVehicle,
        by caller: Caller
    ) throws -> HotListSummary {
        let owner = caller.user.agency
        try caller.requireAdministrator(of: owner, "import hot lists")
        try Self.validate(identifier: name, field: "name")
        guard let agency = try catalog.agency(owner) else { throw SightlineError(.notFound, "no agency \(owner)") }
        let parsed = try HotListFile.parse(text, format: format, category: category)
        let pack = try policy.policy(at: .now).context.pack(for: agency)
        let forbidden = Set(pack?.refusedHotListCategories?.categories ?? [])
        let refused = parsed.entries.filter { forbidden.contains($0.category) }
        for (category, entries) in Dictionary(grouping: refused, by: \.category) {
            try catalog.logHotListRefusal(
                owner: owner, name: name, category: category, count: entries.count,
                reason: pack?.refusedHotListCategories?.citation ?? "refused by law", by: caller.actor)
        }
        return try catalog.replaceHotList(
            owner: owner, name: name, format: format.rawValue,
            entries: parsed.entries.filter { !forbidden.contains($0.category) },
            skipped: parsed.skipped.count, refused: refused.count, by: caller.actor)
    }
}
