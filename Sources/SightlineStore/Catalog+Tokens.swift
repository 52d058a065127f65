internal import GRDB
public import SightlineCore

/// A bearer token: a session from signing in, or a scoped API token for an integration.
public struct TokenGrant: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case session, api
    }

    public var user: User
    public var kind: Kind
    /// What an API token may be used for; nil means everything the user's role allows.
    public var scopes: Set<String>?
}

extension Catalog {
    /// Sessions end after this much idleness (CJIS session lock) ...
    public static let sessionIdle: Int64 = 30 * 60_000
    /// ... and after this long regardless.
    public static let sessionLifetime: Int64 = 12 * 3_600_000

    /// Issues a token, returned once; only its digest is kept. Sessions expire on idleness and age;
    /// API tokens last until `expires` or revocation.
    public func issueToken(
        for user: UserID, kind: TokenGrant.Kind = .api, scopes: Set<String>? = nil, expires: Timestamp? = nil,
        by actor: Actor, now: Timestamp = .now
    ) throws -> String {
        let token = Secret.generate(prefix: kind == .session ? "sls_" : "slt_")
        try pool.write { db in
            let record = try existingUser(user, db)
            let owner = record
            let expiry = kind == .session ? now.milliseconds + Self.sessionLifetime : expires?.milliseconds
            try db.execute(
                sql: """
                    INSERT INTO user_token(digest, user, created, kind, scopes, last_used, expires)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Secret.digest(token), user.rawValue, now.milliseconds, kind.rawValue,
                    scopes.map { $0.sorted().joined(separator: " ") }, now.milliseconds, expiry,
                ])
            if kind == .api {
                try logChange(
                    db, actor, "token.issue", agency: owner.agency, subject: "user \(user)", before: nil,
                    after:
                        "api token \(Secret.digest(token).prefix(12)) scopes \(scopes.map { $0.sorted().joined(separator: ",") } ?? "all")"
                )
            }
        }
        return token
    }

    /// The user and token kind a bearer token authenticates, if it is valid now. Using a session
    /// token keeps it alive.
    public func token(_ token: String, now: Timestamp = .now) throws -> TokenGrant? {
        let digest = Secret.digest(token)
        // A read answers for API tokens; only a session takes the write lock, to record its use.
        let found: (TokenGrant, Int64?)? = try pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT u.body, t.kind, t.scopes, t.last_used, t.expires FROM user_token t
                        JOIN user u ON u.id = t.user WHERE t.digest = ? AND t.revoked IS NULL
                        """, arguments: [digest])
            else { return nil }
            let user = try decode(User.self, row[0])
            let kind = TokenGrant.Kind(rawValue: row[1]) ?? .api
            if let expires: Int64 = row[4], now.milliseconds >= expires { return nil }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM lockout WHERE user = ?", arguments: [user.id.rawValue]) != nil
            {
                return nil
            }
            let scopes = (row[2] as String?).map { Set($0.split(separator: " ").map(String.init)) }
            return (TokenGrant(user: user, kind: kind, scopes: scopes), row[3])
        }
        guard let (grant, lastUsed) = found else { return nil }
        guard grant.kind == .session else { return grant }
        guard now.milliseconds - (lastUsed ?? 0) < Self.sessionIdle else { return nil }
        try pool.write { db in
            try db.execute(
                sql: "UPDATE user_token SET last_used = ? WHERE digest = ?", arguments: [now.milliseconds, digest])
        }
        return grant
    }

    /// The user a valid token belongs to.
    public func user(forToken token: String) throws -> User? { try self.token(token)?.user }

    /// Revokes every token of a user.
    public func revokeTokens(of user: UserID, by actor: Actor) throws {
        try pool.write { db in
            let record = try existingUser(user, db)
            try db.execute(
                sql: "UPDATE user_token SET revoked = ? WHERE user = ? AND revoked IS NULL",
                arguments: [Timestamp.now.milliseconds, user.rawValue])
            if db.changesCount > 0 {
                try logChange(
                    db, actor, "token.revoke", agency: record.agency, subject: "user \(user)",
                    before: "\(db.changesCount) active tokens", after: "0 active tokens")
            }
        }
    }
}

extension Catalog {
    /// Ends one token (signing out); false when it was not active.
    public func revoke(token: String) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE user_token SET revoked = ? WHERE digest = ? AND revoked IS NULL",
                arguments: [Timestamp.now.milliseconds, Secret.digest(token)])
            return db.changesCount > 0
        }
    }
}
