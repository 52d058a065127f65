import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Testing

/// Three agencies with no grant between them, each with every role, a camera, reads, a hot list,
/// an alert, a legal hold and a webhook, all marked with words no other agency's data contains.
/// Every endpoint is called by every user of every agency; no answer may carry another agency's
/// marks, and every attempt to act on another agency's objects is refused and changes nothing.
@Suite("Access matrix")
struct AccessMatrixTests {
    static let agencies: [(id: AgencyID, state: String?, kind: AgencyKind)] = [
        ("alpha", "CA", .localPolice), ("bravo", "CA", .sheriff), ("charlie", nil, .federal),
    ]
    static let roles: [Role] = [.officer, .investigator, .supervisor, .agencyAdministrator, .auditor]

    /// Words that appear only in one agency's private data.
    static func marks(_ agency: AgencyID) -> [String] {
        let tag = agency.rawValue.prefix(1).uppercased()
        return [
            "\(tag)PLATE1",  // read plate and hot-list entry
            "\(agency.rawValue)-cam",  // camera
            "\(agency.rawValue)-officer",  // a user
            "CASE-\(tag)-SECRET",  // hold case and hot-list case
            "hooks.\(agency.rawValue).example",  // webhook
        ]
    }

    struct World {
        let fixture: ServerFixture
        var tokens: [(user: UserID, agency: AgencyID, role: Role, token: String)] = []
        var alerts: [AgencyID: Int64] = [:]
        var holds: [AgencyID: String] = [:]
        var webhooks: [AgencyID: String] = [:]
    }

    static func world() async throws -> World {
        var world = World(fixture: try ServerFixture())
        let sightline = world.fixture.sightline
        let catalog = sightline.catalog
        let actor = Actor.localOperator("test")
        for (id, state, kind) in agencies {
            try catalog.add(
                Agency(id: id, name: id.rawValue, kind: kind, jurisdiction: Jurisdiction(country: "US", state: state)),
                by: actor)
            try catalog.add(
                Camera(
                    id: CameraID("\(id)-cam"), owner: id, kind: .fixed, name: "cam",
                    location: Coordinate(latitude: 38.5, longitude: -121.5), heading: 0), by: actor)
            for role in roles {
                let user = UserID("\(id)-\(role.rawValue)")
                try catalog.add(User(id: user, agency: id, name: user.rawValue, role: role), by: actor)
                world.tokens.append((user, id, role, try catalog.issueToken(for: user, by: actor)))
            }
            let admin = try sightline.authenticator.caller(world.tokens.last { $0.role == .agencyAdministrator }!.token)
            let plate = marks(id)[0]
            _ = try sightline.admin.importHotList(
                named: "\(id)-list", format: .csv,
                text: "plate,state,category,reason,case\n\(plate),CA,V,stolen,\(marks(id)[3])\n", by: admin)
            let read = PlateRead(
                camera: CameraID("\(id)-cam"), owner: id, time: .now.adding(milliseconds: -60_000),
                plate: Plate(normalized: plate), region: "US-CA", confidence: 0.95,
                location: Coordinate(latitude: 38.5, longitude: -121.5),
                images: [ReadImage(kind: .plate, bytes: Array("\(id)-image".utf8))])
            let receipt = try await sightline.ingest.append([read])
            world.alerts[id] = try #require(try catalog.deliveries(to: id, after: 0, limit: 10).last?.alert.id)
            world.holds[id] =
                try sightline.admin.placeHold(
                    HoldRequest(
                        case: marks(id)[3], authority: "court-order", reference: "ref", reads: receipt.ids,
                        expiry: .now.adding(milliseconds: 86_400_000)), by: admin
                ).id
        }
        world.tokens.append(
            (
                "root", "alpha", .systemAdministrator,
                try {
                    try catalog.add(
                        User(id: "root", agency: "alpha", name: "root", role: .systemAdministrator), by: actor)
                    return try catalog.issueToken(for: "root", by: actor)
                }()
            ))
        return world
    }

    @Test("no endpoint shows any user another agency's reads, cameras, users, lists, alerts, holds or log")
    func nothingLeaks() async throws {
        let world = try await Self.world()
        let ids = Self.agencies.map(\.id)
        let fixture = world.fixture
        let users = world.tokens
        let alerts = world.alerts
        let holds = world.holds
        try await fixture.test { client in
            // Webhooks, through the API each agency's administrator would use.
            for agency in ids {
                let admin = users.first { $0.agency == agency && $0.role == .agencyAdministrator }!.token
                try await client.execute(
                    uri: "/v1/webhooks", method: .post, headers: HTTP.headers(bearer: admin),
                    body: HTTP.json(["url": "https://hooks.\(agency.rawValue).example/alerts"])
                ) { #expect($0.status == .created) }
            }
            var calls = 0
            // Reads of what exists first; then probes and attempts, which leave records of their
            // own in the prober's log (naming the plates they probed, which is right).
            for phase in ["read", "probe"] {
                for user in users {
                    let others = ids.filter { $0 != user.agency }
                    let foreign = others.flatMap(Self.marks)
                    func check(
                        _ uri: String, _ method: HTTPRequest.Method = .get, _ body: [String: Any]? = nil
                    )
                        async throws
                    {
                        calls += 1
                        try await client.execute(
                            uri: uri, method: method, headers: HTTP.headers(bearer: user.token),
                            body: body.map(HTTP.json) ?? ByteBuffer()
                        ) { response in
                            #expect(response.status.code < 500, "\(user.user) \(uri)")
                            let text = String(buffer: response.body)
                            for mark in foreign where text.contains(mark) {
                                Issue.record("\(user.user) saw \(mark) in \(method) \(uri)")
                            }
                            // Images travel base64; the marks are in their bytes.
                            for agency in others where text.contains(Data("\(agency)-image".utf8).base64EncodedString())
                            {
                                Issue.record("\(user.user) saw \(agency)'s image in \(uri)")
                            }
                        }
                    }
                    if phase == "read" {
                        for uri in [
                            "/v1/me", "/v1/cameras", "/v1/users", "/v1/hotlists", "/v1/alerts?after=0&limit=1000",
                            "/v1/alerts?latest=100", "/v1/holds", "/v1/webhooks", "/v1/cosign",
                            "/v1/log?from=0&limit=1000",
                            "/v1/log/entries?start=0&end=1000", "/v1/log/findings", "/v1/map",
                        ] {
                            try await check(uri)
                        }
                        for other in others { try await check("/v1/hotlists/\(other)-list") }
                        continue
                    }
                    for other in others {
                        let plate = Self.marks(other)[0]
                        let why: [String: Any] = [
                            "purpose": "stolen-vehicle", "case": "MATRIX-1", "onBehalfOf": user.agency.rawValue,
                            "justification": "Access matrix: probing another agency's data",
                        ]
                        // The request names the plate, so only the answer's parts that carry data are checked.
                        for (uri, body) in [
                            ("/v1/searches", why.merging(["query": ["plate": plate]]) { $1 }),
                            ("/v1/searches", why.merging(["query": ["plate": String(plate.prefix(4)) + "*"]]) { $1 }),
                            ("/v1/searches", why.merging(["query": ["plate": plate, "tolerance": 2]]) { $1 }),
                            ("/v1/analytics/locate", why.merging(["plate": plate]) { $1 }),
                            ("/v1/analytics/convoy", why.merging(["plate": plate]) { $1 }),
                        ] {
                            calls += 1
                            try await client.execute(
                                uri: uri, method: .post, headers: HTTP.headers(bearer: user.token),
                                body: HTTP.json(body)
                            ) { response in
                                #expect(response.status.code < 500)
                                guard response.status == .ok else { return }
                                let result = try HTTP.object(response)
                                // A tolerant search may find our own APLATE1 for BPLATE1: only owners matter.
                                let reads =
                                    (result["reads"] as? [[String: Any]] ?? [])
                                    + (result["vehicles"] as? [[String: Any]] ?? []).flatMap {
                                        $0["reads"] as? [[String: Any]] ?? []
                                    }
                                let owners = Set(
                                    reads.compactMap { $0["owner"] as? String }
                                        + (result["places"] as? [[String: Any]] ?? []).compactMap {
                                            $0["owner"] as? String
                                        })
                                #expect(owners.isSubset(of: [user.agency.rawValue]), "\(user.user) \(uri): \(owners)")
                                let counts = (result["counts"] as? [[String: Any]]) ?? []
                                #expect(
                                    !counts.contains { $0["owner"] as? String == other.rawValue },
                                    "\(user.user) got a count or hit answer for \(other) from \(uri)")
                            }
                        }
                        try await check(
                            "/v1/plates/\(plate)/timeline?purpose=stolen-vehicle&case=M-1&justification=Access%20matrix%20probe&onBehalfOf=\(user.agency)"
                        )
                        // Acting on the other agency's objects is refused.
                        let victim = "\(other)-officer"
                        for (uri, method, body) in [
                            ("/v1/users/\(victim)/role", HTTPRequest.Method.put, ["role": "auditor"] as [String: Any]),
                            ("/v1/users/\(victim)/unlock", .post, [:]),
                            ("/v1/users/\(victim)/tokens", .post, [:]),
                            ("/v1/users/\(victim)/tokens", .delete, [:]),
                            ("/v1/cameras/\(other)-cam/keys", .post, [:]),
                            ("/v1/holds/\(holds[other]!)/release", .post, [:]),
                            (
                                "/v1/alerts/\(alerts[other]!)/disposition", .post,
                                ["disposition": "misread", "action": "x"]
                            ),
                            ("/v1/hotlists/\(other)-list/entries/\(plate)", .delete, [:]),
                            (
                                "/v1/agencies/\(other)/policy", .put,
                                ["pack": "us-ca", "hitOnly": false, "prohibitedPurposes": [] as [String]]
                            ),
                        ] {
                            calls += 1
                            try await client.execute(
                                uri: uri, method: method, headers: HTTP.headers(bearer: user.token),
                                body: HTTP.json(body)
                            ) { response in
                                #expect(
                                    [403, 404].contains(response.status.code),
                                    "\(user.user) (\(user.role)) \(method) \(uri): \(response.status)")
                            }
                        }
                    }
                }
            }
            #expect(calls > 600)
            // After the probes, every log record a user can read is their own agency's.
            for user in users where user.role.audits {
                try await client.execute(
                    uri: "/v1/log?from=0&limit=1000", method: .get, headers: HTTP.headers(bearer: user.token)
                ) { response in
                    let entries = try #require(try HTTP.object(response)["entries"] as? [[String: Any]])
                    #expect(!entries.isEmpty)
                    for entry in entries {
                        let text = String(decoding: try JSONSerialization.data(withJSONObject: entry), as: UTF8.self)
                        let record = try JSONDecoder().decode(LogEntry<LogRecord>.self, from: Data(text.utf8)).body
                        #expect(
                            record.actorAgency == user.agency || record.subjectAgency == user.agency,
                            "\(user.user) read a record of \(String(describing: record.actorAgency))")
                    }
                }
            }
        }
        // And nothing the refused calls aimed at changed.
        let catalog = fixture.sightline.catalog
        for other in ids {
            #expect(try catalog.user(UserID("\(other)-officer"))?.role == .officer)
            #expect(try catalog.deliveries(to: other, after: 0, limit: 10).allSatisfy { $0.dispositions.isEmpty })
            #expect(try catalog.hotListEntries(owner: other, list: "\(other)-list").count == 1)
        }
    }
}
