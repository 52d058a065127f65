import Logging
import ServiceLifecycle

/// The loop of a background job that runs every `interval` until graceful shutdown: a failed
/// round is logged and the next one comes anyway, since the job is the only one that will retry.
func repeatUntilShutdown(
    every interval: Duration, logger: Logger, failure: String, _ round: @escaping @Sendable () async throws -> Void
) async throws {
    do {
        try await cancelWhenGracefulShutdown {
            while true {
                do {
                    try await round()
                } catch {
                    logger.error("\(failure)", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    } catch is CancellationError {
        return
    }
}
