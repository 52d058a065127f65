import AsyncHTTPClient
import Foundation
import NIOCore
import SightlineCore
import SightlineServer
import SightlineStore
import Synchronization

/// End-to-end alert latency over loopback: cameras post reads over HTTP at a steady rate, some of
/// them listed; live subscribers follow the agency's alert stream. Each delivery's arrival is
/// compared with the moment its read's batch was posted and the moment it was acknowledged.
struct AlertLatencyRun {
    var subscribers: Int
    var seconds: Int
    var rate: Int
    var listedEvery: Int
    var entries: Int

    struct Posted: Sendable {
        var submitted: ContinuousClock.Instant
        var acknowledged: ContinuousClock.Instant
    }

    struct Arrival: Sendable {
        var read: ReadID
        var at: ContinuousClock.Instant
    }

    /// What the run's tasks share.
    final class Shared: Sendable {
        let port = Mutex<Int?>(nil)
        let posted = Mutex<[ReadID: Posted]>([:])
        let stored = Mutex(0)
        let arrivals: Mutex<[[Arrival]]>

        init(subscribers: Int) { arrivals = Mutex(Array(repeating: [], count: subscribers)) }

        var received: Int { arrivals.withLock { $0.reduce(0) { $0 + $1.count } } }
    }

    struct Result {
        /// Alerts on the listed reads posted, whose latency is measured.
        var alerts: Int
        /// Alerts stored in all, and deliveries to expect and received.
        var stored: Int
        var expected: Int
        var received: Int
        var fromAck: [Double]
        var fromSubmit: [Double]
        var reads: Int
    }

    func run() async throws -> Result {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "sightline-bench-alerts-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(atPath: directory.path + "-keys")
        }
        let sightline = try Sightline.open(dataDirectory: directory)
        let actor = Actor.localOperator("bench")
        let agency = AgencyID("bench-pd")
        try sightline.catalog.add(
            Agency(
                id: agency, name: "Bench PD", kind: .localPolice, jurisdiction: Jurisdiction(country: "US", state: "CA")
            ),
            by: actor)
        try sightline.catalog.add(
            Camera(
                id: "bench-cam", owner: agency, kind: .fixed, name: "bench",
                location: Coordinate(latitude: 38.5, longitude: -121.5), heading: 0), by: actor)
        try sightline.catalog.add(User(id: "bench-officer", agency: agency, name: "Officer", role: .officer), by: actor)
        let deviceKey = try sightline.catalog.issueDeviceKey(for: "bench-cam", by: actor)
        let token = try sightline.catalog.issueToken(for: "bench-officer", by: actor)

        var random = SystemRandomNumberGenerator()
        let letters = Array("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")
        func plate() -> String { String((0..<7).map { _ in letters.randomElement(using: &random)! }) }
        let listed = (0..<entries).map { _ in HotListEntry(plate: plate(), region: "US-CA", category: .stolenVehicle) }
        report("Loading a \(entries)-entry hot list...")
        _ = try sightline.catalog.replaceHotList(
            owner: agency, name: "bench", format: "csv", entries: listed, skipped: 0, refused: 0, by: actor)

        // Build the matcher before anyone is listening or timing.
        _ = try await sightline.ingest.append([
            PlateRead(
                camera: "bench-cam", owner: agency, time: .now, plate: Plate(normalized: "WARMUP1"), confidence: 0.9,
                location: Coordinate(latitude: 38.5, longitude: -121.5))
        ])
        let shared = Shared(subscribers: subscribers)
        // One connection per subscriber, beside the cameras': the shared client allows only 8 a host.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = subscribers + 8
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let app = buildApplication(sightline, configuration: .init(port: 0)) { bound in
            shared.port.withLock { $0 = bound }
        }
        let batchSize = max(1, rate / 100)
        let batches = seconds * 100

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            while shared.port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(20)) }
            let server = "http://127.0.0.1:\(shared.port.withLock { $0! })"
            let client = AlertStreamClient(server: server, token: token, client: http)
            for index in 0..<subscribers {
                group.addTask {
                    try await client.stream(after: 0) { delivery in
                        let arrival = Arrival(read: delivery.alert.read.id, at: .now)
                        shared.arrivals.withLock { $0[index].append(arrival) }
                        return true
                    }
                }
            }
            while sightline.alerts.hub.subscriberCounts[agency, default: 0] < subscribers {
                try await Task.sleep(for: .milliseconds(20))
            }
            report(
                "\(subscribers) subscribers connected; posting \(rate) reads/s for \(seconds) s, one in \(listedEvery) listed..."
            )
            var progress = ProgressBar("Posting reads", total: batches * batchSize)
            let clock = ContinuousClock()
            var due = clock.now
            var serial = 0
            for _ in 0..<batches {
                var reads: [[String: Any]] = []
                var listedAt: [Int] = []
                for i in 0..<batchSize {
                    serial += 1
                    let isListed = serial % listedEvery == 0
                    if isListed { listedAt.append(i) }
                    reads.append([
                        "plate": isListed ? listed[serial % listed.count].plate : plate(),
                        "time": Timestamp.now.rfc3339, "confidence": 0.9, "region": "US-CA",
                    ])
                }
                var request = HTTPClientRequest(url: server + "/v1/reads")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(deviceKey)")
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["reads": reads])))
                let submitted = clock.now
                let response = try await http.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 1 << 20)
                let acknowledged = clock.now
                guard response.status == .created else {
                    throw SightlineError(
                        .invalidRequest, "ingest answered \(response.status.code): \(String(buffer: body))")
                }
                let receipt = try JSONDecoder().decode(IngestReceipt.self, from: Data(buffer: body))
                shared.posted.withLock { posted in
                    for i in listedAt {
                        posted[receipt.ids[i]] = Posted(submitted: submitted, acknowledged: acknowledged)
                    }
                }
                progress.advance(by: batchSize)
                due = due.advanced(by: .milliseconds(10))
                if due > clock.now { try await Task.sleep(until: due) }
            }
            // Every alert stored (random plates sometimes match a list leniently too) must reach
            // every subscriber; give the last ones a moment.
            let stored = Int(try sightline.catalog.latestDelivery(to: agency))
            let deadline = clock.now.advanced(by: .seconds(5))
            while clock.now < deadline, shared.received < stored * subscribers {
                try await Task.sleep(for: .milliseconds(20))
            }
            shared.stored.withLock { $0 = stored }
            group.cancelAll()
        }
        try await http.shutdown()

        let sent = shared.posted.withLock { $0 }
        var fromAck: [Double] = []
        var fromSubmit: [Double] = []
        for arrival in shared.arrivals.withLock({ $0 }).joined() {
            guard let post = sent[arrival.read] else { continue }
            fromAck.append((arrival.at - post.acknowledged).milliseconds)
            fromSubmit.append((arrival.at - post.submitted).milliseconds)
        }
        let stored = shared.stored.withLock { $0 }
        return Result(
            alerts: sent.count, stored: stored, expected: stored * subscribers, received: shared.received,
            fromAck: fromAck.sorted(),
            fromSubmit: fromSubmit.sorted(), reads: batches * batchSize)
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15
    }
}

extension Array where Element == Double {
    /// The value at quantile `q` of a sorted array.
    func quantile(_ q: Double) -> Double {
        guard !isEmpty else { return .nan }
        return self[Swift.min(count - 1, Int((Double(count - 1) * q).rounded()))]
    }
}
