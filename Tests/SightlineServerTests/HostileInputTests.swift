import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Testing

/// Every endpoint that takes a body, fed what an attacker or a broken client sends: each answer is
/// a 4xx in the documented error shape, nothing is applied, and the server keeps serving.
@Suite("Hostile input")
struct HostileInputTests {
    struct Endpoint: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var uri: String
        var admin: Bool
        var description: String { "\(method) \(uri)" }
    }

    static let endpoints: [Endpoint] = [
        .init(method: .post, uri: "/v1/reads", admin: false),
        .init(method: .post, uri: "/v1/reads/openalpr", admin: false),
        .init(method: .post, uri: "/v1/reads/platerecognizer", admin: false),
        .init(method: .post, uri: "/v1/searches", admin: false),
        .init(method: .post, uri: "/v1/analytics/stakeout", admin: false),
        .init(method: .post, uri: "/v1/analytics/convoy", admin: false),
        .init(method: .post, uri: "/v1/analytics/locate", admin: false),
        .init(method: .post, uri: "/v1/policy/explain", admin: false),
        .init(method: .post, uri: "/v1/sessions", admin: false),
        .init(method: .post, uri: "/v1/users", admin: true),
        .init(method: .put, uri: "/v1/users/ada/role", admin: true),
        .init(method: .post, uri: "/v1/users/ada/tokens", admin: true),
        .init(method: .post, uri: "/v1/cameras", admin: true),
        .init(method: .post, uri: "/v1/grants", admin: true),
        .init(method: .post, uri: "/v1/declarations", admin: true),
        .init(method: .put, uri: "/v1/agencies/city-pd/policy", admin: true),
        .init(method: .post, uri: "/v1/holds", admin: true),
        .init(method: .put, uri: "/v1/hotlists/hostile?format=csv", admin: true),
        .init(method: .post, uri: "/v1/hotlists/hostile/entries", admin: true),
        .init(method: .post, uri: "/v1/webhooks", admin: true),
        .init(method: .post, uri: "/v1/alerts/1/disposition", admin: false),
        .init(method: .post, uri: "/v1/cosign/none", admin: false),
    ]

    static let bodies: [(String, [UInt8])] = [
        ("truncated JSON", Array("{\"reads\": [".utf8)),
        ("invalid UTF-8", [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0xC3, 0x28, 0x7D]),
        ("wrong top-level type", Array("[1, 2, 3]".utf8)),
        (
            "wrong field types",
            Array(
                #"{"reads": "x", "query": 7, "user": [], "id": {}, "recipient": 3, "scopes": 7, "expires": [], "disposition": 3, "approve": "yes", "entry": 1, "url": 4, "plate": {}, "case": [], "authority": 1, "pack": 2, "role": 3, "results": 1, "data": 2, "scenes": 3, "expiry": "soon", "documentSHA256": 1}"#
                    .utf8)
        ),
        ("deeply nested", Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)),
        ("empty", []),
    ]

    @Test(
        "malformed, mistyped, non-UTF-8, nested and empty bodies get a 4xx with code and message", arguments: endpoints)
    func hostileBodies(endpoint: Endpoint) async throws {
        let fixture = try ServerFixture()
        let actor = Actor.localOperator("test")
        try fixture.sightline.catalog.add(
            User(id: "cam", agency: ServerFixture.city, name: "City Admin", role: .agencyAdministrator), by: actor)
        let admin = try fixture.sightline.catalog.issueToken(for: "cam", by: actor)
        let token = endpoint.uri.hasPrefix("/v1/reads") ? fixture.cityKey : endpoint.admin ? admin : fixture.cityToken
        let before = try fixture.sightline.catalog.treeHead().size
        try await fixture.test { client in
            for (name, bytes) in Self.bodies {
                try await client.execute(
                    uri: endpoint.uri, method: endpoint.method, headers: HTTP.headers(bearer: token),
                    body: ByteBuffer(bytes: bytes)
                ) { response in
                    #expect((400..<500).contains(response.status.code), "\(endpoint) \(name): \(response.status)")
                    let error = try? HTTP.error(response)
                    #expect(error?["code"] is String, "\(endpoint) \(name)")
                    #expect((error?["message"] as? String)?.isEmpty == false, "\(endpoint) \(name)")
                }
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
        // Refused input changed nothing: no log entry (a refused search or sign-in is a record of
        // its own, but none of these bodies got that far).
        let entries = try fixture.sightline.catalog.entries(from: before, to: .max)
        let kinds = try entries.map { try JSONDecoder().decode(LogRecord.self, from: Data($0.entry.utf8)).kind }
        #expect(kinds.allSatisfy { $0 == "login" }, "\(endpoint): \(kinds)")
    }

    @Test("a body over the 16 MiB limit is refused with 413 and the limit, and the server keeps serving")
    func hugeBody() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let huge = ByteBuffer(repeating: UInt8(ascii: " "), count: SightlineRequestContext.bodyLimit + 1)
            for uri in ["/v1/reads", "/v1/searches"] {
                let token = uri == "/v1/reads" ? fixture.cityKey : fixture.cityToken
                try await client.execute(uri: uri, method: .post, headers: HTTP.headers(bearer: token), body: huge) {
                    #expect($0.status == .contentTooLarge, "\(uri)")
                    let code = try HTTP.error($0)["code"] as? String
                    #expect(code == "too_large", "\(uri)")
                }
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("duplicates and out-of-range values are refused naming the field, and nothing is applied")
    func duplicatesAndRanges() async throws {
        let fixture = try ServerFixture()
        let actor = Actor.localOperator("test")
        try fixture.sightline.catalog.add(
            User(id: "cam", agency: ServerFixture.city, name: "City Admin", role: .agencyAdministrator), by: actor)
        let admin = HTTP.headers(bearer: try fixture.sightline.catalog.issueToken(for: "cam", by: actor))
        let camera: [String: Any] = [
            "id": "city-01", "owner": "city-pd", "kind": "fixed", "name": "Again",
            "location": ["latitude": 38.5, "longitude": -121.5], "heading": 0,
        ]
        var outOfRange = camera
        outOfRange["id"] = "city-02"
        outOfRange["location"] = ["latitude": 123.0, "longitude": -121.5]
        let duplicate = HTTP.json(camera)
        let farAway = HTTP.json(outOfRange)
        let user = HTTP.json([
            "id": "ada", "agency": "city-pd", "name": "Ada Again", "role": "investigator",
            "password": "a long enough password",
        ])
        try await fixture.test { client in
            try await client.execute(uri: "/v1/cameras", method: .post, headers: admin, body: duplicate) {
                #expect($0.status == .conflict)
            }
            try await client.execute(uri: "/v1/cameras", method: .post, headers: admin, body: farAway) {
                #expect($0.status == .badRequest)
                let field = try HTTP.error($0)["field"] as? String
                #expect(field?.contains("latitude") == true, "\(field ?? "no field")")
            }
            try await client.execute(uri: "/v1/users", method: .post, headers: admin, body: user) {
                #expect($0.status == .conflict)
            }
        }
        #expect(try fixture.sightline.catalog.camera("city-02") == nil)
        #expect(try fixture.sightline.catalog.user("ada")?.name == "Ada Investigator")
    }
}
