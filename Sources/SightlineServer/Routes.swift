import Foundation
public import Hummingbird
import SightlineCore
import SightlineStore

// Codable values returned from handlers become JSON responses.
extension IngestReceipt: ResponseEncodable {}
extension SearchResult: ResponseEncodable {}
extension AnalyticsResult: ResponseEncodable {}
extension LegalHold: ResponseEncodable {}
extension HoldList: ResponseEncodable {}

struct HoldList: Codable, Sendable { var holds: [LegalHold] }
extension LogPage: ResponseEncodable {}
extension Health: ResponseEncodable {}
extension Session: ResponseEncodable {}
extension Enrolment: ResponseEncodable {}
extension AccessList: ResponseEncodable {}
extension Explanation: ResponseEncodable {}
extension CoSignList: ResponseEncodable {}
extension AgencyList: ResponseEncodable {}
extension HotListSummary: ResponseEncodable {}
extension TransparencyReport: ResponseEncodable {}
extension TokenIssued: ResponseEncodable {}
extension CameraRegistered: ResponseEncodable {}
extension Grant: ResponseEncodable {}
extension Declaration: ResponseEncodable {}
extension AgencyPolicy: ResponseEncodable {}
extension CoSignRequest: ResponseEncodable {}
extension User: ResponseEncodable {}
extension Agency: ResponseEncodable {}
extension AlertDelivery: ResponseEncodable {}
extension Basemap: ResponseEncodable {}

struct Health: Codable, Sendable { var status: String }

/// A page of log records the caller may read.
struct LogPage: Codable, Sendable { var entries: [LogEntry<LogRecord>] }

struct Explanation: Codable, Sendable { var decisions: [Decision] }
struct CoSignList: Codable, Sendable { var requests: [CoSignRequest] }
struct AgencyList: Codable, Sendable { var agencies: [Agency] }
struct TokenIssued: Codable, Sendable { var token: String }
struct CameraRegistered: Codable, Sendable {
    var camera: Camera
    var deviceKey: String
}

extension Sightline {
    func addRoutes(to router: Router<SightlineRequestContext>) {
        router.get("/health") { _, _ in Health(status: "ok") }
        addMetricsRoutes(to: router)
        router.get("/openapi.yaml") { _, _ -> Response in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { preconditionFailure("openapi.yaml is missing from the bundle") }
            return Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let v1 = router.group("v1")
        addReadRoutes(to: v1)
        addSearchRoutes(to: v1)
        addIdentityRoutes(to: v1)
        addAdminRoutes(to: v1)
        addSharingRoutes(to: v1)
        addAuditRoutes(to: router, v1)
        addReportRoutes(to: v1)
        addHotListRoutes(to: v1)
        addAlertRoutes(to: v1)
        addDirectoryRoutes(to: v1)
    }

    func caller(_ request: Request) throws -> Caller { try authenticator.caller(request.bearer) }
}

func collect(_ request: Request, context: SightlineRequestContext) async throws -> Data {
    let buffer = try await request.body.collect(upTo: context.maxUploadSize)
    return Data(buffer.readableBytesView)
}

func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
    do {
        return try JSONDecoder().decode(type, from: data)
    } catch let error as DecodingError {
        throw SightlineError(decoding: error)
    }
}

func decodeBody<T: Decodable>(_ type: T.Type, _ request: Request, _ context: SightlineRequestContext) async throws -> T
{
    try decodeJSON(type, from: try await collect(request, context: context))
}

extension Response {
    /// A 201 carrying a JSON value.
    static func created(
        _ value: some ResponseEncodable, _ request: Request, _ context: SightlineRequestContext
    ) throws
        -> Response
    {
        var response = try value.response(from: request, context: context)
        response.status = .created
        return response
    }
}
