import Foundation
internal import GRDB
import SightlineCore

extension Partition {
    /// What retention would destroy here: every expired read's row id and time, the number of
    /// reads held past retention, and whether every read expired.
    struct Expiry {
        var rows: [Int64] = []
        var from: Timestamp?
        var to: Timestamp?
        var held = 0
        var total = 0
        var everything: Bool { total > 0 && rows.count == total }
    }

    /// Whether the whole day is past retention for every owner in it, with no hold on any of
    /// them: the day can go without reading a row.
    func wholeDayExpires(_ plan: RetentionPlan) -> Bool {
        let end = Timestamp(milliseconds: start + Timestamp.millisecondsPerDay)
        let owners = Set(sourceOwners())
        guard !owners.isEmpty else { return true }
        return owners.allSatisfy { owner in
            guard let floor = plan.floor(of: owner) else { return false }
            return end <= floor && !plan.holds.contains { $0.agency == owner }
        }
    }

    /// Whether any owner's later cut-off falls after the day began: otherwise nothing here can
    /// have expired, and the day is not read at all.
    func mayExpire(_ plan: RetentionPlan) -> Bool {
        sourceOwners().contains { owner in plan.ceiling(of: owner).map { $0.milliseconds > start } ?? false }
    }

    /// Asks the plan about each read that may have expired — per owner, only those before its
    /// later cut-off, found through the (source, t) index — and counts the day's reads.
    func expiry(_ plan: RetentionPlan) throws -> Expiry {
        var expiry = Expiry()
        let names = self.names
        try readNow { db in
            expiry.total = try Int.fetchOne(db, sql: "SELECT count(*) FROM read") ?? 0
            for owner in sourceOwners() {
                guard let ceiling = plan.ceiling(of: owner), ceiling.milliseconds > start else { continue }
                let sources = "[" + sources(of: owner).map(String.init).joined(separator: ",") + "]"
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT r.id, r.plate, r.t FROM read r
                        WHERE r.source IN (SELECT value FROM json_each(?)) AND r.t < ?
                        """, arguments: [sources, ceiling.milliseconds - start])
                while let row = try rows.next() {
                    let id: Int64 = row[0]
                    let plateID: Int = row[1]
                    let plate = plateID >= 1 && plateID <= names.count ? names[plateID - 1] : ""
                    let time = Timestamp(milliseconds: start + (row[2] as Int64))
                    let readID = ReadID(partition: key, row: id)
                    guard plan.isPastRetention(readID, owner: owner, time: time) else { continue }
                    if plan.isHeld(readID, owner: owner, plate: plate, time: time) {
                        expiry.held += 1
                    } else {
                        expiry.rows.append(id)
                        expiry.from = min(expiry.from ?? time, time)
                        expiry.to = max(expiry.to ?? time, time)
                    }
                }
            }
        }
        return expiry
    }

    /// Deletes the rows, their candidates and images, and every dictionary plate nothing refers
    /// to any more, in one transaction with secure delete on, then truncates the WAL so no page
    /// image of them survives there. Returns the number of images destroyed.
    func destroy(rows: [Int64]) throws -> Int {
        let list = "[" + rows.map(String.init).joined(separator: ",") + "]"
        let images = try pool.write { db in
            let images =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM image WHERE read IN (SELECT value FROM json_each(?))",
                    arguments: [list]) ?? 0
            for table in ["image", "candidate"] {
                try db.execute(
                    sql: "DELETE FROM \(table) WHERE read IN (SELECT value FROM json_each(?))", arguments: [list])
            }
            try db.execute(sql: "DELETE FROM read WHERE id IN (SELECT value FROM json_each(?))", arguments: [list])
            try db.execute(
                sql: """
                    DELETE FROM plate WHERE id NOT IN (SELECT plate FROM read)
                      AND id NOT IN (SELECT plate FROM candidate)
                    """)
            return images
        }
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try reloadAfterDestruction()
        return images
    }
}
