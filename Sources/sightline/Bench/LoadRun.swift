import AsyncHTTPClient
import Foundation
import NIOCore
import SightlineCore
import SightlineServer
import SightlineStore
import Synchronization

/// A bounded load on loopback, for a fixed time: many cameras posting batches concurrently,
/// live alert subscribers, and investigators searching, all against one server; then a check
/// that every acknowledged read is stored.
struct LoadRun {
    var seconds: Int
    var cameras: Int
    var rate: Int
    var writers: Int
    var subscribers: Int
    var searchers: Int
    var listedEvery = 200
    /// How long to wait, after the load, for the last alert deliveries (and for each searcher's
    /// first answer, on a machine busy enough that none came during the load).
    var drain: Duration = .seconds(5)

    final class Shared: Sendable {
        let port = Mutex<Int?>(nil)
        let stop = Atomic<Bool>(false)
        let ackedAt = Mutex<[ReadID: ContinuousClock.Instant]>([:])
        let plates = Mutex<[String]>([])
        let batchLatency = Mutex<[Double]>([])
        let searchLatency = Mutex<[Double]>([])
        let alertLatency = Mutex<[Double]>([])
        let errors = Mutex<[String: Int]>([:])
        let deliveries = Atomic<Int>(0)
        let reconnects = Atomic<Int>(0)
        let writersDone = Atomic<Int>(0)

        /// An error, unless the run is over and the request was cut short by its end.
        func fail(_ what: String) {
            guard !stop.load(ordering: .relaxed) else { return }
            errors.withLock { $0[what, default: 0] += 1 }
        }
    }

    struct Result {
        var reads: Int
        var batches: Int
        var searches: Int
        var batchLatency: [Double]
        var searchLatency: [Double]
        var alertLatency: [Double]
        var alertsStored: Int
        var deliveriesExpected: Int
        var deliveriesReceived: Int
        var errors: [String: Int]
        var stored: Int
        var lost: Int
        var elapsed: Double
        /// Times a subscriber's stream ended and it resumed from its last alert.
        var reconnects: Int
    }

    func run() async throws -> Result {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "sightline-bench-load-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(atPath: directory.path + "-keys")
        }
        let sightline = try Sightline.open(dataDirectory: directory)
        let actor = Actor.localOperator("bench")
        let agency = AgencyID("load-pd")
        try sightline.catalog.add(
            Agency(
                id: agency, name: "Load PD", kind: .localPolice, jurisdiction: Jurisdiction(country: "US", state: "CA")),
            by: actor)
        var keys: [String] = []
        for n in 0..<cameras {
            let id = CameraID("load-\(n)")
            try sightline.catalog.add(
                Camera(
                    id: id, owner: agency, kind: .fixed, name: "Load \(n)",
                    location: Coordinate(
                        latitude: 38.5 + Double(n % 20) / 1000, longitude: -121.5 + Double(n / 20) / 1000),
                    heading: 0), by: actor)
            keys.append(try sightline.catalog.issueDeviceKey(for: id, by: actor))
        }
        try sightline.catalog.add(User(id: "load-officer", agency: agency, name: "Officer", role: .officer), by: actor)
        try sightline.catalog.add(User(id: "load-investigator", agency: agency, name: "Investigator"), by: actor)
        let officer = try sightline.catalog.issueToken(for: "load-officer", by: actor)
        let investigator = try sightline.catalog.issueToken(for: "load-investigator", by: actor)
        let listed = (0..<1_000).map {
            HotListEntry(plate: "L\(String(format: "%06d", $0))", region: "US-CA", category: .stolenVehicle)
        }
        _ = try sightline.catalog.replaceHotList(
            owner: agency, name: "load", format: "csv", entries: listed, skipped: 0, refused: 0, by: actor)

        let deviceKeys = keys
        let shared = Shared()
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = subscribers + writers + searchers + 8
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let app = buildApplication(sightline, configuration: .init(port: 0, retentionInterval: nil)) { bound in
            shared.port.withLock { $0 = bound }
        }
        let batchSize = 10
        let perWriter = Double(rate) / Double(batchSize) / Double(writers)
        let clock = ContinuousClock()
        var started = clock.now

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            while shared.port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(20)) }
            let server = "http://127.0.0.1:\(shared.port.withLock { $0! })"
            let stream = AlertStreamClient(server: server, token: officer, client: http)
            for _ in 0..<subscribers {
                group.addTask {
                    // As a dispatcher's client does: a subscriber the server cut off (its buffer
                    // full) reconnects after the last alert it saw, and misses nothing.
                    var last: Int64 = 0
                    while !shared.stop.load(ordering: .relaxed), !Task.isCancelled {
                        _ = try? await stream.stream(after: last) { delivery in
                            last = max(last, delivery.sequence)
                            shared.deliveries.add(1, ordering: .relaxed)
                            if let acked = shared.ackedAt.withLock({ $0[delivery.alert.read.id] }) {
                                shared.alertLatency.withLock { $0.append((clock.now - acked).milliseconds) }
                            }
                            return !shared.stop.load(ordering: .relaxed)
                        }
                        if !shared.stop.load(ordering: .relaxed) { shared.reconnects.add(1, ordering: .relaxed) }
                        try? await Task.sleep(for: .milliseconds(50))
                    }
                }
            }
            while sightline.alerts.hub.subscriberCounts[agency, default: 0] < subscribers {
                try await Task.sleep(for: .milliseconds(20))
            }
            report(
                "\(subscribers) subscribers connected; \(cameras) cameras post \(rate) reads/s from \(writers) writers, \(searchers) investigators search, for \(seconds) s..."
            )
            started = clock.now
            let end = started.advanced(by: .seconds(seconds))
            for writer in 0..<writers {
                group.addTask {
                    var due = clock.now
                    var serial = 0
                    var camera = writer
                    while clock.now < end {
                        serial += 1
                        let plates = (0..<batchSize).map { i -> String in
                            let n = (writer * 1_000_003 + serial * batchSize + i)
                            return n % listedEvery == 0
                                ? listed[n % listed.count].plate
                                : "W\(writer % 10)\(String(format: "%05d", n % 100_000))"
                        }
                        let body =
                            "{\"reads\":["
                            + plates.map {
                                "{\"plate\":\"\($0)\",\"time\":\"\(Timestamp.now.rfc3339)\",\"confidence\":0.9,\"region\":\"US-CA\"}"
                            }.joined(separator: ",") + "]}"
                        var request = HTTPClientRequest(url: server + "/v1/reads")
                        request.method = .POST
                        request.headers.add(
                            name: "Authorization", value: "Bearer \(deviceKeys[camera % deviceKeys.count])")
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: body))
                        camera += writers
                        let submitted = clock.now
                        do {
                            let response = try await http.execute(request, timeout: .seconds(30))
                            let bytes = try await response.body.collect(upTo: 1 << 20)
                            guard response.status == .created else {
                                shared.fail("ingest \(response.status.code)")
                                continue
                            }
                            let acknowledged = clock.now
                            let receipt = try JSONDecoder().decode(IngestReceipt.self, from: Data(buffer: bytes))
                            shared.ackedAt.withLock { at in for id in receipt.ids { at[id] = acknowledged } }
                            shared.plates.withLock { $0.append(plates[0]) }
                            shared.batchLatency.withLock { $0.append((acknowledged - submitted).milliseconds) }
                        } catch {
                            shared.fail("ingest transport")
                        }
                        due = due.advanced(by: .milliseconds(Int(1000 / perWriter)))
                        if due > clock.now { try? await Task.sleep(until: due) }
                    }
                    shared.writersDone.add(1, ordering: .relaxed)
                }
            }
            for searcher in 0..<searchers {
                group.addTask {
                    var n = 0
                    var answered = 0
                    while clock.now < end || (answered == 0 && clock.now < end.advanced(by: drain)) {
                        n += 1
                        guard
                            let plate = shared.plates.withLock({
                                $0.isEmpty ? nil : $0[(n * 7919 + searcher) % $0.count]
                            })
                        else {
                            try? await Task.sleep(for: .milliseconds(10))
                            continue
                        }
                        var request = HTTPClientRequest(url: server + "/v1/searches")
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(investigator)")
                        request.headers.add(name: "Content-Type", value: "application/json")
                        let pattern = n % 3 == 0 ? String(plate.prefix(4)) + "*" : plate
                        request.body = .bytes(
                            ByteBuffer(
                                string:
                                    "{\"query\":{\"plate\":\"\(pattern)\",\"tolerance\":\(n % 3 == 1 ? 1 : 0)},\"purpose\":\"stolen-vehicle\",\"case\":\"LOAD-\(n)\",\"justification\":\"Load test of concurrent searching\",\"onBehalfOf\":\"load-pd\"}"
                            ))
                        let submitted = clock.now
                        do {
                            let response = try await http.execute(request, timeout: .seconds(30))
                            _ = try await response.body.collect(upTo: 64 << 20)
                            guard response.status == .ok else {
                                shared.fail("search \(response.status.code)")
                                continue
                            }
                            shared.searchLatency.withLock { $0.append((clock.now - submitted).milliseconds) }
                            answered += 1
                        } catch {
                            shared.fail("search transport")
                        }
                    }
                }
            }
            try await Task.sleep(until: end)
            // Every batch in flight answered, then the last deliveries arrive.
            while shared.writersDone.load(ordering: .relaxed) < writers, clock.now < end.advanced(by: drain) {
                try await Task.sleep(for: .milliseconds(20))
            }
            let stored = Int(try sightline.catalog.latestDelivery(to: agency))
            let deadline = clock.now.advanced(by: drain)
            while clock.now < deadline, shared.deliveries.load(ordering: .relaxed) < stored * subscribers {
                try await Task.sleep(for: .milliseconds(20))
            }
            let searchDeadline = end.advanced(by: drain)
            while clock.now < searchDeadline, shared.searchLatency.withLock({ $0.count }) < searchers {
                try await Task.sleep(for: .milliseconds(20))
            }
            shared.stop.store(true, ordering: .relaxed)
            group.cancelAll()
        }
        try await http.shutdown()
        let elapsed = (clock.now - started).milliseconds / 1000

        // Nothing acknowledged lost: each partition holds every id acknowledged in it.
        let acknowledged = shared.ackedAt.withLock { Array($0.keys) }
        let perPartition = Dictionary(grouping: acknowledged, by: \.partition).mapValues(\.count)
        let partitions = Dictionary(
            uniqueKeysWithValues: try await sightline.store.partitions().map { ($0.partition, $0.reads) })
        let lost = perPartition.reduce(0) { $0 + max(0, $1.value - (partitions[$1.key] ?? 0)) }
        let alertsStored = Int(try sightline.catalog.latestDelivery(to: agency))
        return Result(
            reads: acknowledged.count, batches: shared.batchLatency.withLock { $0.count },
            searches: shared.searchLatency.withLock { $0.count },
            batchLatency: shared.batchLatency.withLock { $0 }.sorted(),
            searchLatency: shared.searchLatency.withLock { $0 }.sorted(),
            alertLatency: shared.alertLatency.withLock { $0 }.sorted(), alertsStored: alertsStored,
            deliveriesExpected: alertsStored * subscribers,
            deliveriesReceived: shared.deliveries.load(ordering: .relaxed),
            errors: shared.errors.withLock { $0 }, stored: partitions.values.reduce(0, +), lost: lost, elapsed: elapsed,
            reconnects: shared.reconnects.load(ordering: .relaxed))
    }
}
