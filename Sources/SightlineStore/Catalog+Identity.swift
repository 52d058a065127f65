internal import GRDB
public import SightlineCore

/// A user's stored credentials: the password's scrypt hash and the TOTP secret. The TOTP secret
/// cannot be hashed — the server must compute codes from it — so it never leaves the catalog.
public struct Credentials: Sendable {
    public var passwordHash: String
    public var totpSecret: String
    public var lastTOTPStep: Int64
}

extension Catalog {
    /// CJIS: lock after this many failed logons within `failureWindow`, until an administrator unlocks.
    public static let failuresBeforeLock = 5
    public static let failureWindow: Int64 = 15 * 60_000

    /// Sets (or replaces) a user's password hash and TOTP secret.
    public func setCredentials(of user: UserID, passwordHash: String, totpSecret: String, by actor: Actor) throws {
        try pool.write { db in
            let record = try existingUser(user, db)
            try db.execute(
                sql:
                    "INSERT OR REPLACE INTO credential(user, password, totp_secret, last_totp_step) VALUES (?, ?, ?, 0)",
                arguments: [user.rawValue, passwordHash, totpSecret])
            try logChange(
                db, actor, "user.credentials", agency: record.agency, subject: "user \(user)",
                before: nil, after: "password and second factor set")
        }
    }

    public func credentials(of user: UserID) throws -> Credentials? {
        try pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT password, totp_secret, last_totp_step FROM credential WHERE user = ?",
                arguments: [user.rawValue]
            ).map { Credentials(passwordHash: $0[0], totpSecret: $0[1], lastTOTPStep: $0[2]) }
        }
    }

    public func isLocked(_ user: UserID) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM lockout WHERE user = ?", arguments: [user.rawValue]) != nil
        }
    }

    /// Records a sign-in and its outcome in the log. A failure counts toward the lock, and the
    /// fifth within the window locks the account; the answer says whether it is now locked.
    @discardableResult
    public func recordLogin(_ record: LoginRecord, totpStep: Int64? = nil) throws -> Bool {
        try pool.write { db in
            _ = try append(.login(record), db: db)
            let user = record.user.rawValue
            switch record.outcome {
            case .success:
                try db.execute(sql: "DELETE FROM login_failure WHERE user = ?", arguments: [user])
                if let totpStep {
                    try db.execute(
                        sql: "UPDATE credential SET last_totp_step = ? WHERE user = ?", arguments: [totpStep, user])
                }
                return false
            case .badPassword, .badSecondFactor:
                try db.execute(
                    sql: "INSERT INTO login_failure(user, time) VALUES (?, ?)",
                    arguments: [user, record.time.milliseconds])
                let recent =
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM login_failure WHERE user = ? AND time > ?",
                        arguments: [user, record.time.milliseconds - Self.failureWindow]) ?? 0
                guard recent >= Self.failuresBeforeLock else { return false }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO lockout(user, time) VALUES (?, ?)",
                    arguments: [user, record.time.milliseconds])
                if db.changesCount > 0, let agency = record.agency {
                    let lock = ChangeRecord(
                        time: record.time, actor: record.user, actorAgency: agency, action: "user.lock", agency: agency,
                        subject: "user \(record.user)", before: "unlocked",
                        after: "locked after \(recent) failed sign-ins in 15 minutes")
                    _ = try append(.change(lock), db: db)
                }
                return true
            case .locked, .unknownUser:
                return record.outcome == .locked
            }
        }
    }

    /// Lifts a lock; only an administrator may call this, and the log records who did.
    public func unlock(_ user: UserID, by actor: Actor) throws {
        try pool.write { db in
            let record = try existingUser(user, db)
            try db.execute(sql: "DELETE FROM lockout WHERE user = ?", arguments: [user.rawValue])
            guard db.changesCount > 0 else { throw SightlineError(.conflict, "user \(user) is not locked") }
            try db.execute(sql: "DELETE FROM login_failure WHERE user = ?", arguments: [user.rawValue])
            try logChange(
                db, actor, "user.unlock", agency: record.agency, subject: "user \(user)",
                before: "locked", after: "unlocked")
        }
    }
}
