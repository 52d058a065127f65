internal import GRDB
public import SightlineCore

extension Catalog {
    /// Appends a search record durably and returns its index. Indices start at 0 and have no gaps.
    public func append(_ record: SearchRecord) throws -> Int64 {
        try pool.write { db in
            let next = (try Int64.fetchOne(db, sql: "SELECT max(idx) FROM log") ?? -1) + 1
            try db.execute(
                sql: "INSERT INTO log(idx, time, kind, agency, on_behalf_of, body) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    next, record.time.milliseconds, record.request.kind.rawValue, record.request.agency.rawValue,
                    record.request.onBehalfOf.rawValue, try encode(record),
                ])
            return next
        }
    }

    /// Log records from `start` on, at most `limit`; only those an agency made or that were made
    /// for it when `agency` is given.
    public func logEntries(
        from start: Int64 = 0, limit: Int = 100, agency: AgencyID? = nil
    ) throws
        -> [LogEntry<SearchRecord>]
    {
        try pool.read { db in
            let rows =
                if let agency {
                    try Row.fetchAll(
                        db,
                        sql: """
                            SELECT idx, body FROM log WHERE idx >= ? AND (agency = ? OR on_behalf_of = ?)
                            ORDER BY idx LIMIT ?
                            """, arguments: [start, agency.rawValue, agency.rawValue, limit])
                } else {
                    try Row.fetchAll(
                        db, sql: "SELECT idx, body FROM log WHERE idx >= ? ORDER BY idx LIMIT ?",
                        arguments: [start, limit])
                }
            return try rows.map { row in LogEntry(index: row[0], body: try decode(SearchRecord.self, row[1])) }
        }
    }

    /// How many records the log holds.
    public func logCount() throws -> Int64 {
        try pool.read { db in (try Int64.fetchOne(db, sql: "SELECT max(idx) FROM log") ?? -1) + 1 }
    }
}
