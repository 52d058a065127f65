public import ServiceLifecycle
public import SightlineCore
import Synchronization

/// Fans stored alert deliveries out to live subscribers, each agency seeing only its own. A
/// subscriber that falls too far behind is cut off rather than silently skipped: it reconnects
/// with the last sequence it saw and reads the gap from the catalog, so nothing is lost.
public final class AlertHub: Service, Sendable {
    public enum Event: Sendable {
        case delivery(AlertDelivery)
        /// Sent to every subscriber now and then, so that proxies keep idle streams open.
        case heartbeat
    }

    private struct Subscriber {
        var agency: AgencyID
        var continuation: AsyncStream<Event>.Continuation
    }

    private let subscribers = Mutex<(next: Int, all: [Int: Subscriber])>((0, [:]))
    private let heartbeat: Duration
    /// Events buffered for one subscriber before it is cut off.
    private let backlog: Int

    public init(heartbeat: Duration = .seconds(15), backlog: Int = 10_000) {
        self.heartbeat = heartbeat
        self.backlog = backlog
    }

    /// A stream of `agency`'s deliveries from now on, ending when the subscriber falls behind,
    /// the server stops, or its continuation is finished.
    public func subscribe(
        _ agency: AgencyID
    ) -> (stream: AsyncStream<Event>, continuation: AsyncStream<Event>.Continuation) {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingOldest(backlog))
        let id = subscribers.withLock { state in
            state.next += 1
            state.all[state.next] = Subscriber(agency: agency, continuation: continuation)
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.all.removeValue(forKey: id) }
        }
        return (stream, continuation)
    }

    /// How many streams are open, by agency.
    public var subscriberCounts: [AgencyID: Int] {
        subscribers.withLock { state in
            state.all.values.reduce(into: [:]) { counts, subscriber in counts[subscriber.agency, default: 0] += 1 }
        }
    }

    public func publish(_ deliveries: [AlertDelivery]) {
        guard !deliveries.isEmpty else { return }
        let targets = subscribers.withLock { Array($0.all.values) }
        for delivery in deliveries {
            for subscriber in targets where subscriber.agency == delivery.recipient.agency {
                if case .dropped = subscriber.continuation.yield(.delivery(delivery)) {
                    subscriber.continuation.finish()
                }
            }
        }
    }

    public func run() async throws {
        defer { for subscriber in subscribers.withLock({ Array($0.all.values) }) { subscriber.continuation.finish() } }
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(for: self.heartbeat)
                    for subscriber in self.subscribers.withLock({ Array($0.all.values) }) {
                        subscriber.continuation.yield(.heartbeat)
                    }
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
