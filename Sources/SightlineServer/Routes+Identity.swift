import Foundation
import Hummingbird
import SightlineCore

extension Sightline {
    func addIdentityRoutes(to v1: RouterGroup<SightlineRequestContext>) {
        v1.post("sessions") { request, context in
            struct Body: Decodable {
                var user: String?
                var password: String?
                var code: String?
            }
            let body = try await decodeBody(Body.self, request, context)
            guard let user = body.user, let password = body.password, let code = body.code else {
                throw SightlineError(
                    .invalidField, "user, password and code are required",
                    field: body.user == nil ? "user" : body.password == nil ? "password" : "code")
            }
            return try Response.created(
                try identity.signIn(user: UserID(user), password: password, code: code), request, context)
        }
        v1.delete("sessions") { request, _ -> HTTPResponse.Status in
            guard let token = request.bearer, try catalog.revoke(token: token) else {
                throw SightlineError(.unauthenticated, "no session to end")
            }
            return .noContent
        }
    }
}
