public import SightlineCore
import SightlineStore

/// A user as the administrator's page lists them: no credential, only whether the account is locked.
public struct UserSummary: Hashable, Sendable, Codable {
    public var user: User
    public var locked: Bool
}

/// A camera and how many reads per minute it sent recently.
public struct CameraStatus: Hashable, Sendable, Codable {
    public var camera: Camera
    public var readsPerMinute: Double
}

extension AdminService {
    /// The users of the administrator's agency.
    public func users(by caller: Caller) throws -> [UserSummary] {
        try caller.requireAdministrator(of: caller.user.agency, "list users")
        return try catalog.users(of: caller.user.agency).map {
            UserSummary(user: $0, locked: try catalog.isLocked($0.id))
        }
    }

    /// The caller's agency's cameras, and no one else's: where another agency's cameras stand is
    /// its business (the platform's operators included).
    public func cameras(by caller: Caller, rates: ReadRates, now: Timestamp = .now) throws -> [CameraStatus] {
        let perMinute = rates.perMinute(at: now)
        return try catalog.cameras(ownedBy: caller.user.agency).map {
            CameraStatus(camera: $0, readsPerMinute: perMinute[$0.id] ?? 0)
        }
    }

    /// Replaces a camera's device keys with a new one, returned once; the old keys stop working.
    public func rotateDeviceKey(of id: CameraID, by caller: Caller) throws -> String {
        guard let camera = try catalog.camera(id) else {
            throw SightlineError(.notFound, "no camera \(id)", field: "camera")
        }
        try caller.requireAdministrator(of: camera.owner, "issue device keys")
        try catalog.revokeDeviceKeys(of: id, by: caller.actor)
        return try catalog.issueDeviceKey(for: id, by: caller.actor)
    }

    /// The agency's own tightenings of its law pack; public, as the access list is.
    public func policy(of agency: AgencyID) throws -> AgencyPolicy? {
        try catalog.sharingSnapshot().policies[agency]
    }
}
