import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Synchronization
import Testing

/// An agency's webhook receiver that fails its first `failures` requests, and records them all.
final class Receiver: Sendable {
    struct Received: Sendable {
        var headers: HTTPFields
        var body: Data
        var status: HTTPResponse.Status
    }

    let failures: Int
    let received = Mutex<[Received]>([])

    init(failures: Int) { self.failures = failures }

    var application: some ApplicationProtocol {
        let router = Router()
        router.post("/hook") { request, context -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            let status: HTTPResponse.Status =
                self.received.withLock { $0.count } < self.failures ? .serviceUnavailable : .ok
            self.received.withLock {
                $0.append(.init(headers: request.headers, body: Data(body.readableBytesView), status: status))
            }
            return status
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

@Suite("Webhooks")
struct WebhookTests {
    static let retry = WebhookRetry(
        attempts: 3, base: .milliseconds(20), cap: .milliseconds(50), timeout: .seconds(5), poll: .milliseconds(20))

    static func register(
        _ client: some TestClientProtocol, _ token: String, url: String
    ) async throws -> (
        id: String, secret: String
    ) {
        let body = HTTP.json(["url": url])
        return try await client.execute(
            uri: "/v1/webhooks", method: .post, headers: HTTP.headers(bearer: token), body: body
        ) { response in
            #expect(response.status == .created)
            let object = try HTTP.object(response)
            return (try #require(object["id"] as? String), try #require(object["secret"] as? String))
        }
    }

    static func waitUntil(_ condition: () throws -> Bool) async throws {
        for _ in 0..<500 where try !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test("a delivery is signed, retried with backoff until it succeeds, and logged; a dead one is kept and logged")
    func retriesAndDeadLetters() async throws {
        let world = try await PolicyWorld()
        let key = try world.deviceKey("ca-city")
        let admin = world.token("ca-city", .agencyAdministrator)
        let flaky = Receiver(failures: 2)
        let broken = Receiver(failures: .max)
        try await flaky.application.test(.live) { flakyClient in
            try await broken.application.test(.live) { brokenClient in
                let app = buildApplication(world.sightline, configuration: .init(port: 0, webhookRetry: Self.retry))
                try await app.test(.live) { client in
                    let good = try await Self.register(
                        client, admin, url: "http://127.0.0.1:\(try #require(flakyClient.port))/hook")
                    let dead = try await Self.register(
                        client, admin, url: "http://127.0.0.1:\(try #require(brokenClient.port))/hook")
                    let badURL = try await client.execute(
                        uri: "/v1/webhooks", method: .post, headers: HTTP.headers(bearer: admin),
                        body: HTTP.json(["url": "ftp://nowhere"])
                    ) { $0.status }
                    #expect(badURL == .badRequest)
                    _ = try await HotListImportTests.put(client, admin, "stolen", format: "csv", AlertTests.list)
                    _ = try await PolicyWorld.postReads(client, key: key, [HTTP.read("7ABC123", minutesAgo: 1)])
                    try await Self.waitUntil {
                        flaky.received.withLock { $0.count } >= 3 && broken.received.withLock { $0.count } >= 3
                    }
                    let page = try await client.execute(
                        uri: "/v1/webhooks", method: .get, headers: HTTP.headers(bearer: admin)
                    ) { try HTTP.object($0) }
                    let letters = try #require(page["deadLetters"] as? [[String: Any]])
                    #expect(letters.map { $0["webhook"] as? String } == [dead.id])
                    // Secrets are shown once, at registration.
                    #expect(!String(describing: page).contains("whsec_"))
                    _ = good
                }
            }
        }
        let attempts = flaky.received.withLock { $0 }
        #expect(attempts.map(\.status) == [.serviceUnavailable, .serviceUnavailable, .ok])
        #expect(broken.received.withLock { $0.count } == 3)
        // The receiver can check the signature with the secret it was given.
        let last = try #require(attempts.last)
        let signature = try #require(last.headers[.init("Sightline-Signature")!])
        let seconds = try #require(Int64(signature.split(separator: ",")[0].dropFirst(2)))
        let registered = try #require(try world.sightline.catalog.webhooks(of: "ca-city").first)
        let secret = world.sightline.webhookKeys.secret(for: registered)
        #expect(signature == WebhookKeys.signature(secret: secret, body: last.body, seconds: seconds))
        #expect(signature != WebhookKeys.signature(secret: secret, body: last.body + Data("x".utf8), seconds: seconds))
        let delivery = try JSONDecoder().decode(AlertDelivery.self, from: last.body)
        #expect(delivery.alert.entry.plate == "7ABC123")
        let records = try world.sightline.catalog.logEntries(limit: 10_000).compactMap(\.body.alert)
        #expect(records.contains { $0.event == .webhookDelivered && $0.detail == "HTTP 200 after 3 attempts" })
        #expect(records.contains { $0.event == .webhookDeadLetter && $0.detail?.contains("HTTP 503") == true })
    }
}
