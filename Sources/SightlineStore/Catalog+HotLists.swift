internal import GRDB
public import SightlineCore

/// What a hot-list import changed.
public struct HotListSummary: Hashable, Sendable, Codable {
    public var list: String
    public var entries: Int
    public var added: Int
    public var removed: Int
    public var skipped: Int
    public var refused: Int
}

extension Catalog {
    /// Replaces an agency's list with `entries` in one transaction: a reader sees the old list or
    /// the new, never half of each. The change is logged with its counts (plates stay out of the log).
    public func replaceHotList(
        owner: AgencyID, name: String, format: String, entries: [HotListEntry], skipped: Int, refused: Int,
        by actor: Actor
    ) throws -> HotListSummary {
        try pool.write { db in
            try requireAgency(owner, db)
            let before = Set(
                try String.fetchAll(
                    db, sql: "SELECT plate FROM hotlist_entry WHERE owner = ? AND name = ?",
                    arguments: [owner.rawValue, name]))
            try db.execute(
                sql: "DELETE FROM hotlist_entry WHERE owner = ? AND name = ?", arguments: [owner.rawValue, name])
            let insert = try db.cachedStatement(
                sql: "INSERT INTO hotlist_entry(owner, name, plate, body) VALUES (?, ?, ?, ?)")
            for entry in entries {
                try insert.execute(arguments: [owner.rawValue, name, entry.plate, try encode(entry)])
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO hotlist(owner, name, format, updated) VALUES (?, ?, ?, ?)",
                arguments: [owner.rawValue, name, format, Timestamp.now.milliseconds])
            let after = Set(entries.map(\.plate))
            let summary = HotListSummary(
                list: name, entries: entries.count, added: after.subtracting(before).count,
                removed: before.subtracting(after).count, skipped: skipped, refused: refused)
            try logChange(
                db, actor, "hotlist.replace", agency: owner, subject: "hot list \(name)",
                before: "\(before.count) plates", after: summary)
            return summary
        }
    }

    /// Records a refusal to load entries the owner's law forbids, without loading anything.
    public func logHotListRefusal(
        owner: AgencyID, name: String, category: HotListCategory, count: Int, reason: String, by actor: Actor
    ) throws {
        try pool.write { db in
            try logChange(
                db, actor, "hotlist.refuse", agency: owner, subject: "hot list \(name)", before: nil,
                after: "refused \(count) \(category.name) entries: \(reason)")
        }
    }

    /// Every entry of every list, for building matchers.
    public func hotListEntries(owner: AgencyID? = nil) throws -> [(owner: AgencyID, list: String, entry: HotListEntry)]
    {
        try pool.read { db in
            let rows =
                if let owner {
                    try Row.fetchAll(
                        db, sql: "SELECT owner, name, body FROM hotlist_entry WHERE owner = ?",
                        arguments: [owner.rawValue])
                } else {
                    try Row.fetchAll(db, sql: "SELECT owner, name, body FROM hotlist_entry")
                }
            return try rows.map { (AgencyID($0[0]), $0[1], try decode(HotListEntry.self, $0[2])) }
        }
    }
}
