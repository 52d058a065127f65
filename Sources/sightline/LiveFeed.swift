import Logging
import ServiceLifecycle
import SightlineCore
import SightlineServer
import SightlineSimulator

/// Feeds the demo city's reads into the ingest path as they happen. At `speed` 1 the city runs
/// in real time; at 60 an hour of traffic arrives each minute, stamped with the wall-clock time
/// at which it is delivered, so every read looks live.
struct LiveFeed: Service {
    let city: DemoCity
    let ingest: IngestService
    let speed: Double
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                var cursor = FeedCursor(city: city, speed: speed, start: .now)
                while true {
                    try await Task.sleep(for: .seconds(1))
                    let batch = cursor.advance(to: .now)
                    guard !batch.isEmpty else { continue }
                    do {
                        _ = try await ingest.append(batch)
                    } catch {
                        logger.error("demo feed could not append", metadata: ["error": "\(error)"])
                    }
                }
            }
        } catch is CancellationError {
            return
        }
    }
}

/// Where the feed is in simulated time, and the reads of the simulated day it is in.
struct FeedCursor {
    let city: DemoCity
    let speed: Double
    let start: Timestamp
    private var simulated: Timestamp
    private var day: Int64 = .min
    private var dayReads: [PlateRead] = []

    init(city: DemoCity, speed: Double, start: Timestamp) {
        self.city = city
        self.speed = speed
        self.start = start
        self.simulated = start
    }

    /// The reads made since the last call, re-stamped relative to `now`.
    mutating func advance(to now: Timestamp) -> [PlateRead] {
        let next = start.adding(milliseconds: Int64(Double(now.milliseconds - start.milliseconds) * speed))
        var batch: [PlateRead] = []
        var cursor = simulated
        while cursor < next {
            if cursor.day != day {
                day = cursor.day
                dayReads = city.reads(onDay: day)
            }
            let until = min(next, Timestamp(milliseconds: (day + 1) * Timestamp.millisecondsPerDay))
            for read in dayReads where read.time > cursor && read.time <= until {
                var live = read
                live.time = now.adding(milliseconds: -Int64(Double(next.milliseconds - read.time.milliseconds) / speed))
                batch.append(live)
            }
            cursor = until
        }
        simulated = next
        return batch
    }
}
