import Foundation
import Hummingbird
import Logging
import SightlineCore

/// The one place where errors become HTTP responses, all in one documented shape:
/// `{"error": {"code", "message", "field", "record"}}`.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as SightlineError {
            return try Self.response(error)
        } catch let error as any HTTPResponseError {
            let code: SightlineError.Code =
                switch error.status {
                case .contentTooLarge: .tooLarge
                case .notFound: .notFound
                case .unauthorized: .unauthenticated
                case .forbidden: .forbidden
                default: .invalidRequest
                }
            var message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            if error.status == .contentTooLarge {
                message = "the body exceeds \(SightlineRequestContext.bodyLimit) bytes"
            }
            return try Self.response(SightlineError(code, message), status: error.status)
        } catch {
            // Never echo internals (paths, SQL) to a client; the server log has them.
            context.logger.error("internal error", metadata: ["error": "\(String(reflecting: error))"])
            return try Self.response(
                SightlineError(.init(rawValue: "internal"), "internal error"), status: .internalServerError)
        }
    }

    static func status(for code: SightlineError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalidRequest, .invalidField: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .tooLarge: .contentTooLarge
        case .conflict: .conflict
        default: .internalServerError
        }
    }

    struct Body: Encodable { var error: SightlineError }

    static func response(_ error: SightlineError, status: HTTPResponse.Status? = nil) throws -> Response {
        let data = try JSONEncoder().encode(Body(error: error))
        return Response(
            status: status ?? Self.status(for: error.code),
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
