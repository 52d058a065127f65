internal import GRDB
public import SightlineCore

extension Catalog {
    /// Appends a record durably and returns its index. Indices start at 0 and have no gaps.
    @discardableResult
    public func append(_ record: LogRecord) throws -> Int64 {
        try pool.write { db in try append(record, db: db) }
    }

    /// Appends records in one durable transaction (one fsync for the batch) and returns the
    /// first index.
    @discardableResult
    public func append(_ records: [LogRecord]) throws -> Int64 {
        try pool.write { db in
            let first = (try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(idx) FROM log")) ?? -1) + 1
            var nodes = NodeCache()
            for (offset, record) in records.enumerated() {
                _ = try append(record, db: db, index: first + Int64(offset), nodes: &nodes)
            }
            return first
        }
    }

    /// Appends inside the caller's transaction, so a change and its record commit together.
    func append(_ record: LogRecord, db: Database) throws -> Int64 {
        let next = (try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(idx) FROM log")) ?? -1) + 1
        var nodes = NodeCache()
        return try append(record, db: db, index: next, nodes: &nodes)
    }

    private func append(_ record: LogRecord, db: Database, index next: Int64, nodes: inout NodeCache) throws -> Int64 {
        let entry = record.json
        try db.cachedStatement(
            sql: "INSERT INTO log(idx, time, kind, agency, on_behalf_of, subject, body) VALUES (?, ?, ?, ?, ?, ?, ?)"
        ).execute(
            arguments: [
                next, record.time.milliseconds, record.kind, record.actorAgency?.rawValue ?? "",
                record.subjectAgency?.rawValue ?? "", record.subjectAgency?.rawValue, entry,
            ])
        try Self.addLeaf(index: next, entry: entry, db: db, nodes: &nodes)
        return next
    }

    /// Records an administrative change with its before and after values.
    func logChange(
        _ db: Database, _ actor: Actor, _ action: String, agency: AgencyID, subject: String,
        before: (any Encodable)?, after: (any Encodable)?
    ) throws {
        func text(_ value: (any Encodable)?) throws -> String? {
            guard let value else { return nil }
            if let string = value as? String { return string }
            return try encode(value)
        }
        let record = ChangeRecord(
            time: .now, actor: actor.user, actorAgency: actor.agency, action: action, agency: agency, subject: subject,
            before: try text(before), after: try text(after))
        _ = try append(.change(record), db: db)
    }

    /// Log records from `start` on, at most `limit`; when `agency` is given, only those it made
    /// or that were made for it or about it.
    public func logEntries(
        from start: Int64 = 0, limit: Int = 100, agency: AgencyID? = nil
    ) throws
        -> [LogEntry<LogRecord>]
    {
        try pool.read { db in
            let rows =
                if let agency {
                    try Row.fetchAll(
                        db,
                        sql: """
                            SELECT idx, body FROM log WHERE idx >= ? AND (agency = ? OR on_behalf_of = ? OR subject = ?)
                            ORDER BY idx LIMIT ?
                            """, arguments: [start, agency.rawValue, agency.rawValue, agency.rawValue, limit])
                } else {
                    try Row.fetchAll(
                        db, sql: "SELECT idx, body FROM log WHERE idx >= ? ORDER BY idx LIMIT ?",
                        arguments: [start, limit])
                }
            return try rows.map { row in LogEntry(index: row[0], body: try decode(LogRecord.self, row[1])) }
        }
    }

    /// How many records the log holds.
    public func logCount() throws -> Int64 {
        try pool.read { db in (try Int64.fetchOne(db, sql: "SELECT max(idx) FROM log") ?? -1) + 1 }
    }
}
