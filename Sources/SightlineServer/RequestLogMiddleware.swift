import Hummingbird
import Logging

/// One structured line per request: method, route *template* (`/v1/plates/{plate}/timeline`,
/// never the plate itself), status and duration. Successes at debug, refusals at info, server
/// errors at error. No header, query, body, key or token is ever logged.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let status = response.status.code
        let level: Logger.Level = status >= 500 ? .error : status >= 400 ? .info : .debug
        context.logger.log(
            level: level, "request",
            metadata: [
                "method": "\(request.method)", "route": "\(context.endpointPath ?? "unmatched")",
                "status": "\(status)", "ms": "\((milliseconds * 10).rounded() / 10)",
            ])
        return response
    }
}
