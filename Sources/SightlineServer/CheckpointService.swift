public import Logging
public import ServiceLifecycle

/// Signs a checkpoint on a schedule, so that published checkpoints follow the log closely even
/// when no one asks for one.
public struct CheckpointService: Service {
    let audit: AuditService
    let interval: Duration
    let logger: Logger

    public init(
        audit: AuditService, interval: Duration = .seconds(300), logger: Logger = Logger(label: "sightline.audit")
    ) {
        self.audit = audit
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try await repeatUntilShutdown(every: interval, logger: logger, failure: "could not sign a checkpoint") {
            _ = try audit.checkpoint()
        }
    }
}
