internal import GRDB
public import SightlineCore

extension Catalog {
    /// Stores alerts, one delivery per recipient, their log records and any webhook deliveries
    /// due, in one durable transaction, and returns the deliveries in sequence order. Called
    /// before the batch that raised them is acknowledged.
    public func record(_ alerts: [Alert]) throws -> [AlertDelivery] {
        guard !alerts.isEmpty else { return [] }
        return try pool.write { db in
            var deliveries: [AlertDelivery] = []
            for var alert in alerts {
                try db.cachedStatement(
                    sql: "INSERT INTO alert(time, camera_owner, list_owner, body) VALUES (?, ?, ?, '')"
                ).execute(arguments: [alert.raised.milliseconds, alert.read.owner.rawValue, alert.listOwner.rawValue])
                alert.id = db.lastInsertedRowID
                try db.cachedStatement(sql: "UPDATE alert SET body = ? WHERE id = ?").execute(
                    arguments: [try encode(alert), alert.id])
                for recipient in alert.recipients {
                    try db.cachedStatement(sql: "INSERT INTO alert_delivery(alert, agency, body) VALUES (?, ?, ?)")
                        .execute(arguments: [alert.id, recipient.agency.rawValue, try encode(recipient)])
                    let sequence = db.lastInsertedRowID
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO webhook_outbox(webhook, seq, state, next_attempt)
                            SELECT id, ?, 'pending', ? FROM webhook WHERE agency = ? AND revoked IS NULL
                            """
                    ).execute(arguments: [sequence, alert.raised.milliseconds, recipient.agency.rawValue])
                    var shown = alert
                    shown.recipients = [recipient]
                    deliveries.append(AlertDelivery(sequence: sequence, recipient: recipient, alert: shown))
                }
                _ = try append(
                    .alert(AlertRecord(event: .raised, time: alert.raised, alert: alert, recipients: alert.recipients)),
                    db: db)
            }
            return deliveries
        }
    }

    /// An agency's deliveries after `sequence`, oldest first, with their dispositions.
    public func deliveries(to agency: AgencyID, after sequence: Int64 = 0, limit: Int = 100) throws -> [AlertDelivery] {
        try pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.seq, d.body, a.body FROM alert_delivery d JOIN alert a ON a.id = d.alert
                    WHERE d.agency = ? AND d.seq > ? ORDER BY d.seq LIMIT ?
                    """, arguments: [agency.rawValue, sequence, limit])
            return try rows.map { try delivery(from: $0, db) }
        }
    }

    /// The sequence number of the latest delivery to `agency`, 0 before the first.
    public func latestDelivery(to agency: AgencyID) throws -> Int64 {
        try pool.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT max(seq) FROM alert_delivery WHERE agency = ?", arguments: [agency.rawValue]) ?? 0
        }
    }

    /// One delivery by its sequence number.
    public func delivery(_ sequence: Int64) throws -> AlertDelivery? {
        try pool.read { db in try delivery(sequence, db) }
    }

    func delivery(_ sequence: Int64, _ db: Database) throws -> AlertDelivery? {
        guard
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT d.seq, d.body, a.body FROM alert_delivery d JOIN alert a ON a.id = d.alert WHERE d.seq = ?",
                arguments: [sequence])
        else { return nil }
        return try delivery(from: row, db)
    }

    /// A delivery as its recipient sees it: its own route and dispositions, not other recipients'
    /// (the log keeps the whole alert for auditors).
    private func delivery(from row: Row, _ db: Database) throws -> AlertDelivery {
        var alert = try decode(Alert.self, row[2])
        let recipient = try decode(AlertRecipient.self, row[1])
        alert.recipients = [recipient]
        return AlertDelivery(
            sequence: row[0], recipient: recipient, alert: alert,
            dispositions: try dispositions(of: alert.id, by: recipient.agency, db))
    }

    /// Records an officer's disposition of an alert delivered to their agency, with its log record.
    public func record(_ disposition: Disposition) throws -> AlertDelivery {
        try pool.write { db in
            guard
                let sequence = try Int64.fetchOne(
                    db, sql: "SELECT seq FROM alert_delivery WHERE alert = ? AND agency = ?",
                    arguments: [disposition.alert, disposition.agency.rawValue]),
                let delivery = try delivery(sequence, db)
            else {
                throw SightlineError(.notFound, "no alert \(disposition.alert) was delivered to \(disposition.agency)")
            }
            try db.execute(
                sql: "INSERT INTO alert_disposition(alert, agency, time, body) VALUES (?, ?, ?, ?)",
                arguments: [
                    disposition.alert, disposition.agency.rawValue, disposition.time.milliseconds,
                    try encode(disposition),
                ])
            var record = AlertRecord(
                event: .disposition, time: disposition.time, alert: delivery.alert, recipients: [delivery.recipient])
            record.disposition = disposition
            _ = try append(.alert(record), db: db)
            var updated = delivery
            updated.dispositions.append(disposition)
            return updated
        }
    }

    private func dispositions(of alert: Int64, by agency: AgencyID, _ db: Database) throws -> [Disposition] {
        try String.fetchAll(
            db, sql: "SELECT body FROM alert_disposition WHERE alert = ? AND agency = ? ORDER BY rowid",
            arguments: [alert, agency.rawValue]
        ).map { try decode(Disposition.self, $0) }
    }
}
