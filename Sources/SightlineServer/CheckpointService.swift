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
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    do {
                        _ = try audit.checkpoint()
                    } catch {
                        logger.error("could not sign a checkpoint", metadata: ["error": "\(error)"])
                    }
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
