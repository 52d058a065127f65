import Foundation
import Hummingbird
import SightlineCore
import SightlineIngest
import SightlineStore

extension Sightline {
    func addAdminRoutes(to v1: RouterGroup<SightlineRequestContext>) {
        v1.get("agencies") { _, _ in AgencyList(agencies: try catalog.agencies()) }
        v1.post("agencies") { request, context in
            let caller = try caller(request)
            let agency = try await decodeBody(Agency.self, request, context)
            try admin.addAgency(agency, by: caller)
            return try Response.created(agency, request, context)
        }
        v1.post("users") { request, context in
            struct Body: Decodable {
                var id: UserID
                var agency: AgencyID
                var name: String
                var role: Role
                var password: String
            }
            let caller = try caller(request)
            let body = try await decodeBody(Body.self, request, context)
            let user = User(id: body.id, agency: body.agency, name: body.name, role: body.role)
            return try Response.created(try admin.addUser(user, password: body.password, by: caller), request, context)
        }
        v1.put("users/:id/role") { request, context -> User in
            struct Body: Decodable { var role: Role }
            let caller = try caller(request)
            let body = try await decodeBody(Body.self, request, context)
            return try admin.setRole(body.role, of: UserID(try context.parameters.require("id")), by: caller)
        }
        v1.post("users/:id/tokens") { request, context in
            struct Body: Decodable {
                var scopes: [String]?
                var expires: Timestamp?
            }
            let caller = try caller(request)
            let body = try await decodeBody(Body.self, request, context)
            let token = try admin.issueToken(
                for: UserID(try context.parameters.require("id")), scopes: body.scopes.map(Set.init),
                expires: body.expires,
                by: caller)
            return try Response.created(TokenIssued(token: token), request, context)
        }
        v1.delete("users/:id/tokens") { request, context -> HTTPResponse.Status in
            try admin.revokeTokens(of: UserID(try context.parameters.require("id")), by: try caller(request))
            return .noContent
        }
        v1.post("users/:id/unlock") { request, context -> HTTPResponse.Status in
            try admin.unlock(UserID(try context.parameters.require("id")), by: try caller(request))
            return .noContent
        }
        v1.post("cameras") { request, context in
            let caller = try caller(request)
            let camera = try await decodeBody(Camera.self, request, context)
            let key = try admin.addCamera(camera, by: caller)
            return try Response.created(CameraRegistered(camera: camera, deviceKey: key), request, context)
        }
    }

    func addSharingRoutes(to v1: RouterGroup<SightlineRequestContext>) {
        // Public on purpose: who can reach an agency's data is not a secret.
        v1.get("agencies/:id/access") { _, context -> AccessList in
            try admin.accessList(of: AgencyID(try context.parameters.require("id")))
        }
        v1.put("agencies/:id/policy") { request, context -> AgencyPolicy in
            let caller = try caller(request)
            let policy = try await decodeBody(AgencyPolicy.self, request, context)
            return try admin.setPolicy(policy, for: AgencyID(try context.parameters.require("id")), by: caller)
        }
        v1.post("holds") { request, context in
            let hold = try admin.placeHold(
                try await decodeBody(HoldRequest.self, request, context), by: try caller(request))
            return try Response.created(hold, request, context)
        }
        v1.get("holds") { request, _ -> HoldList in
            HoldList(holds: try admin.holds(by: try caller(request)))
        }
        v1.post("holds/:id/release") { request, context -> LegalHold in
            try admin.releaseHold(try context.parameters.require("id"), by: try caller(request))
        }
        v1.post("grants") { request, context in
            let caller = try caller(request)
            let grant = try admin.issueGrant(try await decodeBody(GrantRequest.self, request, context), by: caller)
            return try Response.created(grant, request, context)
        }
        v1.delete("grants/:id") { request, context -> Grant in
            try admin.revokeGrant(try context.parameters.require("id"), by: try caller(request))
        }
        v1.post("declarations") { request, context in
            struct Body: Decodable {
                var recipient: AgencyID?
                var documentSHA256: String?
                var expiry: Timestamp?
            }
            let caller = try caller(request)
            let body = try await decodeBody(Body.self, request, context)
            guard let recipient = body.recipient else {
                throw SightlineError(.invalidField, "recipient is required", field: "recipient")
            }
            guard let digest = body.documentSHA256 else {
                throw SightlineError(.invalidField, "documentSHA256 is required", field: "documentSHA256")
            }
            guard let expiry = body.expiry else {
                throw SightlineError(.invalidField, "expiry is required", field: "expiry")
            }
            let declaration = try admin.fileDeclaration(
                recipient: recipient, documentSHA256: digest, expiry: expiry, by: caller)
            return try Response.created(declaration, request, context)
        }
    }
}
