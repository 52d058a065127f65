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
    /// Why each skipped line was skipped, by line number.
    public var warnings: [String] = []
}

/// A stored list: its owner, name, where it came from and how many entries it holds.
public struct HotListInfo: Hashable, Sendable, Codable {
    public var owner: AgencyID
    public var name: String
    /// The import format (ncic, clew, …) or `agency` for a list kept by hand.
    public var source: String
    public var updated: Timestamp
    public var entries: Int
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

    /// Every entry of every list (or of one owner's, or one list), for building matchers.
    public func hotListEntries(owner: AgencyID? = nil, list: String? = nil) throws -> [ListedEntry] {
        try pool.read { db in
            var sql = "SELECT owner, name, body FROM hotlist_entry"
            var arguments: StatementArguments = []
            if let owner {
                sql += " WHERE owner = ?"
                arguments += [owner.rawValue]
                if let list {
                    sql += " AND name = ?"
                    arguments += [list]
                }
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY rowid", arguments: arguments).map {
                ListedEntry(owner: AgencyID($0[0] as String), list: $0[1], entry: try decode(HotListEntry.self, $0[2]))
            }
        }
    }

    /// An owner's lists with their entry counts.
    public func hotLists(of owner: AgencyID) throws -> [HotListInfo] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT h.name, h.format, h.updated, (SELECT count(*) FROM hotlist_entry e
                      WHERE e.owner = h.owner AND e.name = h.name)
                    FROM hotlist h WHERE h.owner = ? ORDER BY h.name
                    """, arguments: [owner.rawValue]
            ).map {
                HotListInfo(
                    owner: owner, name: $0[0], source: $0[1], updated: Timestamp(milliseconds: $0[2]), entries: $0[3])
            }
        }
    }

    /// Adds one entry to a list (creating the list), or replaces the entry for the same plate.
    public func add(_ entry: HotListEntry, to name: String, of owner: AgencyID, by actor: Actor) throws {
        try pool.write { db in
            try requireAgency(owner, db)
            try db.execute(
                sql: "DELETE FROM hotlist_entry WHERE owner = ? AND name = ? AND plate = ?",
                arguments: [owner.rawValue, name, entry.plate])
            let replaced = db.changesCount > 0
            try db.execute(
                sql: "INSERT INTO hotlist_entry(owner, name, plate, body) VALUES (?, ?, ?, ?)",
                arguments: [owner.rawValue, name, entry.plate, try encode(entry)])
            try db.execute(
                sql: """
                    INSERT INTO hotlist(owner, name, format, updated) VALUES (?, ?, 'agency', ?)
                    ON CONFLICT(owner, name) DO UPDATE SET updated = excluded.updated
                    """, arguments: [owner.rawValue, name, Timestamp.now.milliseconds])
            try logChange(
                db, actor, replaced ? "hotlist.entry.replace" : "hotlist.entry.add", agency: owner,
                subject: "hot list \(name)", before: nil,
                after: "\(entry.plate) (\(entry.category.name), case \(entry.caseNumber ?? "none"))")
        }
    }

    /// Removes a plate from a list.
    public func removeEntry(plate: String, from name: String, of owner: AgencyID, by actor: Actor) throws {
        try pool.write { db in
            try db.execute(
                sql: "DELETE FROM hotlist_entry WHERE owner = ? AND name = ? AND plate = ?",
                arguments: [owner.rawValue, name, plate])
            guard db.changesCount > 0 else { throw SightlineError(.notFound, "\(plate) is not on list \(name)") }
            try db.execute(
                sql: "UPDATE hotlist SET updated = ? WHERE owner = ? AND name = ?",
                arguments: [Timestamp.now.milliseconds, owner.rawValue, name])
            try logChange(
                db, actor, "hotlist.entry.remove", agency: owner, subject: "hot list \(name)", before: plate, after: nil
            )
        }
    }

    /// Changes whenever any list changes, so a server notices lists edited by another process.
    public func hotListVersion() throws -> String {
        try pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(max(updated), 0) FROM hotlist")
            let entries = try Int.fetchOne(db, sql: "SELECT max(rowid) FROM hotlist_entry") ?? 0
            return "\(row?[0] ?? 0)-\(row?[1] ?? 0)-\(entries)"
        }
    }
}
