public import Hummingbird
public import Logging
public import ServiceLifecycle

/// Where the server listens.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// How often the log signs a checkpoint by itself.
    public var checkpointInterval: Duration
    public var webhookRetry: WebhookRetry
    /// How often retention runs: often enough for New Hampshire's three minutes. Nil runs it
    /// only when asked (`RetentionService.runOnce`), as tests that hold old reads do.
    public var retentionInterval: Duration?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, checkpointInterval: Duration = .seconds(300),
        webhookRetry: WebhookRetry = .init(), retentionInterval: Duration? = .seconds(60)
    ) {
        self.retentionInterval = retentionInterval
        self.host = host
        self.port = port
        self.checkpointInterval = checkpointInterval
        self.webhookRetry = webhookRetry
    }
}

/// The composition root: one router and one application for `serve`, `demo` and the tests.
///
/// - Parameters:
///   - services: background services to run beside the server (the demo city's feed, say).
///   - onServerRunning: called once the server listens, with the port it bound.
public func buildApplication(
    _ sightline: Sightline, configuration: ServerConfiguration = .init(), services: [any Service] = [],
    logger: Logger = Logger(label: "sightline"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    var background = services
    if let interval = configuration.retentionInterval {
        background.append(
            RetentionService(
                catalog: sightline.catalog, store: sightline.store, policy: sightline.retention.policy,
                interval: interval, logger: logger))
    }
    return Application(
        router: buildRouter(sightline),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Sightline"),
        services: background + [
            CheckpointService(audit: sightline.audit, interval: configuration.checkpointInterval, logger: logger),
            sightline.alerts.hub,
            WebhookService(
                catalog: sightline.catalog, keys: sightline.webhookKeys, retry: configuration.webhookRetry,
                logger: logger),
        ],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// The routes, behind the error mapping.
public func buildRouter(_ sightline: Sightline) -> Router<SightlineRequestContext> {
    let router = Router(context: SightlineRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorMiddleware())
    sightline.addRoutes(to: router)
    sightline.addDashboardRoutes(to: router, .shipped)
    return router
}
