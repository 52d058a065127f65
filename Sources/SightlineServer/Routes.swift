import Foundation
public import Hummingbird
import SightlineCore

/// Codable values returned from handlers become JSON responses.
extension IngestReceipt: ResponseEncodable {}
extension SearchResult: ResponseEncodable {}
extension LogPage: ResponseEncodable {}
extension Health: ResponseEncodable {}

struct Health: Codable, Sendable {
    var status: String
}

/// A page of the caller's own agency's log records.
struct LogPage: Codable, Sendable {
    var entries: [LogEntry<SearchRecord>]
}

extension Sightline {
    func addRoutes(to router: Router<SightlineRequestContext>) {
        router.get("/health") { _, _ in Health(status: "ok") }

        let v1 = router.group("v1")
        v1.post("reads") { request, context in
            try await ingest(request, context: context, format: .sightline)
        }
        v1.post("reads/openalpr") { request, context in
            try await ingest(request, context: context, format: .openALPR)
        }
        v1.post("reads/platerecognizer") { request, context in
            try await ingest(request, context: context, format: .plateRecognizer)
        }
        v1.post("searches") { request, context -> SearchResult in
            let user = try searches.user(forToken: request.bearer)
            let body = try await collect(request, context: context)
            let search = try decodeJSON(SearchRequest.self, from: body)
            return try await searches.search(search, by: user)
        }
        v1.get("plates/:plate/timeline") { request, context -> SearchResult in
            let user = try searches.user(forToken: request.bearer)
            let plate = try context.parameters.require("plate")
            let q = request.uri.queryParameters
            func time(_ name: String) throws -> Timestamp? {
                guard let text = q[name[...]] else { return nil }
                guard let value = Timestamp(rfc3339: String(text)) else {
                    throw SightlineError(.invalidField, "\(name) must be an RFC 3339 time", field: name)
                }
                return value
            }
            let search = SearchRequest(
                query: .init(plate: plate, from: try time("from"), to: try time("to")),
                purpose: q["purpose"].map(String.init), case: q["case"].map(String.init),
                justification: q["justification"].map(String.init),
                onBehalfOf: q["onBehalfOf"].map { AgencyID(String($0)) })
            return try await searches.search(search, by: user, kind: .timeline)
        }
        v1.get("log") { request, _ -> LogPage in
            let user = try searches.user(forToken: request.bearer)
            let q = request.uri.queryParameters
            let start = q["from"].flatMap { Int64(String($0)) } ?? 0
            let limit = min(max(q["limit"].flatMap { Int(String($0)) } ?? 100, 1), 1000)
            return LogPage(entries: try catalog.logEntries(from: start, limit: limit, agency: user.agency))
        }
    }

    private func ingest(
        _ request: Request, context: SightlineRequestContext, format: IngestFormat
    ) async throws
        -> Response
    {
        let camera = try ingest.camera(forKey: request.bearer)
        let body = try await collect(request, context: context)
        let receipt = try await ingest.ingest(body, format: format, from: camera)
        var response = try receipt.response(from: request, context: context)
        response.status = .created
        return response
    }

    private func collect(_ request: Request, context: SightlineRequestContext) async throws -> Data {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return Data(buffer.readableBytesView)
    }
}

func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
    do {
        return try JSONDecoder().decode(type, from: data)
    } catch let error as DecodingError {
        throw SightlineError(decoding: error)
    }
}
