import Foundation
import Hummingbird
import SightlineCore
import SightlineIngest
import SightlineStore

struct HotListPage: Codable, Sendable, ResponseEncodable { var lists: [HotListInfo] }
struct HotListEntries: Codable, Sendable, ResponseEncodable { var entries: [HotListEntry] }

/// An added entry, and the retroactive search over past reads when one was asked for.
struct EntryAdded: Codable, Sendable, ResponseEncodable {
    var entry: HotListEntry
    var retroactive: SearchResult?
}

extension Sightline {
    func addHotListRoutes(to v1: RouterGroup<SightlineRequestContext>) {
        v1.get("hotlists") { request, _ -> HotListPage in
            HotListPage(lists: try admin.hotLists(by: try caller(request)))
        }
        v1.get("hotlists/:name") { request, context -> HotListEntries in
            HotListEntries(
                entries: try admin.hotListEntries(try context.parameters.require("name"), by: try caller(request)))
        }
        // PUT /v1/hotlists/{name}?format=ncic|ncic-csv|clew|tcic|csv&category=V&audience=shared|agency&skip=A,B
        // with the file as the body: replaces the list whole.
        v1.put("hotlists/:name") { request, context -> HotListSummary in
            let caller = try caller(request)
            let q = request.uri.queryParameters
            guard let format = q["format"].flatMap({ HotListFile.Format(rawValue: String($0)) }) else {
                throw SightlineError(
                    .invalidField,
                    "format must be one of \(HotListFile.Format.allCases.map(\.rawValue).joined(separator: ", "))",
                    field: "format")
            }
            let category = try q["category"].map { try Self.parse(HotListCategory.self, String($0), "category") }
            let audience = try q["audience"].map { try Self.parse(HotListAudience.self, String($0), "audience") }
            let skip = Set((q["skip"].map(String.init) ?? "").split(separator: ",").map(String.init))
            let body = try await collect(request, context: context)
            guard let text = String(data: body, encoding: .utf8) else {
                throw SightlineError(.invalidRequest, "the file is not UTF-8 text")
            }
            return try admin.importHotList(
                named: try context.parameters.require("name"), format: format, text: text,
                category: category ?? .stolenVehicle, audience: audience ?? .shared, alsoSkip: skip, by: caller)
        }
        // Adds one entry; with `retroactive` (purpose, case, justification, onBehalfOf, and a
        // window in `query`), also searches past reads for the plate, through the policy engine
        // and logged like any search.
        v1.post("hotlists/:name/entries") { request, context in
            struct Body: Decodable {
                var entry: NewHotListEntry?
                var retroactive: SearchRequest?
            }
            let caller = try caller(request)
            let body = try await decodeBody(Body.self, request, context)
            guard let new = body.entry else { throw SightlineError(.invalidField, "entry is required", field: "entry") }
            let name = try context.parameters.require("name")
            let entry = try admin.hotListEntry(new, for: name, by: caller)
            // The search runs first: if it is refused, the entry is not added either.
            var retroactive: SearchResult?
            if var search = body.retroactive {
                var query = search.query ?? .init()
                query.plate = entry.plate
                search.query = query
                retroactive = try await searches.search(search, by: caller)
            }
            try admin.storeHotListEntry(entry, in: name, by: caller)
            return try Response.created(EntryAdded(entry: entry, retroactive: retroactive), request, context)
        }
        v1.delete("hotlists/:name/entries/:plate") { request, context -> HTTPResponse.Status in
            try admin.removeHotListEntry(
                plate: try context.parameters.require("plate"), from: try context.parameters.require("name"),
                by: try caller(request))
            return .noContent
        }
    }

    static func parse<T: RawRepresentable & CaseIterable>(_: T.Type, _ text: String, _ field: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw SightlineError(
                .invalidField, "\(field) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))",
                field: field)
        }
        return value
    }
}
