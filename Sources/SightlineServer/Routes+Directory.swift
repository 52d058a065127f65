import Foundation
import Hummingbird
import SightlineAudit
import SightlineCore
import SightlineStore

/// Who is signed in, for a client that starts from a stored session token.
struct Me: Codable, Sendable, ResponseEncodable {
    var user: User
    var agency: Agency?
    var tokenKind: String
    /// The purposes a search may name (the policy decides which the data's owner allows).
    var purposes: [Purpose]
}

struct UserList: Codable, Sendable, ResponseEncodable { var users: [UserSummary] }
struct CameraList: Codable, Sendable, ResponseEncodable {
    var cameras: [CameraStatus]
    /// Minutes the rates average over.
    var rateWindowMinutes: Int64
}
struct DeviceKeyIssued: Codable, Sendable, ResponseEncodable {
    var camera: CameraID
    var deviceKey: String
}
struct PolicyBody: Codable, Sendable, ResponseEncodable { var policy: AgencyPolicy? }
struct FindingList: Codable, Sendable, ResponseEncodable {
    var entries: Int
    var findings: [Finding]
}

extension Sightline {
    /// What the dashboard needs beyond searches and alerts: who I am, our cameras, our users,
    /// the map, our policy and the misuse findings.
    func addDirectoryRoutes(to v1: RouterGroup<SightlineRequestContext>) {
        v1.get("me") { request, _ -> Me in
            let caller = try caller(request)
            return Me(
                user: caller.user, agency: try catalog.agency(caller.user.agency),
                tokenKind: caller.token.kind.rawValue, purposes: Purpose.allCases)
        }
        v1.get("cameras") { request, _ -> CameraList in
            CameraList(
                cameras: try admin.cameras(by: try caller(request), rates: ingest.rates),
                rateWindowMinutes: ReadRates.window)
        }
        v1.post("cameras/:id/keys") { request, context in
            let id = CameraID(try context.parameters.require("id"))
            let key = try admin.rotateDeviceKey(of: id, by: try caller(request))
            return try Response.created(DeviceKeyIssued(camera: id, deviceKey: key), request, context)
        }
        v1.get("users") { request, _ -> UserList in UserList(users: try admin.users(by: try caller(request))) }
        v1.get("map") { request, _ -> Basemap in
            _ = try caller(request)
            return basemap
        }
        v1.get("agencies/:id/policy") { _, context -> PolicyBody in
            PolicyBody(policy: try admin.policy(of: AgencyID(try context.parameters.require("id"))))
        }
        v1.get("log/findings") { request, _ -> FindingList in
            let caller = try caller(request)
            try caller.require(caller.user.role.audits, scope: "log", "run the misuse detectors")
            try logRead(by: caller, what: "misuse findings")
            let agency = caller.user.agency
            let records = try catalog.entries(from: 0, to: .max).compactMap { entry -> (Int64, LogRecord)? in
                let record = try JSONDecoder().decode(LogRecord.self, from: Data(entry.entry.utf8))
                return record.actorAgency == agency || record.subjectAgency == agency ? (entry.index, record) : nil
            }
            let agencies = Dictionary(uniqueKeysWithValues: try catalog.agencies().map { ($0.id, $0) })
            return FindingList(
                entries: records.count, findings: MisuseDetectors().findings(in: records, agencies: agencies))
        }
    }
}
