import Foundation
import Hummingbird
import SightlineCore

extension Sightline {
    func addSearchRoutes(to v1: RouterGroup<SightlineRequestContext>) {
        v1.post("searches") { request, context -> SearchResult in
            let caller = try caller(request)
            return try await searches.search(try await decodeBody(SearchRequest.self, request, context), by: caller)
        }
        v1.get("plates/:plate/timeline") { request, context -> SearchResult in
            let caller = try caller(request)
            let q = request.uri.queryParameters
            func time(_ name: String) throws -> Timestamp? {
                guard let text = q[name[...]] else { return nil }
                guard let value = Timestamp(rfc3339: String(text)) else {
                    throw SightlineError(.invalidField, "\(name) must be an RFC 3339 time", field: name)
                }
                return value
            }
            let search = SearchRequest(
                query: .init(
                    plate: try context.parameters.require("plate"), from: try time("from"), to: try time("to")),
                purpose: q["purpose"].map(String.init), case: q["case"].map(String.init),
                justification: q["justification"].map(String.init),
                onBehalfOf: q["onBehalfOf"].map { AgencyID(String($0)) }, coSignature: q["coSignature"].map(String.init)
            )
            return try await searches.search(search, by: caller, kind: .timeline)
        }
        v1.post("analytics/stakeout") { request, context -> AnalyticsResult in
            let caller = try caller(request)
            return try await searches.stakeout(
                try await decodeBody(AnalyticsRequest.self, request, context), by: caller)
        }
        v1.post("analytics/convoy") { request, context -> AnalyticsResult in
            let caller = try caller(request)
            return try await searches.convoy(try await decodeBody(AnalyticsRequest.self, request, context), by: caller)
        }
        v1.post("analytics/locate") { request, context -> AnalyticsResult in
            let caller = try caller(request)
            return try await searches.locate(try await decodeBody(AnalyticsRequest.self, request, context), by: caller)
        }
        v1.post("policy/explain") { request, context -> Explanation in
            let caller = try caller(request)
            let search = try await decodeBody(SearchRequest.self, request, context)
            return Explanation(decisions: try searches.explain(search, as: caller.user))
        }
        v1.get("cosign") { request, _ -> CoSignList in
            let caller = try caller(request)
            try caller.require(caller.user.role.coSigns, scope: "search", "review co-signature requests")
            return CoSignList(requests: try catalog.pendingCoSignRequests(of: caller.user.agency))
        }
        v1.post("cosign/:id") { request, context -> CoSignRequest in
            struct Body: Decodable {
                var approve: Bool?
                var note: String?
            }
            let caller = try caller(request)
            let body = try await decodeBody(Body.self, request, context)
            guard let approve = body.approve else {
                throw SightlineError(.invalidField, "approve (true or false) is required", field: "approve")
            }
            return try admin.decideCoSignature(
                try context.parameters.require("id"), approve: approve, note: body.note, by: caller)
        }
        v1.get("log") { request, _ -> LogPage in
            let caller = try caller(request)
            try caller.require(true, scope: "log", "read the log")
            let q = request.uri.queryParameters
            let start = q["from"].flatMap { Int64(String($0)) } ?? 0
            let limit = min(max(q["limit"].flatMap { Int(String($0)) } ?? 100, 1), 1000)
            try logRead(by: caller, what: "records from \(start), up to \(limit)")
            return LogPage(entries: try catalog.logEntries(from: start, limit: limit, agency: caller.user.agency))
        }
    }
}
