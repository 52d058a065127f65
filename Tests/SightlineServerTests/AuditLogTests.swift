import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineAudit
import SightlineCore
import SightlineServer
import Testing

@Suite("Tamper-evident log")
struct AuditLogTests {
    /// A log with searches, a timeline, changes, sign-in attempts and reads of the log.
    static func busyLog() async throws -> PolicyWorld {
        let world = try await PolicyWorld()
        try await world.fixture.test { client in
            _ = try await client.search(world.token("ca-city"), PolicyWorld.search(for: "ca-city"))
            _ = try await client.search(world.token("ca-county"), PolicyWorld.search(for: "ca-county"))
            _ = try await client.send(
                .get,
                "/v1/plates/7ABC123/timeline?purpose=stolen-vehicle&case=C-1&justification=Stolen%20from%20Main%20St&onBehalfOf=ca-city",
                token: world.token("ca-city"))
            _ = try await client.send(
                .post, "/v1/grants", token: world.token("ca-city", .agencyAdministrator),
                [
                    "recipient": "ca-county", "purposes": ["stolen-vehicle"], "kinds": ["search"],
                    "expiry": Timestamp.now.adding(milliseconds: 86_400_000).rfc3339,
                ])
            _ = try await client.send(
                .post, "/v1/sessions", token: nil,
                ["user": "ca-city-investigator", "password": "wrong password", "code": "000000"])
            _ = try await client.send(.get, "/v1/log", token: world.token("ca-city", .auditor))
        }
        return world
    }

    @Test("every event class lands in the tree, and the tree is the RFC 9162 tree of the entries")
    func everyEventInTheTree() async throws {
        let world = try await Self.busyLog()
        let catalog = world.sightline.catalog
        let entries = try catalog.entries(from: 0, to: .max)
        let records = try entries.map { try JSONDecoder().decode(LogRecord.self, from: Data($0.entry.utf8)) }
        let kinds = Set(records.map(\.kind))
        #expect(kinds.isSuperset(of: ["search", "timeline", "change", "login"]))
        let actions = Set(records.compactMap(\.change?.action))
        #expect(actions.isSuperset(of: ["agency.add", "camera.add", "user.add", "grant.issue", "log.read"]))
        let head = try catalog.treeHead()
        #expect(head.size == Int64(entries.count))
        #expect(head.root == Merkle.root(of: entries.map { Merkle.leafHash(Array($0.entry.utf8)) }[...]))
        // Every earlier size's root matches too: the stored nodes never change under later appends.
        for size in [1, 2, 7, entries.count / 2, entries.count - 1] {
            #expect(
                try catalog.treeHead(size: Int64(size)).root
                    == Merkle.root(of: entries.prefix(size).map { Merkle.leafHash(Array($0.entry.utf8)) }[...]))
        }
    }

    @Test("batched appends build exactly the tree single appends do, across batch boundaries")
    func batches() throws {
        let fixture = try ServerFixture()
        let catalog = fixture.sightline.catalog
        let before = try catalog.treeHead().size
        var sizes = [1, 2, 3, 7, 8, 13, 64, 5]
        var written = 0
        while let size = sizes.first {
            sizes.removeFirst()
            let records = (0..<size).map { i in
                LogRecord.login(
                    LoginRecord(
                        time: Timestamp(seconds: Int64(written + i)), user: UserID("u\(written + i)"),
                        agency: "city-pd", outcome: .badPassword))
            }
            try catalog.append(records)
            written += size
            let entries = try catalog.entries(from: 0, to: .max)
            #expect(Int64(entries.count) == before + Int64(written))
            #expect(
                try catalog.treeHead().root
                    == Merkle.root(of: entries.map { Merkle.leafHash(Array($0.entry.utf8)) }[...]))
        }
    }

    @Test("a search's log index is provably in the signed checkpoint; checkpoints are provably consistent")
    func proofsOverHTTP() async throws {
        let world = try await Self.busyLog()
        try await world.fixture.test { client in
            let key = try await client.execute(uri: "/.well-known/sightline-log-key", method: .get) {
                String(buffer: $0.body)
            }
            let verifier = try NoteVerifier(verifierKey: key)
            let first = try verifier.verify(
                try await client.execute(uri: "/v1/log/checkpoint", method: .get) { String(buffer: $0.body) })
            let answer = try await client.search(world.token("ca-city"), PolicyWorld.search(for: "ca-city"))
            let second = try verifier.verify(
                try await client.execute(uri: "/v1/log/checkpoint", method: .get) { String(buffer: $0.body) })
            #expect(second.size > first.size)

            let proof = try await client.execute(
                uri: "/v1/log/proof/inclusion?index=\(answer.logIndex)&size=\(second.size)", method: .get
            ) { try JSONDecoder().decode(ProofJSON.self, from: Data($0.body.readableBytesView)) }
            let entry = try #require(
                try world.sightline.catalog.entries(from: Int64(answer.logIndex), to: Int64(answer.logIndex) + 1).first)
            #expect(entry.entry.contains("\"7ABC123\""))
            #expect(
                Merkle.verifyInclusion(
                    leaf: Merkle.leafHash(Array(entry.entry.utf8)), index: Int64(answer.logIndex), size: second.size,
                    proof: proof.decoded, root: second.root))

            let consistency = try await client.execute(
                uri: "/v1/log/proof/consistency?from=\(first.size)&to=\(second.size)", method: .get
            ) { try JSONDecoder().decode(ProofJSON.self, from: Data($0.body.readableBytesView)) }
            #expect(
                Merkle.verifyConsistency(
                    oldSize: first.size, newSize: second.size, oldRoot: first.root, newRoot: second.root,
                    proof: consistency.decoded))
        }
    }

    @Test("entries: the caller's agency's in full, others' as leaf hashes only; the read itself is logged")
    func entriesAreScoped() async throws {
        let world = try await Self.busyLog()
        try await world.fixture.test { client in
            let body = try await client.execute(
                uri: "/v1/log/entries?start=0&end=1000", method: .get,
                headers: HTTP.headers(bearer: world.token("ca-county", .auditor))
            ) { try JSONDecoder().decode(EntriesJSON.self, from: Data($0.body.readableBytesView)) }
            let visible = body.entries.compactMap(\.entry)
            #expect(!visible.isEmpty)
            #expect(visible.allSatisfy { $0.actorAgency == "ca-county" || $0.subjectAgency == "ca-county" })
            #expect(body.entries.contains { $0.entry == nil })
            #expect(body.entries.allSatisfy { $0.leafHash.count == 44 })
            let (forbidden, _) = try await client.send(
                .get, "/v1/log/entries", token: world.token("ca-county", .officer))
            #expect(forbidden == .forbidden)
        }
        let reads = try world.sightline.catalog.logEntries(limit: 10_000).compactMap(\.body.change).filter {
            $0.action == "log.read"
        }
        #expect(reads.contains { $0.actor == "ca-county-auditor" && $0.after?.hasPrefix("entries") == true })
    }

    @Test("the tree and its checkpoints survive closing and reopening the data directory")
    func durable() async throws {
        let world = try await Self.busyLog()
        let note = try world.sightline.audit.checkpoint()
        let reopened = try Sightline.open(dataDirectory: world.fixture.directory)
        let checkpoint = try NoteVerifier(verifierKey: reopened.audit.verifierKey).verify(note)
        #expect(try reopened.catalog.treeHead().root == checkpoint.root)
        #expect(try reopened.audit.checkpoint() == note)
        let attributes = try FileManager.default.attributesOfItem(
            atPath: world.fixture.directory.appendingPathComponent("log-signing-key.json").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}

struct ProofJSON: Decodable {
    var hashes: [String]
    var decoded: [Merkle.Hash] { hashes.map { Array(Data(base64Encoded: $0)!) } }
}

struct EntriesJSON: Decodable {
    struct Entry: Decodable {
        var index: Int64
        var leafHash: String
        var entry: LogRecord?
    }
    var entries: [Entry]
}
