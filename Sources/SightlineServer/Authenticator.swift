public import SightlineCore
public import SightlineStore

/// Who is calling, and what their role and token allow.
public struct Caller: Sendable {
    public var user: User
    public var token: TokenGrant

    public var actor: Actor { Actor(user) }

    /// Refuses unless the role allows it and the token's scopes include `scope`.
    public func require(_ allowed: Bool, scope: String, _ what: String) throws {
        guard allowed else {
            throw SightlineError(.forbidden, "the \(user.role.rawValue) role cannot \(what)")
        }
        if let scopes = token.scopes, !scopes.contains(scope) {
            throw SightlineError(
                .forbidden, "this token's scopes (\(scopes.sorted().joined(separator: ", "))) do not include \(scope)")
        }
    }

    /// Refuses unless the caller administers `agency`.
    public func requireAdministrator(of agency: AgencyID, _ what: String) throws {
        try require(user.role.administersAgency, scope: "admin", what)
        guard user.agency == agency else {
            throw SightlineError(.forbidden, "an administrator of \(user.agency) cannot \(what) for \(agency)")
        }
    }
}

/// Turns a bearer token into a caller.
public struct Authenticator: Sendable {
    let catalog: Catalog

    public func caller(_ token: String?) throws -> Caller {
        guard let token, !token.isEmpty else {
            throw SightlineError(.unauthenticated, "a token is required (Authorization: Bearer <token>)")
        }
        guard let grant = try catalog.token(token) else {
            throw SightlineError(.unauthenticated, "unknown, expired or revoked token")
        }
        return Caller(user: grant.user, token: grant)
    }
}
