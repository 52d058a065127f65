import Foundation
public import SightlineCore
import SightlineIdentity
public import SightlinePolicy
public import SightlineStore

/// A new user's second factor, shown once at enrolment.
public struct Enrolment: Sendable, Codable {
    public var user: User
    /// Base32 TOTP secret for an authenticator app.
    public var totpSecret: String
    public var provisioningURI: String
}

/// Administration: agencies, users, roles, tokens, cameras and keys. Every change is checked
/// against the caller's role and agency, and logged with before and after in its transaction.
public struct AdminService: Sendable {
    public let catalog: Catalog
    public let packs: [String: LawPack]
    public let policy: PolicySource
    public let alerts: AlertService

    public func addAgency(_ agency: Agency, by caller: Caller) throws {
        try caller.require(caller.user.role == .systemAdministrator, scope: "admin", "add agencies")
        try Self.validate(identifier: agency.id.rawValue, field: "id")
        try catalog.add(agency, by: caller.actor)
    }

    /// Adds a user with a password and a fresh TOTP secret, returned once.
    public func addUser(_ user: User, password: String, by caller: Caller) throws -> Enrolment {
        if caller.user.role != .systemAdministrator {
            try caller.requireAdministrator(of: user.agency, "add users")
            guard user.role != .systemAdministrator else {
                throw SightlineError(.forbidden, "only a system administrator can create another", field: "role")
            }
        }
        try Self.validate(identifier: user.id.rawValue, field: "id")
        return try enrol(user, password: password, by: caller.actor)
    }

    /// Creates the first system administrator of an empty deployment, from the server's console.
    public func bootstrap(_ user: User, password: String, operator name: String) throws -> Enrolment {
        guard try catalog.users().allSatisfy({ $0.role != .systemAdministrator }) else {
            throw SightlineError(.conflict, "a system administrator exists already; sign in as one instead")
        }
        let actor = Actor.localOperator(name)
        if try catalog.agency(user.agency) == nil {
            try catalog.add(
                Agency(
                    id: user.agency, name: "Sightline operators", kind: .stateAgency,
                    jurisdiction: Jurisdiction(country: "US")),
                by: actor)
        }
        var admin = user
        admin.role = .systemAdministrator
        return try enrol(admin, password: password, by: actor)
    }

    /// Enrols a user from the server's console (demo seeding), logged as the local operator.
    public func enrol(_ user: User, password: String, operator name: String) throws -> Enrolment {
        try enrol(user, password: password, by: .localOperator(name))
    }

    /// Sets a new password and second factor for an existing user, from the server's console.
    public func resetCredentials(of id: UserID, password: String, operator name: String) throws -> Enrolment {
        let user = try existingUser(id)
        let secret = TOTP.generateSecret()
        try catalog.setCredentials(
            of: id, passwordHash: try PasswordHash.make(password), totpSecret: Base32.encode(secret),
            by: .localOperator(name))
        return Enrolment(
            user: user, totpSecret: Base32.encode(secret),
            provisioningURI: TOTP(secret: secret).provisioningURI(account: id.rawValue))
    }

    func enrol(_ user: User, password: String, by actor: Actor) throws -> Enrolment {
        let hash = try PasswordHash.make(password)
        let secret = TOTP.generateSecret()
        try catalog.add(user, by: actor)
        try catalog.setCredentials(of: user.id, passwordHash: hash, totpSecret: Base32.encode(secret), by: actor)
        return Enrolment(
            user: user, totpSecret: Base32.encode(secret),
            provisioningURI: TOTP(secret: secret).provisioningURI(account: user.id.rawValue))
    }

    public func setRole(_ role: Role, of id: UserID, by caller: Caller) throws -> User {
        let user = try existingUser(id)
        try caller.requireAdministrator(of: user.agency, "change roles")
        guard role != .systemAdministrator else {
            throw SightlineError(.forbidden, "only a system administrator can create another", field: "role")
        }
        guard id != caller.user.id else {
            throw SightlineError(.forbidden, "administrators cannot change their own role")
        }
        return try catalog.setRole(role, of: id, by: caller.actor)
    }

    /// An API token for an integration: scoped, optionally expiring, revocable. Users may issue
    /// their own; administrators issue them for their agency's users.
    public func issueToken(
        for id: UserID, scopes: Set<String>?, expires: Timestamp?, by caller: Caller
    ) throws -> String {
        let user = try existingUser(id)
        if id != caller.user.id { try caller.requireAdministrator(of: user.agency, "issue tokens") }
        let known: Set<String> = ["search", "admin", "log"]
        if let scopes, !scopes.isSubset(of: known) {
            throw SightlineError(
                .invalidField, "scopes must be among \(known.sorted().joined(separator: ", "))", field: "scopes")
        }
        return try catalog.issueToken(for: id, kind: .api, scopes: scopes, expires: expires, by: caller.actor)
    }

    public func revokeTokens(of id: UserID, by caller: Caller) throws {
        let user = try existingUser(id)
        if id != caller.user.id { try caller.requireAdministrator(of: user.agency, "revoke tokens") }
        try catalog.revokeTokens(of: id, by: caller.actor)
    }

    public func unlock(_ id: UserID, by caller: Caller) throws {
        let user = try existingUser(id)
        try caller.requireAdministrator(of: user.agency, "unlock users")
        try catalog.unlock(id, by: caller.actor)
    }

    /// Registers a camera and returns its first device key, shown once.
    public func addCamera(_ camera: Camera, by caller: Caller) throws -> String {
        try caller.requireAdministrator(of: camera.owner, "add cameras")
        try Self.validate(identifier: camera.id.rawValue, field: "id")
        guard (-90...90).contains(camera.location.latitude) else {
            throw SightlineError(.invalidField, "latitude must be -90 to 90", field: "location.latitude")
        }
        guard (-180...180).contains(camera.location.longitude) else {
            throw SightlineError(.invalidField, "longitude must be -180 to 180", field: "location.longitude")
        }
        guard camera.heading.isFinite, (0..<360).contains(camera.heading) else {
            throw SightlineError(.invalidField, "heading is degrees clockwise from north, 0 to 359", field: "heading")
        }
        guard !camera.name.allSatisfy(\.isWhitespace), camera.name.count <= 200 else {
            throw SightlineError(.invalidField, "name must be 1–200 characters", field: "name")
        }
        try catalog.add(camera, by: caller.actor)
        return try catalog.issueDeviceKey(for: camera.id, by: caller.actor)
    }

    func existingUser(_ id: UserID) throws -> User {
        guard let user = try catalog.user(id) else { throw SightlineError(.notFound, "no user \(id)") }
        return user
    }

    /// Ids are safe in paths, URLs and logs: 1–64 of a–z, 0–9, `-`, `_`, `.`.
    static func validate(identifier: String, field: String) throws {
        let ok =
            (1...64).contains(identifier.utf8.count)
            && identifier.utf8.allSatisfy {
                ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || [0x2D, 0x5F, 0x2E].contains($0)
            }
        guard ok else {
            throw SightlineError(
                .invalidField, "\(field) must be 1–64 lower-case letters, digits, -, _ or .", field: field)
        }
    }
}
