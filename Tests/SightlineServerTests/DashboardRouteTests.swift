import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineAudit
import SightlineCore
import SightlineDashboard
import SightlineServer
import Testing

@Suite("Dashboard files and the API behind them")
struct DashboardRouteTests {
    @Test("the dashboard is served from the package, under a policy that forbids loading anything from elsewhere")
    func files() async throws {
        let fixture = try ServerFixture()
        let paths = Dashboard.shipped.paths
        #expect(paths.contains("index.html") && paths.contains("js/main.js"))
        try await fixture.test { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true)
            }
            for path in paths {
                try await client.execute(uri: "/app/\(path)", method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    let text = String(buffer: response.body)
                    // The only absolute URL allowed is the SVG namespace, which is a name, not a fetch.
                    let external = text.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
                    #expect(!external.contains("http://") && !external.contains("https://"), "\(path) refers outside")
                }
            }
            try await client.execute(uri: "/app/js/missing.js", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/app/../Package.swift", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test("each agency's users see their own cameras with read rates, and who they are")
    func camerasAndMe() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/v1/me", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/me", method: .get, headers: HTTP.headers(bearer: fixture.cityToken)) {
                let me = try HTTP.object($0)
                #expect((me["user"] as? [String: Any])?["id"] as? String == "ada")
                #expect((me["agency"] as? [String: Any])?["id"] as? String == "city-pd")
                #expect((me["purposes"] as? [String])?.contains("stolen-vehicle") == true)
            }
            let reads = ["reads": [HTTP.read("7ABC123"), HTTP.read("7ABC124"), HTTP.read("7ABC125")]]
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey), body: HTTP.json(reads)
            ) { #expect($0.status == .created) }
            for (token, camera, rate) in [(fixture.cityToken, "city-01", 0.6), (fixture.countyToken, "county-01", 0)] {
                try await client.execute(uri: "/v1/cameras", method: .get, headers: HTTP.headers(bearer: token)) {
                    let cameras = try #require(try HTTP.object($0)["cameras"] as? [[String: Any]])
                    #expect(cameras.count == 1)
                    #expect((cameras.first?["camera"] as? [String: Any])?["id"] as? String == camera)
                    #expect(cameras.first?["readsPerMinute"] as? Double == rate)
                }
            }
            try await client.execute(uri: "/v1/map", method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    @Test("only an agency's administrator lists its users, replaces its device keys and runs the misuse detectors")
    func administration() async throws {
        let fixture = try ServerFixture()
        let actor = Actor.localOperator("test")
        try fixture.sightline.catalog.add(
            User(id: "cam", agency: ServerFixture.city, name: "City Admin", role: .agencyAdministrator), by: actor)
        let admin = try fixture.sightline.catalog.issueToken(for: "cam", by: actor)
        try await fixture.test { client in
            let investigator = HTTP.headers(bearer: fixture.cityToken)
            let administrator = HTTP.headers(bearer: admin)
            try await client.execute(uri: "/v1/users", method: .get, headers: investigator) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/users", method: .get, headers: administrator) {
                let users = try #require(try HTTP.object($0)["users"] as? [[String: Any]])
                let ids = users.compactMap { ($0["user"] as? [String: Any])?["id"] as? String }
                #expect(Set(ids) == ["ada", "cam"])
                #expect(users.allSatisfy { $0["locked"] as? Bool == false })
            }
            // The county's camera is not ours to re-key; our own is.
            try await client.execute(uri: "/v1/cameras/county-01/keys", method: .post, headers: administrator) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/cameras/city-01/keys", method: .post, headers: investigator) {
                #expect($0.status == .forbidden)
            }
            let newKey = try await client.execute(
                uri: "/v1/cameras/city-01/keys", method: .post, headers: administrator
            ) {
                #expect($0.status == .created)
                return try #require(try HTTP.object($0)["deviceKey"] as? String)
            }
            let batch = HTTP.json(["reads": [HTTP.read("7ABC123")]])
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: fixture.cityKey), body: batch
            ) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/v1/reads", method: .post, headers: HTTP.headers(bearer: newKey), body: batch
            ) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/v1/log/findings", method: .get, headers: investigator) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/log/findings", method: .get, headers: administrator) {
                #expect($0.status == .ok)
                let entries = try HTTP.object($0)["entries"] as? Int
                #expect((entries ?? 0) > 0)
            }
        }
        let changes = try fixture.sightline.catalog.logEntries(limit: 1000).compactMap { $0.body.change }
        #expect(changes.contains { $0.action == "camera.key-issue" && $0.actor == "cam" })
    }

    @Test("log entries carry their exact bytes, so a browser can hash each leaf itself")
    func entriesCarryTheirBytes() async throws {
        let fixture = try ServerFixture()
        let actor = Actor.localOperator("test")
        try fixture.sightline.catalog.add(
            User(id: "aud", agency: ServerFixture.city, name: "Aud", role: .auditor), by: actor)
        let auditor = try fixture.sightline.catalog.issueToken(for: "aud", by: actor)
        try await fixture.test { client in
            try await client.execute(
                uri: "/v1/log/entries?start=0&end=100", method: .get, headers: HTTP.headers(bearer: auditor)
            ) {
                let entries = try #require(try HTTP.object($0)["entries"] as? [[String: Any]])
                let visible = entries.filter { $0["text"] != nil }
                #expect(!visible.isEmpty)
                #expect(visible.count < entries.count)  // the county's entries stay hashes
                for entry in visible {
                    let text = try #require(entry["text"] as? String)
                    let hash = Data(Merkle.leafHash(Array(text.utf8))).base64EncodedString()
                    #expect(hash == entry["leafHash"] as? String)
                }
            }
        }
    }
}
