public import Foundation
public import SightlineCore
public import SightlinePolicy
public import SightlineStore

/// The assembled system behind every front end: the HTTP server, the CLI and the tests all
/// reach stored data through these services and nothing else.
public struct Sightline: Sendable {
    public let dataDirectory: URL
    public let catalog: Catalog
    public let store: any ReadStore
    public let policy: any Policy
    public let ingest: IngestService
    public let searches: SearchService

    /// Opens (creating if needed) the embedded deployment in `dataDirectory`.
    public static func open(dataDirectory: URL, policy: any Policy = OwnAgencyPolicy()) throws -> Sightline {
        let catalog = try Catalog(path: dataDirectory.appendingPathComponent("catalog.sqlite"))
        let store = try EmbeddedReadStore(directory: dataDirectory.appendingPathComponent("reads"))
        return Sightline(dataDirectory: dataDirectory, catalog: catalog, store: store, policy: policy)
    }

    public init(dataDirectory: URL, catalog: Catalog, store: any ReadStore, policy: any Policy) {
        self.dataDirectory = dataDirectory
        self.catalog = catalog
        self.store = store
        self.policy = policy
        self.ingest = IngestService(catalog: catalog, store: store)
        self.searches = SearchService(catalog: catalog, store: store, policy: policy)
    }
}
