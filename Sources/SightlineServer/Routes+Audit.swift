import Foundation
import Hummingbird
import SightlineAudit
import SightlineCore
import SightlineStore

/// A proof, hashes in base64.
struct ProofBody: Codable, Sendable, ResponseEncodable {
    var from: Int64?
    var index: Int64?
    var size: Int64
    var root: String
    var hashes: [String]
}

/// Log entries: whole where the caller's agency is a party to them, as a leaf hash otherwise, so
/// anyone can rebuild the tree without reading other agencies' records.
struct EntriesBody: Codable, Sendable, ResponseEncodable {
    struct Entry: Codable, Sendable {
        var index: Int64
        var leafHash: String
        var entry: LogRecord?
        /// The entry's exact bytes, so a client can hash the leaf itself rather than trust ours.
        var text: String?
    }
    var entries: [Entry]
}

extension Sightline {
    func addAuditRoutes(to router: Router<SightlineRequestContext>, _ v1: RouterGroup<SightlineRequestContext>) {
        router.get("/.well-known/sightline-log-key") { _, _ in audit.verifierKey + "\n" }
        v1.get("log/checkpoint") { _, _ in try audit.checkpoint() }
        v1.get("log/proof/inclusion") { request, _ -> ProofBody in
            let q = request.uri.queryParameters
            guard let index = q["index"].flatMap({ Int64(String($0)) }) else {
                throw SightlineError(.invalidField, "index is required", field: "index")
            }
            let size = try q["size"].flatMap { Int64(String($0)) } ?? catalog.treeHead().size
            let hashes = try catalog.inclusionProof(index: index, size: size)
            return ProofBody(
                index: index, size: size, root: Data(try catalog.treeHead(size: size).root).base64EncodedString(),
                hashes: hashes.map { Data($0).base64EncodedString() })
        }
        v1.get("log/proof/consistency") { request, _ -> ProofBody in
            let q = request.uri.queryParameters
            guard let from = q["from"].flatMap({ Int64(String($0)) }) else {
                throw SightlineError(.invalidField, "from is required", field: "from")
            }
            let to = try q["to"].flatMap { Int64(String($0)) } ?? catalog.treeHead().size
            let hashes = try catalog.consistencyProof(from: from, to: to)
            return ProofBody(
                from: from, size: to, root: Data(try catalog.treeHead(size: to).root).base64EncodedString(),
                hashes: hashes.map { Data($0).base64EncodedString() })
        }
        v1.get("log/entries") { request, _ -> EntriesBody in
            let caller = try caller(request)
            try caller.require(caller.user.role.audits, scope: "log", "read log entries")
            let q = request.uri.queryParameters
            let start = q["start"].flatMap { Int64(String($0)) } ?? 0
            let end = min(q["end"].flatMap { Int64(String($0)) } ?? start + 1000, start + 1000)
            try logRead(by: caller, what: "entries \(start)..<\(end)")
            let agency = caller.user.agency
            return EntriesBody(
                entries: try catalog.entries(from: start, to: end).map { index, text in
                    let record = try JSONDecoder().decode(LogRecord.self, from: Data(text.utf8))
                    let visible = record.actorAgency == agency || record.subjectAgency == agency
                    return .init(
                        index: index, leafHash: Data(Merkle.leafHash(Array(text.utf8))).base64EncodedString(),
                        entry: visible ? record : nil, text: visible ? text : nil)
                })
        }
    }

    /// Reading the log is itself an event of the log.
    func logRead(by caller: Caller, what: String) throws {
        try catalog.append(
            .change(
                ChangeRecord(
                    time: .now, actor: caller.user.id, actorAgency: caller.user.agency, action: "log.read",
                    agency: caller.user.agency, subject: "log", before: nil, after: what)))
    }
}

extension Sightline {
    /// The public transparency report: no login, as the public it serves has none.
    func addReportRoutes(to v1: RouterGroup<SightlineRequestContext>) {
        v1.get("agencies/:id/transparency") { request, context -> Response in
            let q = request.uri.queryParameters
            func time(_ name: String, _ fallback: Timestamp) throws -> Timestamp {
                guard let text = q[name[...]] else { return fallback }
                guard let value = Timestamp(rfc3339: String(text)) else {
                    throw SightlineError(.invalidField, "\(name) must be an RFC 3339 time", field: name)
                }
                return value
            }
            let now = Timestamp.now
            let report = try await admin.transparencyReport(
                of: AgencyID(try context.parameters.require("id")),
                from: try time("from", now.adding(milliseconds: -30 * Timestamp.millisecondsPerDay)),
                to: try time("to", now),
                audit: audit, store: store)
            switch q["format"].map(String.init) ?? "json" {
            case "html":
                return Response(
                    status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: report.html)))
            case "csv":
                return Response(
                    status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: report.csv)))
            case "json":
                return try report.response(from: request, context: context)
            default:
                throw SightlineError(.invalidField, "format must be json, html or csv", field: "format")
            }
        }
    }
}
