import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SightlineCore
import SightlineServer
import Synchronization
import Testing

/// Log lines kept in memory, so a test can read everything the server logged.
final class CapturedLogs: Sendable {
    let lines = Mutex<[String]>([])

    struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            sink.lines.withLock { $0.append("\(event.level) \(event.message) \(all)") }
        }
    }

    var logger: Logger { Logger(label: "sightline.test") { _ in Handler(sink: self) } }
}

@Suite("Operating it")
struct OperationsTests {
    @Test("/metrics speaks Prometheus text: ingest, alerts, searches by kind, denials by rule, log and partitions")
    func metrics() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let reads = ["reads": [HTTP.read("7MTRX01"), HTTP.read("7MTRX02"), HTTP.read("7MTRX03")]]
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey), body: HTTP.json(reads)
            ) { #expect($0.status == .created) }
            // Ada searches her own agency's data, then on behalf of the county (refused).
            for beneficiary in [ServerFixture.city, ServerFixture.county] {
                try await client.execute(
                    uri: "/v1/searches", method: .post, headers: HTTP.headers(bearer: fixture.cityToken),
                    body: HTTP.json(HTTP.search("7MTRX01", onBehalfOf: beneficiary))
                ) { #expect($0.status == .ok) }
            }
            let text = try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                return String(buffer: response.body)
            }
            let samples = try Self.parse(text)
            #expect(samples["sightline_ingest_reads_total"] == 3)
            #expect(samples["sightline_ingest_batches_total"] == 1)
            #expect(samples["sightline_ingest_batch_seconds_count"] == 1)
            #expect(samples["sightline_search_seconds_count{kind=\"search\"}"] == 2)
            #expect(samples.keys.contains { $0.hasPrefix("sightline_policy_denials_total{rule=") })
            #expect((samples["sightline_log_entries"] ?? 0) > 0)
            #expect(samples.keys.contains { $0.hasPrefix("sightline_store_partition_bytes{partition=") })
            #expect(!text.contains("7MTRX"), "a plate in /metrics")
            #expect(text.contains("# TYPE sightline_search_seconds histogram"))
        }
    }

    /// Every sample line: a name, optional labels, a number.
    static func parse(_ text: String) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            try #require(parts.count == 2, "not a sample: \(line)")
            try #require(
                parts[0].wholeMatch(of: /[a-z_]+(\{([a-z_]+="[^"]*",?)+\})?/) != nil, "bad series name: \(line)")
            samples[String(parts[0])] = try #require(Double(String(parts[1])) as Double?, "not a number: \(line)")
        }
        return samples
    }

    @Test("the server's logs hold no plate, device key, token or password, even at trace level")
    func logsHoldNoSecrets() async throws {
        let fixture = try ServerFixture()
        let logs = CapturedLogs()
        let password = "correct horse battery staple"
        let enrolment = try fixture.sightline.admin.enrol(
            User(id: "eve", agency: ServerFixture.city, name: "Eve"), password: password, operator: "test")
        let app = buildApplication(
            fixture.sightline, configuration: ServerConfiguration(retentionInterval: nil), logger: logs.logger)
        try await app.test(.router) { client in
            let reads = ["reads": [HTTP.read("7LOGGD1"), HTTP.read("7LOGGD2")]]
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey), body: HTTP.json(reads)
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey + "x"),
                body: HTTP.json(reads)
            ) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/v1/searches", method: .post, headers: HTTP.headers(bearer: fixture.cityToken),
                body: HTTP.json(HTTP.search("7LOGGD1", onBehalfOf: ServerFixture.city))
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri:
                    "/v1/plates/7LOGGD2/timeline?purpose=stolen-vehicle&case=C-1&justification=Reported%20stolen%20on%20Main&onBehalfOf=city-pd",
                method: .get, headers: HTTP.headers(bearer: fixture.cityToken)
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/v1/sessions", method: .post, headers: HTTP.headers(bearer: nil),
                body: HTTP.json(["user": "eve", "password": password, "code": "000000"])
            ) { #expect($0.status == .unauthorized) }
            _ = enrolment
        }
        let lines = logs.lines.withLock { $0 }
        // Requests are logged by route template, so a plate in a path never reaches the log.
        #expect(lines.contains { $0.contains("\"route\": /v1/plates/{plate}/timeline") })
        #expect(lines.count >= 5, "\(lines)")
        for secret in ["7LOGGD1", "7LOGGD2", fixture.cityKey, fixture.cityToken, password, enrolment.totpSecret] {
            #expect(!lines.contains { $0.contains(secret) }, "logged: \(secret.prefix(6))…")
        }
    }
}
