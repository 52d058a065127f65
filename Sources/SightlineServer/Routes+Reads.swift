import Foundation
import Hummingbird
import SightlineCore

extension Sightline {
    func addReadRoutes(to v1: RouterGroup<SightlineRequestContext>) {
        for (path, format) in [
            ("reads", IngestFormat.sightline), ("reads/openalpr", .openALPR),
            ("reads/platerecognizer", .plateRecognizer),
        ] {
            v1.post(RouterPath(path)) { request, context in
                let camera = try ingest.camera(forKey: request.bearer)
                let body = try await collect(request, context: context)
                return try Response.created(
                    try await ingest.ingest(body, format: format, from: camera), request, context)
            }
        }
    }
}
