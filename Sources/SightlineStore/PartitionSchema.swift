import Foundation
internal import GRDB
import SightlineCore
import SightlineKeys

/// The layout of one partition file. Columns are integers where they can be: times relative to
/// the partition's midnight (4 bytes, not 6), coordinates in micro-degrees, confidences in
/// thousandths, and the plate and the camera/owner pair dictionary-encoded, so that a read costs
/// far fewer bytes than a row in a general-purpose schema.
enum PartitionSchema {
    static let version = 3

    static let statements = [
        sealedPlateTable,
        """
        CREATE TABLE source(
          id INTEGER PRIMARY KEY,
          camera TEXT NOT NULL,
          owner TEXT NOT NULL,
          UNIQUE(camera, owner))
        """,
        """
        CREATE TABLE read(
          id INTEGER PRIMARY KEY,
          plate INTEGER NOT NULL,
          source INTEGER NOT NULL,
          t INTEGER NOT NULL,
          raw TEXT,
          region TEXT,
          region_conf INTEGER,
          conf INTEGER NOT NULL,
          lat INTEGER NOT NULL,
          lon INTEGER NOT NULL,
          direction INTEGER,
          make TEXT, model TEXT, color TEXT, type TEXT,
          candidates TEXT)
        """,
        "CREATE INDEX read_plate_t ON read(plate, t)",
        "CREATE INDEX read_source_t ON read(source, t)",
        candidateTable,
        """
        CREATE TABLE image(
          read INTEGER NOT NULL,
          kind INTEGER NOT NULL,
          bytes BLOB NOT NULL,
          PRIMARY KEY(read, kind)) WITHOUT ROWID
        """,
    ]

    /// The day's plate dictionary, each plate sealed with the day's key (schema version 3): the
    /// file holds no plate in the clear, and lookups by text go through the in-memory maps
    /// built from it when the partition opens.
    static let sealedPlateTable = """
        CREATE TABLE plate(
          id INTEGER PRIMARY KEY,
          sealed BLOB NOT NULL)
        """

    /// Every OCR candidate reading of a read, by plate, so that tolerant searches find a read by
    /// any of its readings through the plate dictionary.
    static let candidateTable = """
        CREATE TABLE candidate(
          plate INTEGER NOT NULL,
          read INTEGER NOT NULL,
          PRIMARY KEY(plate, read)) WITHOUT ROWID
        """

    static func currentVersion(_ db: Database) throws -> Int { try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }

    /// Creates or upgrades the file; returns whether plaintext was sealed in place (the caller
    /// then vacuums, so no copy of it stays in free pages).
    static func create(_ db: Database, sealer: Sealer) throws -> Bool {
        let current = try currentVersion(db)
        if current == version { return false }
        switch current {
        case 0:
            for sql in statements { try db.execute(sql: sql) }
            try db.execute(sql: "PRAGMA user_version = \(version)")
            return false
        case 1, 2:
            if current == 1 { try addCandidates(db) }
            try seal(db, sealer)
            try db.execute(sql: "PRAGMA user_version = \(version)")
            return true
        default:
            throw StoreError.corrupt("partition schema version \(current) is newer than this build (\(version))")
        }
    }

    /// Versions 1 and 2 kept plates, raw text, candidate readings and images in the clear.
    private static func seal(_ db: Database, _ sealer: Sealer) throws {
        try db.execute(sql: sealedPlateTable.replacingOccurrences(of: "TABLE plate(", with: "TABLE plate_sealed("))
        for row in try Row.fetchAll(db, sql: "SELECT id, text FROM plate") {
            try db.execute(
                sql: "INSERT INTO plate_sealed(id, sealed) VALUES (?, ?)",
                arguments: [row[0] as Int64, try sealer.seal(row[1] as String)])
        }
        try db.execute(sql: "DROP TABLE plate")
        try db.execute(sql: "ALTER TABLE plate_sealed RENAME TO plate")
        for column in ["raw", "candidates"] {
            for row in try Row.fetchAll(db, sql: "SELECT id, \(column) FROM read WHERE \(column) IS NOT NULL") {
                try db.execute(
                    sql: "UPDATE read SET \(column) = ? WHERE id = ?",
                    arguments: [try sealer.seal(row[1] as String), row[0] as Int64])
            }
        }
        for row in try Row.fetchAll(db, sql: "SELECT read, kind, bytes FROM image") {
            try db.execute(
                sql: "UPDATE image SET bytes = ? WHERE read = ? AND kind = ?",
                arguments: [try sealer.seal(row[2] as Data), row[0] as Int64, row[1] as Int64])
        }
    }

    /// Version 1 kept candidate readings only as text in the read row: index them.
    private static func addCandidates(_ db: Database) throws {
        try db.execute(sql: candidateTable)
        var plates: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, text FROM plate") { plates[row[1]] = row[0] }
        var next = (plates.values.max() ?? 0) + 1
        let rows = try Row.fetchAll(db, sql: "SELECT id, candidates FROM read WHERE candidates IS NOT NULL")
        for row in rows {
            let read: Int64 = row[0]
            for candidate in CandidateCodec.decode(row[1]) {
                let id: Int64
                if let known = plates[candidate.plate] {
                    id = known
                } else {
                    id = next
                    next += 1
                    plates[candidate.plate] = id
                    try db.execute(
                        sql: "INSERT INTO plate(id, text, folded) VALUES (?, ?, ?)",
                        arguments: [id, candidate.plate, Plate.fold(candidate.plate)])
                }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO candidate(plate, read) VALUES (?, ?)", arguments: [id, read])
            }
        }
    }
}

/// Fixed-point encodings shared by the writer, the reader and the tests.
enum Quantize {
    static func microdegrees(_ degrees: Double) -> Int64 { Int64((degrees * 1_000_000).rounded()) }
    static func degrees(_ micro: Int64) -> Double { Double(micro) / 1_000_000 }
    static func permille(_ confidence: Double) -> Int64 { Int64((confidence * 1000).rounded()) }
    static func confidence(_ permille: Int64) -> Double { Double(permille) / 1000 }
}
