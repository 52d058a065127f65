import Foundation
public import SightlineCore
import SightlineIdentity
public import SightlineStore

/// A new session: the bearer token and when it ends at the latest.
public struct Session: Sendable, Codable {
    public var token: String
    public var user: User
    public var expires: Timestamp
    public var idleMinutes: Int
}

/// Sign-in with password and TOTP. Every attempt is logged; five failures in fifteen minutes
/// lock the account until an administrator unlocks it (CJIS Security Policy 5.5.3).
public struct IdentityService: Sendable {
    public let catalog: Catalog

    public func signIn(user id: UserID, password: String, code: String, now: Timestamp = .now) throws -> Session {
        let refused = SightlineError(.unauthenticated, "user, password or code is wrong")
        guard let user = try catalog.user(id), let credentials = try catalog.credentials(of: id) else {
            try catalog.recordLogin(LoginRecord(time: now, user: id, agency: nil, outcome: .unknownUser))
            throw refused
        }
        if try catalog.isLocked(id) {
            try catalog.recordLogin(LoginRecord(time: now, user: id, agency: user.agency, outcome: .locked))
            throw SightlineError(
                .forbidden, "this account is locked after repeated failed sign-ins; an administrator must unlock it")
        }
        guard PasswordHash.verify(password, against: credentials.passwordHash) else {
            try fail(user, .badPassword, now: now)
            throw refused
        }
        guard let secret = Base32.decode(credentials.totpSecret),
            let step = TOTP(secret: secret).match(code, at: now, after: credentials.lastTOTPStep)
        else {
            try fail(user, .badSecondFactor, now: now)
            throw refused
        }
        try catalog.recordLogin(
            LoginRecord(time: now, user: id, agency: user.agency, outcome: .success), totpStep: step)
        let token = try catalog.issueToken(for: id, kind: .session, by: Actor(user), now: now)
        return Session(
            token: token, user: user, expires: now.adding(milliseconds: Catalog.sessionLifetime),
            idleMinutes: Int(Catalog.sessionIdle / 60_000))
    }

    private func fail(_ user: User, _ outcome: LoginRecord.Outcome, now: Timestamp) throws {
        let locked = try catalog.recordLogin(
            LoginRecord(time: now, user: user.id, agency: user.agency, outcome: outcome))
        if locked {
            throw SightlineError(
                .forbidden, "this account is now locked after repeated failed sign-ins; an administrator must unlock it"
            )
        }
    }
}
