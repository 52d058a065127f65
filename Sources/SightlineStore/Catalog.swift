public import Foundation
internal import GRDB
public import SightlineCore

/// Agencies, cameras, users and their secrets, and the append-only log, in one SQLite file
/// beside the read partitions. One file, so that a change and its log record commit together.
public final class Catalog: Sendable {
    let pool: DatabasePool

    public init(path: URL) throws {
        try FileManager.default.createDirectory(
            at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // The log and its Merkle nodes grow by every event; as with read partitions, a larger
            // cache and fewer, larger checkpoints keep appends from faulting pages in and out.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
        }
        pool = try DatabasePool(path: path.path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    // MARK: Agencies

    public func add(_ agency: Agency, by actor: Actor) throws {
        try pool.write { db in
            try insertUnique(
                db, "INSERT INTO agency(id, body) VALUES (?, ?)", [agency.id.rawValue, try encode(agency)],
                what: "agency \(agency.id)")
            try logChange(
                db, actor, "agency.add", agency: agency.id, subject: "agency \(agency.id)", before: nil, after: agency)
        }
    }

    public func agencies() throws -> [Agency] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM agency ORDER BY id").map { try decode(Agency.self, $0) }
        }
    }

    public func agency(_ id: AgencyID) throws -> Agency? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM agency WHERE id = ?", arguments: [id.rawValue])
                .map { try decode(Agency.self, $0) }
        }
    }

    // MARK: Cameras

    public func add(_ camera: Camera, by actor: Actor) throws {
        try pool.write { db in
            try requireAgency(camera.owner, db)
            try insertUnique(
                db, "INSERT INTO camera(id, owner, body) VALUES (?, ?, ?)",
                [camera.id.rawValue, camera.owner.rawValue, try encode(camera)], what: "camera \(camera.id)")
            try logChange(
                db, actor, "camera.add", agency: camera.owner, subject: "camera \(camera.id)", before: nil,
                after: camera)
        }
    }

    public func camera(_ id: CameraID) throws -> Camera? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM camera WHERE id = ?", arguments: [id.rawValue])
                .map { try decode(Camera.self, $0) }
        }
    }

    public func cameras(ownedBy owner: AgencyID? = nil) throws -> [Camera] {
        try bodies(Camera.self, from: "camera", where: "owner", is: owner?.rawValue)
    }

    /// Issues a new device key for a camera. The key is returned once and only its digest is kept.
    public func issueDeviceKey(for camera: CameraID, by actor: Actor) throws -> String {
        let key = Secret.generate(prefix: "slk_")
        try pool.write { db in
            guard
                let owner = try String.fetchOne(
                    db, sql: "SELECT owner FROM camera WHERE id = ?", arguments: [camera.rawValue])
            else { throw SightlineError(.notFound, "no camera \(camera)") }
            try db.execute(
                sql: "INSERT INTO device_key(digest, camera, created) VALUES (?, ?, ?)",
                arguments: [Secret.digest(key), camera.rawValue, Timestamp.now.milliseconds])
            // The log names the key by the first characters of its digest, never the key.
            try logChange(
                db, actor, "camera.key-issue", agency: AgencyID(owner), subject: "camera \(camera)", before: nil,
                after: "key digest \(Secret.digest(key).prefix(12))")
        }
        return key
    }

    /// The camera a device key belongs to, if the key is known and not revoked.
    public func camera(forDeviceKey key: String) throws -> Camera? {
        try pool.read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT c.body FROM device_key k JOIN camera c ON c.id = k.camera
                    WHERE k.digest = ? AND k.revoked IS NULL
                    """, arguments: [Secret.digest(key)]
            ).map { try decode(Camera.self, $0) }
        }
    }

    /// Revokes every device key of a camera; they stop authenticating at once.
    public func revokeDeviceKeys(of camera: CameraID, by actor: Actor) throws {
        try pool.write { db in
            guard
                let owner = try String.fetchOne(
                    db, sql: "SELECT owner FROM camera WHERE id = ?", arguments: [camera.rawValue])
            else { throw SightlineError(.notFound, "no camera \(camera)") }
            try db.execute(
                sql: "UPDATE device_key SET revoked = ? WHERE camera = ? AND revoked IS NULL",
                arguments: [Timestamp.now.milliseconds, camera.rawValue])
            if db.changesCount > 0 {
                try logChange(
                    db, actor, "camera.key-revoke", agency: AgencyID(owner), subject: "camera \(camera)",
                    before: "\(db.changesCount) active keys", after: "0 active keys")
            }
        }
    }

    // MARK: Users

    public func add(_ user: User, by actor: Actor) throws {
        try pool.write { db in
            try requireAgency(user.agency, db)
            try insertUnique(
                db, "INSERT INTO user(id, agency, body) VALUES (?, ?, ?)",
                [user.id.rawValue, user.agency.rawValue, try encode(user)], what: "user \(user.id)")
            try logChange(
                db, actor, "user.add", agency: user.agency, subject: "user \(user.id)", before: nil, after: user)
        }
    }

    public func user(_ id: UserID) throws -> User? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM user WHERE id = ?", arguments: [id.rawValue])
                .map { try decode(User.self, $0) }
        }
    }

    /// Changes a user's role.
    public func setRole(_ role: Role, of id: UserID, by actor: Actor) throws -> User {
        try pool.write { db in
            let record = try existingUser(id, db)
            let before = record
            var after = before
            after.role = role
            try db.execute(sql: "UPDATE user SET body = ? WHERE id = ?", arguments: [try encode(after), id.rawValue])
            try logChange(
                db, actor, "user.role", agency: after.agency, subject: "user \(id)", before: before, after: after)
            return after
        }
    }

    public func users(of agency: AgencyID? = nil) throws -> [User] {
        try bodies(User.self, from: "user", where: "agency", is: agency?.rawValue)
    }

    // MARK: Helpers

    /// A user's record inside a transaction, or `notFound`.
    func existingUser(_ id: UserID, _ db: Database) throws -> User {
        guard let body = try String.fetchOne(db, sql: "SELECT body FROM user WHERE id = ?", arguments: [id.rawValue])
        else { throw SightlineError(.notFound, "no user \(id)") }
        return try decode(User.self, body)
    }

    /// Decoded rows of a table, all of them or those whose `column` equals `value`.
    func bodies<T: Decodable>(
        _ type: T.Type, from table: String, where column: String, is value: String?
    )
        throws -> [T]
    {
        try pool.read { db in
            let texts =
                if let value {
                    try String.fetchAll(
                        db, sql: "SELECT body FROM \(table) WHERE \(column) = ? ORDER BY id", arguments: [value])
                } else {
                    try String.fetchAll(db, sql: "SELECT body FROM \(table) ORDER BY id")
                }
            return try texts.map { try decode(type, $0) }
        }
    }

    func requireAgency(_ id: AgencyID, _ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM agency WHERE id = ?", arguments: [id.rawValue]) != nil else {
            throw SightlineError(.notFound, "no agency \(id)")
        }
    }

    func insertUnique(_ db: Database, _ sql: String, _ arguments: StatementArguments, what: String) throws {
        do {
            try db.execute(sql: sql, arguments: arguments)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw SightlineError(.conflict, "\(what) already exists")
        }
    }
}

func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(text.utf8))
}
