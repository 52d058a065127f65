import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineCore
import SightlineIdentity
import SightlineServer
import SightlineStore
import Testing

@Suite("Identity over HTTP")
struct IdentityRouteTests {
    static let password = "correct horse battery staple"

    /// A fixture with an agency administrator who enrols an investigator through the API.
    static func enrolled() async throws -> (ServerFixture, adminToken: String, secret: [UInt8]) {
        let fixture = try ServerFixture()
        let actor = Actor.localOperator("test")
        try fixture.sightline.catalog.add(
            User(id: "city-admin", agency: ServerFixture.city, name: "Admin", role: .agencyAdministrator), by: actor)
        let adminToken = try fixture.sightline.catalog.issueToken(for: "city-admin", by: actor)
        let secret = try await fixture.test { client in
            let (status, body) = try await client.send(
                .post, "/v1/users", token: adminToken,
                [
                    "id": "cy", "agency": "city-pd", "name": "Cy Investigator", "role": "investigator",
                    "password": password,
                ])
            #expect(status == .created)
            let text = try #require(body["totpSecret"] as? String)
            #expect((body["provisioningURI"] as? String)?.hasPrefix("otpauth://totp/") == true)
            return try #require(Base32.decode(text))
        }
        return (fixture, adminToken, secret)
    }

    static func signIn(
        _ client: some TestClientProtocol, password: String, code: String
    ) async throws
        -> (HTTPResponse.Status, [String: Any])
    {
        try await client.send(.post, "/v1/sessions", token: nil, ["user": "cy", "password": password, "code": code])
    }

    @Test("password and TOTP give a session that searches; the code cannot be replayed")
    func signIn() async throws {
        let (fixture, _, secret) = try await Self.enrolled()
        let stored = try #require(try fixture.sightline.catalog.credentials(of: "cy"))
        #expect(stored.passwordHash.hasPrefix("scrypt$"))
        #expect(!stored.passwordHash.contains(Self.password))
        try await fixture.test { client in
            let code = TOTP(secret: secret).code(at: .now)
            let (status, session) = try await Self.signIn(client, password: Self.password, code: code)
            #expect(status == .created)
            let token = try #require(session["token"] as? String)
            #expect(token.hasPrefix("sls_"))
            let answer = try await client.search(
                token, HTTP.json(HTTP.search("7ABC123", onBehalfOf: ServerFixture.city)))
            #expect(answer.decision(ServerFixture.city)?.allows == true)
            let (replayed, _) = try await Self.signIn(client, password: Self.password, code: code)
            #expect(replayed == .unauthorized)
            let (out, _) = try await client.send(.delete, "/v1/sessions", token: token)
            #expect(out == .noContent)
            let (after, _) = try await client.send(.get, "/v1/log", token: token)
            #expect(after == .unauthorized)
        }
        let logins = try fixture.sightline.catalog.logEntries(limit: 1000).compactMap { entry -> LoginRecord? in
            if case .login(let record) = entry.body { return record }
            return nil
        }
        #expect(logins.map(\.outcome) == [.success, .badSecondFactor])
    }

    @Test("five failed sign-ins lock the account until an administrator unlocks it, and the log shows who")
    func lockout() async throws {
        let (fixture, adminToken, secret) = try await Self.enrolled()
        try await fixture.test { client in
            for attempt in 1...5 {
                let (status, _) = try await Self.signIn(client, password: "wrong password \(attempt)", code: "000000")
                #expect(status == (attempt < 5 ? .unauthorized : .forbidden))
            }
            let (locked, body) = try await Self.signIn(
                client, password: Self.password, code: TOTP(secret: secret).code(at: .now))
            #expect(locked == .forbidden)
            #expect(((body["error"] as? [String: Any])?["message"] as? String)?.contains("locked") == true)
            let (unlocked, _) = try await client.send(.post, "/v1/users/cy/unlock", token: adminToken)
            #expect(unlocked == .noContent)
            let (status, _) = try await Self.signIn(
                client, password: Self.password, code: TOTP(secret: secret).code(at: .now))
            #expect(status == .created)
        }
        let changes = try fixture.sightline.catalog.logEntries(limit: 1000).compactMap(\.body.change)
        #expect(changes.contains { $0.action == "user.lock" && $0.subject == "user cy" })
        #expect(changes.contains { $0.action == "user.unlock" && $0.actor == "city-admin" })
    }

    @Test("sessions end after 30 idle minutes and after 12 hours regardless")
    func sessionExpiry() throws {
        let fixture = try ServerFixture()
        let catalog = fixture.sightline.catalog
        let start = Timestamp.now
        let token = try catalog.issueToken(for: "ada", kind: .session, by: .localOperator("test"), now: start)
        #expect(try catalog.token(token, now: start.adding(milliseconds: 29 * 60_000)) != nil)
        #expect(try catalog.token(token, now: start.adding(milliseconds: 58 * 60_000)) != nil)
        #expect(try catalog.token(token, now: start.adding(milliseconds: 89 * 60_000)) == nil)
        let busy = try catalog.issueToken(for: "ada", kind: .session, by: .localOperator("test"), now: start)
        var time = start
        // Used every 29 minutes, it lives until 12 hours (24 uses reach 11 h 36 min) ...
        for _ in 0..<24 {
            time = time.adding(milliseconds: 29 * 60_000)
            #expect(try catalog.token(busy, now: time) != nil)
        }
        // ... and not past them (the 25th use would fall at 12 h 05 min).
        #expect(try catalog.token(busy, now: time.adding(milliseconds: 29 * 60_000)) == nil)
    }

    @Test("API tokens are scoped and revocable; secrets never reach the log")
    func apiTokens() async throws {
        let (fixture, adminToken, _) = try await Self.enrolled()
        try await fixture.test { client in
            let (status, body) = try await client.send(
                .post, "/v1/users/cy/tokens", token: adminToken, ["scopes": ["log"]])
            #expect(status == .created)
            let token = try #require(body["token"] as? String)
            let (search, _) = try await client.send(
                .post, "/v1/searches", token: token, HTTP.search("7ABC123", onBehalfOf: ServerFixture.city))
            #expect(search == .forbidden)
            let (log, _) = try await client.send(.get, "/v1/log", token: token)
            #expect(log == .ok)
            let (revoked, _) = try await client.send(.delete, "/v1/users/cy/tokens", token: adminToken)
            #expect(revoked == .noContent)
            let (after, _) = try await client.send(.get, "/v1/log", token: token)
            #expect(after == .unauthorized)
            let (badScope, _) = try await client.send(
                .post, "/v1/users/cy/tokens", token: adminToken, ["scopes": ["everything"]])
            #expect(badScope == .badRequest)
            // Someone else's administrator cannot touch this agency's users.
            let (foreign, _) = try await client.send(.post, "/v1/users/cy/unlock", token: fixture.countyToken)
            #expect(foreign == .forbidden)
        }
        let log = try fixture.sightline.catalog.logEntries(limit: 1000)
        let text = String(decoding: try JSONEncoder().encode(log), as: UTF8.self)
        #expect(!text.contains("slt_"))
        #expect(!text.contains("slk_"))
        #expect(!text.contains(Self.password))
    }
}
