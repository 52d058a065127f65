import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineServer
import Testing

/// Agencies under different laws, each with a camera, an investigator, and where a scenario needs
/// them an administrator, a supervisor, an officer and an auditor; one read of plate 7ABC123 on
/// every camera an hour ago, and on some a month ago too.
struct PolicyWorld {
    let fixture: ServerFixture
    var sightline: Sightline { fixture.sightline }
    private(set) var tokens: [UserID: String] = [:]

    static let plate = "7ABC123"
    static let agencies: [(AgencyID, AgencyKind, String, String?)] = [
        ("ca-city", .localPolice, "US", "CA"), ("ca-county", .sheriff, "US", "CA"), ("fed", .federal, "US", nil),
        ("il-city", .localPolice, "US", "IL"), ("in-city", .localPolice, "US", "IN"),
        ("va-city", .localPolice, "US", "VA"),
        ("nl-city", .localPolice, "NL", nil), ("gb-city", .localPolice, "GB", nil),
    ]

    init() async throws {
        fixture = try ServerFixture()
        let catalog = fixture.sightline.catalog
        let actor = Actor.localOperator("test")
        let now = Timestamp.now
        for (id, kind, country, state) in Self.agencies {
            try catalog.add(
                Agency(
                    id: id, name: id.rawValue, kind: kind, jurisdiction: Jurisdiction(country: country, state: state)),
                by: actor)
            let camera = Camera(
                id: CameraID("\(id)-cam"), owner: id, kind: .fixed, name: "cam",
                location: Coordinate(latitude: 1, longitude: 1),
                heading: 0)
            try catalog.add(camera, by: actor)
            for role in [Role.investigator, .agencyAdministrator, .supervisor, .officer, .auditor] {
                let user = UserID("\(id)-\(role.rawValue)")
                try catalog.add(User(id: user, agency: id, name: user.rawValue, role: role), by: actor)
                tokens[user] = try catalog.issueToken(for: user, by: actor)
            }
            var reads = [Self.read(camera, at: now.adding(milliseconds: -3_600_000))]
            if ["va-city", "gb-city"].contains(id.rawValue) {
                reads.append(Self.read(camera, at: now.adding(milliseconds: -30 * Timestamp.millisecondsPerDay)))
                reads.append(Self.read(camera, at: now.adding(milliseconds: -200 * Timestamp.millisecondsPerDay)))
            }
            _ = try await fixture.sightline.ingest.append(reads)
        }
    }

    static func read(_ camera: Camera, at time: Timestamp) -> PlateRead {
        PlateRead(
            camera: camera.id, owner: camera.owner, time: time, plate: Plate(normalized: plate), confidence: 0.9,
            location: camera.location)
    }

    func token(_ agency: AgencyID, _ role: Role = .investigator) -> String {
        tokens[UserID("\(agency)-\(role.rawValue)")]!
    }

    static func search(
        for beneficiary: AgencyID, purpose: String = "stolen-vehicle",
        justification: String = "Vehicle reported stolen from Main Street", from: Timestamp? = nil,
        coSignature: String? = nil
    ) -> ByteBuffer {
        var query: [String: Any] = ["plate": plate]
        if let from { query["from"] = from.rfc3339 }
        var body: [String: Any] = [
            "query": query, "purpose": purpose, "case": "CASE-1", "justification": justification,
            "onBehalfOf": beneficiary.rawValue,
        ]
        if let coSignature { body["coSignature"] = coSignature }
        return HTTP.json(body)
    }
}

/// A decoded search answer.
struct SearchAnswer: Decodable {
    struct Count: Decodable {
        var owner: String
        var reads: Int
        var hit: Bool?
    }
    struct CoSignature: Decodable {
        var id: String
        var status: String
        var owners: [String]
    }
    var logIndex: Int
    var outcome: String
    var decisions: [Decision]
    var counts: [Count]
    var reads: [ReadView]
    var coSignature: CoSignature?

    func decision(_ owner: AgencyID) -> Decision? { decisions.first { $0.owner == owner } }
    func owners() -> Set<AgencyID> { Set(reads.map(\.owner)) }

    static func decode(_ response: TestResponse) throws -> SearchAnswer {
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return try JSONDecoder().decode(SearchAnswer.self, from: Data(response.body.readableBytesView))
    }
}

extension TestClientProtocol {
    /// POST /v1/searches as the holder of `token`.
    func search(_ token: String, _ body: ByteBuffer) async throws -> SearchAnswer {
        try await execute(uri: "/v1/searches", method: .post, headers: HTTP.headers(bearer: token), body: body) {
            try SearchAnswer.decode($0)
        }
    }

    /// A JSON request whose answer's status is returned with its decoded body.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, _ body: [String: Any]? = nil
    ) async throws
        -> (HTTPResponse.Status, [String: Any])
    {
        try await execute(
            uri: uri, method: method, headers: HTTP.headers(bearer: token), body: body.map(HTTP.json)
        ) { response in
            let object =
                response.body.readableBytes == 0
                ? [:]
                : ((try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
                    ?? [:])
            return (response.status, object)
        }
    }
}
