public import Foundation
public import SightlineAudit
public import SightlineCore
import SightlineKeys
public import SightlinePolicy
public import SightlineStore

/// The assembled system behind every front end: the HTTP server, the CLI and the tests all
/// reach stored data through these services and nothing else.
public struct Sightline: Sendable {
    public let dataDirectory: URL
    public let catalog: Catalog
    public let store: any ReadStore
    public let packs: [String: LawPack]
    public let authenticator: Authenticator
    public let ingest: IngestService
    public let searches: SearchService
    public let admin: AdminService
    public let identity: IdentityService
    public let audit: AuditService
    public let alerts: AlertService
    public let webhookKeys: WebhookKeys
    public let retention: RetentionService
    /// Counters and latencies for `/metrics`.
    public let metrics: Metrics
    /// Roads for the dashboard's map: the demo city's, or none.
    public var basemap: Basemap = .empty

    /// Opens (creating if needed) the deployment in `dataDirectory`: its catalog and log, and
    /// its reads in the embedded store there unless another `store` is given. The embedded
    /// store's partition keys live apart from the data, in `keyDirectory` (by default beside the
    /// data directory: its name plus `-keys`), so that a copy of the data is not a copy of them.
    public static func open(
        dataDirectory: URL, keyDirectory: URL? = nil, store: (any ReadStore)? = nil
    ) throws -> Sightline {
        let catalog = try Catalog(path: dataDirectory.appendingPathComponent("catalog.sqlite"))
        let keys = keyDirectory ?? URL(fileURLWithPath: dataDirectory.standardizedFileURL.path + "-keys")
        let store =
            try store
            ?? EmbeddedReadStore(
                directory: dataDirectory.appendingPathComponent("reads"), keys: try PartitionKeys(directory: keys))
        let signing = try SigningIdentity.loadOrCreate(at: dataDirectory.appendingPathComponent("log-signing-key.json"))
        return Sightline(
            dataDirectory: dataDirectory, catalog: catalog, store: store, packs: try LawPack.shipped(),
            signing: signing,
            webhookKeys: try WebhookKeys.loadOrCreate(at: dataDirectory.appendingPathComponent("webhook-key")))
    }

    public init(
        dataDirectory: URL, catalog: Catalog, store: any ReadStore, packs: [String: LawPack], signing: SigningIdentity,
        webhookKeys: WebhookKeys
    ) {
        self.webhookKeys = webhookKeys
        self.dataDirectory = dataDirectory
        self.catalog = catalog
        self.store = store
        self.packs = packs
        self.authenticator = Authenticator(catalog: catalog)
        let policy = PolicySource(catalog: catalog, packs: packs)
        self.alerts = AlertService(
            catalog: catalog, policy: policy, index: HotListIndex(catalog: catalog), hub: AlertHub())
        let metrics = Metrics()
        self.metrics = metrics
        self.ingest = IngestService(catalog: catalog, store: store, alerts: alerts, metrics: metrics)
        self.searches = SearchService(catalog: catalog, store: store, policy: policy, metrics: metrics)
        self.admin = AdminService(catalog: catalog, packs: packs, policy: policy, alerts: alerts)
        self.identity = IdentityService(catalog: catalog)
        self.audit = AuditService(catalog: catalog, identity: signing, metrics: metrics)
        self.retention = RetentionService(catalog: catalog, store: store, policy: policy)
    }
}

/// Builds the policy engine over a fresh snapshot of agencies, packs, grants and declarations.
public struct PolicySource: Sendable {
    let catalog: Catalog
    let packs: [String: LawPack]

    public func policy(at now: Timestamp) throws -> LawPolicy {
        let snapshot = try catalog.sharingSnapshot()
        return LawPolicy(
            context: PolicyContext(
                now: now, agencies: snapshot.agencies, policies: snapshot.policies, packs: packs,
                grants: snapshot.grants, declarations: snapshot.declarations))
    }
}
