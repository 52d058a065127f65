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
        }
        pool = try DatabasePool(path: path.path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE agency(id TEXT PRIMARY KEY, body TEXT NOT NULL);
                    CREATE TABLE camera(id TEXT PRIMARY KEY, owner TEXT NOT NULL REFERENCES agency(id), body TEXT NOT NULL);
                    CREATE INDEX camera_owner ON camera(owner);
                    CREATE TABLE device_key(digest TEXT PRIMARY KEY, camera TEXT NOT NULL REFERENCES camera(id),
                                            created INTEGER NOT NULL, revoked INTEGER);
                    CREATE TABLE user(id TEXT PRIMARY KEY, agency TEXT NOT NULL REFERENCES agency(id), body TEXT NOT NULL);
                    CREATE TABLE user_token(digest TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES user(id),
                                            created INTEGER NOT NULL, revoked INTEGER);
                    CREATE TABLE log(idx INTEGER PRIMARY KEY, time INTEGER NOT NULL, kind TEXT NOT NULL,
                                     agency TEXT NOT NULL, on_behalf_of TEXT NOT NULL, body TEXT NOT NULL);
                    CREATE INDEX log_agency ON log(agency, idx);
                    CREATE TRIGGER log_no_update BEFORE UPDATE ON log
                      BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
                    CREATE TRIGGER log_no_delete BEFORE DELETE ON log
                      BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
                    """)
        }
        return migrator
    }

    // MARK: Agencies

    public func add(_ agency: Agency) throws {
        try pool.write { db in
            try insertUnique(
                db, "INSERT INTO agency(id, body) VALUES (?, ?)", [agency.id.rawValue, try encode(agency)],
                what: "agency \(agency.id)")
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

    public func add(_ camera: Camera) throws {
        try pool.write { db in
            try requireAgency(camera.owner, db)
            try insertUnique(
                db, "INSERT INTO camera(id, owner, body) VALUES (?, ?, ?)",
                [camera.id.rawValue, camera.owner.rawValue, try encode(camera)], what: "camera \(camera.id)")
        }
    }

    public func cameras(ownedBy owner: AgencyID? = nil) throws -> [Camera] {
        try bodies(Camera.self, from: "camera", where: "owner", is: owner?.rawValue)
    }

    /// Issues a new device key for a camera. The key is returned once and only its digest is kept.
    public func issueDeviceKey(for camera: CameraID) throws -> String {
        let key = Secret.generate(prefix: "slk_")
        try pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM camera WHERE id = ?", arguments: [camera.rawValue]) != nil
            else { throw SightlineError(.notFound, "no camera \(camera)") }
            try db.execute(
                sql: "INSERT INTO device_key(digest, camera, created) VALUES (?, ?, ?)",
                arguments: [Secret.digest(key), camera.rawValue, Timestamp.now.milliseconds])
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
    public func revokeDeviceKeys(of camera: CameraID) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE device_key SET revoked = ? WHERE camera = ? AND revoked IS NULL",
                arguments: [Timestamp.now.milliseconds, camera.rawValue])
        }
    }

    // MARK: Users

    public func add(_ user: User) throws {
        try pool.write { db in
            try requireAgency(user.agency, db)
            try insertUnique(
                db, "INSERT INTO user(id, agency, body) VALUES (?, ?, ?)",
                [user.id.rawValue, user.agency.rawValue, try encode(user)], what: "user \(user.id)")
        }
    }

    /// Issues a bearer token for a user, returned once; only its digest is kept.
    public func issueToken(for user: UserID) throws -> String {
        let token = Secret.generate(prefix: "slt_")
        try pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM user WHERE id = ?", arguments: [user.rawValue]) != nil
            else { throw SightlineError(.notFound, "no user \(user)") }
            try db.execute(
                sql: "INSERT INTO user_token(digest, user, created) VALUES (?, ?, ?)",
                arguments: [Secret.digest(token), user.rawValue, Timestamp.now.milliseconds])
        }
        return token
    }

    public func user(forToken token: String) throws -> User? {
        try pool.read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT u.body FROM user_token t JOIN user u ON u.id = t.user
                    WHERE t.digest = ? AND t.revoked IS NULL
                    """, arguments: [Secret.digest(token)]
            ).map { try decode(User.self, $0) }
        }
    }

    /// Revokes every token of a user.
    public func revokeTokens(of user: UserID) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE user_token SET revoked = ? WHERE user = ? AND revoked IS NULL",
                arguments: [Timestamp.now.milliseconds, user.rawValue])
        }
    }

    public func users(of agency: AgencyID? = nil) throws -> [User] {
        try bodies(User.self, from: "user", where: "agency", is: agency?.rawValue)
    }

    // MARK: Helpers

    /// Decoded rows of a table, all of them or those whose `column` equals `value`.
    private func bodies<T: Decodable>(
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

    private func requireAgency(_ id: AgencyID, _ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM agency WHERE id = ?", arguments: [id.rawValue]) != nil else {
            throw SightlineError(.notFound, "no agency \(id)")
        }
    }

    private func insertUnique(_ db: Database, _ sql: String, _ arguments: StatementArguments, what: String) throws {
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
