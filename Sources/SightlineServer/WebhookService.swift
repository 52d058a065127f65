public import AsyncHTTPClient
import Foundation
import Hummingbird
public import Logging
public import ServiceLifecycle
import SightlineCore
public import SightlineStore

/// How hard webhook delivery tries before giving up on a delivery.
public struct WebhookRetry: Sendable {
    /// Attempts in all, the first included, before a delivery becomes a dead letter.
    public var attempts: Int
    /// The wait after the first failure; it doubles after each further failure, up to `cap`.
    public var base: Duration
    public var cap: Duration
    /// How long one POST may take.
    public var timeout: Duration
    /// How often the outbox is looked at for work.
    public var poll: Duration

    public init(
        attempts: Int = 8, base: Duration = .seconds(2), cap: Duration = .seconds(300),
        timeout: Duration = .seconds(10), poll: Duration = .milliseconds(250)
    ) {
        self.attempts = attempts
        self.base = base
        self.cap = cap
        self.timeout = timeout
        self.poll = poll
    }

    /// The wait before attempt `made + 1`, after `made` failures.
    func delay(after made: Int) -> Duration {
        let doubled = base * Int(1 << min(made - 1, 30))
        return min(doubled, cap)
    }
}

/// Pushes stored alert deliveries to agencies' webhooks, signed, with retries and backoff; a
/// delivery that keeps failing is kept as a dead letter and logged. The outbox is in the
/// catalog, so deliveries survive a restart.
public struct WebhookService: Service {
    let catalog: Catalog
    let keys: WebhookKeys
    let retry: WebhookRetry
    let client: HTTPClient
    let logger: Logger

    public init(
        catalog: Catalog, keys: WebhookKeys, retry: WebhookRetry = .init(), client: HTTPClient = .shared,
        logger: Logger = Logger(label: "sightline.webhooks")
    ) {
        self.catalog = catalog
        self.keys = keys
        self.retry = retry
        self.client = client
        self.logger = logger
    }

    public func run() async throws {
        try await repeatUntilShutdown(every: retry.poll, logger: logger, failure: "webhook delivery failed") {
            try await deliverDue()
        }
    }

    /// Makes one attempt at every delivery due now.
    func deliverDue(now: Timestamp = .now) async throws {
        for attempt in try catalog.dueWebhookAttempts(at: now) {
            let outcome = await send(attempt)
            try catalog.record(outcome, of: attempt, at: .now)
            if case .deadLetter(let error) = outcome {
                logger.warning(
                    "webhook delivery dead-lettered",
                    metadata: [
                        "webhook": "\(attempt.webhook.id)", "sequence": "\(attempt.delivery.sequence)",
                        "error": "\(error)",
                    ])
            }
        }
    }

    private func send(_ attempt: WebhookAttempt) async -> Catalog.WebhookOutcome {
        let failure: String
        do {
            let body = try AlertWire.json(attempt.delivery)
            var request = HTTPClientRequest(url: attempt.webhook.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Sightline-Webhooks/1")
            request.headers.add(name: "Sightline-Webhook", value: attempt.webhook.id)
            request.headers.add(name: "Sightline-Delivery", value: String(attempt.delivery.sequence))
            request.headers.add(
                name: "Sightline-Signature", value: keys.signature(for: attempt.webhook, body: body, at: .now))
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: .init(retry.timeout))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if (200..<300).contains(response.status.code) { return .delivered(status: Int(response.status.code)) }
            failure = "HTTP \(response.status.code)"
        } catch {
            failure = "\(error)"
        }
        let made = attempt.attempts + 1
        if made >= retry.attempts { return .deadLetter(error: failure) }
        let wait = retry.delay(after: made)
        let milliseconds = wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000
        return .failed(error: failure, retryAt: Timestamp.now.adding(milliseconds: milliseconds))
    }
}

/// Alert deliveries as they go over the wire: the live stream's `data:` lines and webhook bodies.
enum AlertWire {
    static func json(_ delivery: AlertDelivery) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(delivery)
    }

    /// One Server-Sent Event: the sequence as its id, so a reconnecting client resumes after it.
    static func event(_ delivery: AlertDelivery) throws -> ByteBuffer {
        var buffer = ByteBuffer(string: "id: \(delivery.sequence)\nevent: alert\ndata: ")
        buffer.writeBytes(try json(delivery))
        buffer.writeString("\n\n")
        return buffer
    }
}
