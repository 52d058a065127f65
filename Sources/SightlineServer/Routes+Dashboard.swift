import Foundation
import Hummingbird
import SightlineCore
import SightlineDashboard

extension Sightline {
    /// The dashboard's files. Its pages reach data only through the `/v1` API, with the signed-in
    /// user's session, like any other client.
    func addDashboardRoutes(to router: Router<SightlineRequestContext>, _ dashboard: Dashboard) {
        router.get("/") { _, _ in try Self.serve(dashboard, "index.html") }
        router.get("/app/**") { _, context in
            try Self.serve(dashboard, context.parameters.getCatchAll().joined(separator: "/"))
        }
    }

    private static func serve(_ dashboard: Dashboard, _ path: String) throws -> Response {
        guard let asset = dashboard.asset(at: path) else {
            throw SightlineError(.notFound, "no dashboard file \(path)")
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: asset.contentType,
                // Everything comes from this server: a page cannot load a script, style, font or
                // image from anywhere else, nor be framed by another site.
                .contentSecurityPolicy:
                    "default-src 'self'; img-src 'self' data:; media-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
                .cacheControl: "no-cache",
                .init("X-Content-Type-Options")!: "nosniff",
                .init("Referrer-Policy")!: "no-referrer",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}
