internal import GRDB
public import SightlineCore

extension Catalog {
    /// Places a legal hold, logged with the change.
    public func place(_ hold: LegalHold, by actor: Actor) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO hold(id, agency, body) VALUES (?, ?, ?)",
                arguments: [hold.id, hold.agency.rawValue, try encode(hold)])
            try logChange(
                db, actor, "hold.place", agency: hold.agency, subject: "legal hold \(hold.id)", before: nil, after: hold
            )
        }
    }

    /// Ends a hold before its expiry, logged with the change; the held reads are then subject to
    /// retention again.
    public func release(hold id: String, of agency: AgencyID, at now: Timestamp, by actor: Actor) throws -> LegalHold {
        try pool.write { db in
            guard
                let body = try String.fetchOne(
                    db, sql: "SELECT body FROM hold WHERE id = ? AND agency = ?", arguments: [id, agency.rawValue])
            else { throw SightlineError(.notFound, "no legal hold \(id) of \(agency)") }
            var hold = try decode(LegalHold.self, body)
            guard hold.released == nil else { throw SightlineError(.conflict, "legal hold \(id) was already released") }
            hold.released = now
            hold.releasedBy = actor.user
            try db.execute(sql: "UPDATE hold SET body = ? WHERE id = ?", arguments: [try encode(hold), id])
            try logChange(
                db, actor, "hold.release", agency: agency, subject: "legal hold \(id)", before: body, after: hold)
            return hold
        }
    }

    /// Every hold of one agency, or of all, placed earliest first.
    public func holds(of agency: AgencyID? = nil) throws -> [LegalHold] {
        try bodies(LegalHold.self, from: "hold", where: "agency", is: agency?.rawValue).sorted {
            $0.placed < $1.placed
        }
    }

    /// The reads that raised an alert: hits, kept for the hit retention.
    public func hitReads() throws -> Set<ReadID> {
        try pool.read { db in
            Set(
                try String.fetchAll(db, sql: "SELECT json_extract(body, '$.read.id') FROM alert").compactMap(
                    ReadID.init))
        }
    }

    /// Logs what a retention run destroyed, one record per partition: counts and the time
    /// range, never a plate.
    public func logDestruction(_ report: DestructionReport, by actor: Actor) throws {
        try pool.write { db in
            for partition in report.partitions {
                try logChange(
                    db, actor, "retention.destroy", agency: actor.agency, subject: "reads of \(partition.partition)",
                    before: nil, after: partition)
            }
        }
    }
}
