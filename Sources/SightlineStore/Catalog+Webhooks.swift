internal import GRDB
public import SightlineCore

extension Catalog {
    /// Registers a webhook for an agency's alert deliveries, logged.
    public func add(_ webhook: Webhook, by actor: Actor) throws {
        try pool.write { db in
            try requireAgency(webhook.agency, db)
            try insertUnique(
                db, "INSERT INTO webhook(id, agency, url, nonce, created) VALUES (?, ?, ?, ?, ?)",
                [webhook.id, webhook.agency.rawValue, webhook.url, webhook.nonce, webhook.created.milliseconds],
                what: "webhook \(webhook.id)")
            try logChange(
                db, actor, "webhook.add", agency: webhook.agency, subject: "webhook \(webhook.id)", before: nil,
                after: webhook.url)
        }
    }

    /// Stops deliveries to a webhook; what is queued for it is dropped, logged.
    public func revokeWebhook(_ id: String, of agency: AgencyID, by actor: Actor) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE webhook SET revoked = ? WHERE id = ? AND agency = ? AND revoked IS NULL",
                arguments: [Timestamp.now.milliseconds, id, agency.rawValue])
            guard db.changesCount == 1 else { throw SightlineError(.notFound, "no active webhook \(id) of \(agency)") }
            try db.execute(sql: "DELETE FROM webhook_outbox WHERE webhook = ? AND state = 'pending'", arguments: [id])
            try logChange(
                db, actor, "webhook.revoke", agency: agency, subject: "webhook \(id)", before: nil, after: nil)
        }
    }

    public func webhooks(of agency: AgencyID) throws -> [Webhook] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT id, agency, url, nonce, created, revoked FROM webhook WHERE agency = ? ORDER BY created",
                arguments: [agency.rawValue]
            ).map { Self.webhook($0) }
        }
    }

    /// Webhook deliveries due by `now`, oldest first.
    public func dueWebhookAttempts(at now: Timestamp, limit: Int = 100) throws -> [WebhookAttempt] {
        try pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT o.seq, o.attempts, w.id, w.agency, w.url, w.nonce, w.created, w.revoked
                    FROM webhook_outbox o JOIN webhook w ON w.id = o.webhook
                    WHERE o.state = 'pending' AND o.next_attempt <= ? AND w.revoked IS NULL
                    ORDER BY o.next_attempt, o.seq LIMIT ?
                    """, arguments: [now.milliseconds, limit])
            return try rows.compactMap { row in
                guard let delivery = try delivery(row[0], db) else { return nil }
                return WebhookAttempt(
                    webhook: Self.webhook(row, from: 2),
                    delivery: delivery, attempts: row[1])
            }
        }
    }

    /// When the next pending webhook delivery is due, if any is.
    public func nextWebhookAttempt() throws -> Timestamp? {
        try pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT min(next_attempt) FROM webhook_outbox WHERE state = 'pending'")
                .map(Timestamp.init(milliseconds:))
        }
    }

    /// What became of one attempt.
    public enum WebhookOutcome: Sendable {
        case delivered(status: Int)
        /// Try again at `retryAt`.
        case failed(error: String, retryAt: Timestamp)
        /// Given up: kept as a dead letter, for an administrator to see and replay.
        case deadLetter(error: String)
    }

    /// Records an attempt's outcome; deliveries and dead letters are logged.
    public func record(_ outcome: WebhookOutcome, of attempt: WebhookAttempt, at now: Timestamp) throws {
        try pool.write { db in
            let attempts = attempt.attempts + 1
            let arguments: StatementArguments
            var event: AlertRecord.Event?
            var detail = ""
            switch outcome {
            case .delivered(let status):
                arguments = ["delivered", attempts, now.milliseconds, nil]
                event = .webhookDelivered
                detail = "HTTP \(status) after \(attempts) attempt\(attempts == 1 ? "" : "s")"
            case .failed(let error, let retryAt):
                arguments = ["pending", attempts, retryAt.milliseconds, error]
            case .deadLetter(let error):
                arguments = ["dead", attempts, now.milliseconds, error]
                event = .webhookDeadLetter
                detail = "gave up after \(attempts) attempts; last: \(error)"
            }
            try db.execute(
                sql: "UPDATE webhook_outbox SET state = ?, attempts = ?, next_attempt = ?, last_error = ? "
                    + "WHERE webhook = ? AND seq = ?",
                arguments: arguments + [attempt.webhook.id, attempt.delivery.sequence])
            if let event {
                var record = AlertRecord(
                    event: event, time: now, alert: attempt.delivery.alert, recipients: [attempt.delivery.recipient])
                record.webhook = attempt.webhook.id
                record.detail = detail
                _ = try append(.alert(record), db: db)
            }
        }
    }

    /// Dead letters of an agency's webhooks: sequence numbers and last errors.
    public func deadLetters(of agency: AgencyID) throws -> [(webhook: String, sequence: Int64, error: String)] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT o.webhook, o.seq, coalesce(o.last_error, '') FROM webhook_outbox o
                    JOIN webhook w ON w.id = o.webhook WHERE w.agency = ? AND o.state = 'dead' ORDER BY o.seq
                    """, arguments: [agency.rawValue]
            ).map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// A webhook from the columns id, agency, url, nonce, created, revoked starting at `first`.
    private static func webhook(_ row: Row, from first: Int = 0) -> Webhook {
        Webhook(
            id: row[first], agency: AgencyID(row[first + 1] as String), url: row[first + 2], nonce: row[first + 3],
            created: Timestamp(milliseconds: row[first + 4]),
            revoked: (row[first + 5] as Int64?).map(Timestamp.init(milliseconds:)))
    }
}
