internal import GRDB
import SightlineCore

/// The layout of one partition file. Columns are integers where they can be: times relative to
/// the partition's midnight (4 bytes, not 6), coordinates in micro-degrees, confidences in
/// thousandths, and the plate and the camera/owner pair dictionary-encoded, so that a read costs
/// far fewer bytes than a row in a general-purpose schema.
enum PartitionSchema {
    static let version = 2

    static let statements = [
        """
        CREATE TABLE plate(
          id INTEGER PRIMARY KEY,
          text TEXT NOT NULL UNIQUE,
          folded TEXT NOT NULL)
        """,
        "CREATE INDEX plate_folded ON plate(folded)",
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

    /// Every OCR candidate reading of a read, by plate, so that tolerant searches find a read by
    /// any of its readings through the plate dictionary.
    static let candidateTable = """
        CREATE TABLE candidate(
          plate INTEGER NOT NULL,
          read INTEGER NOT NULL,
          PRIMARY KEY(plate, read)) WITHOUT ROWID
        """

    static func create(_ db: Database) throws {
        let current = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if current == version { return }
        switch current {
        case 0:
            for sql in statements { try db.execute(sql: sql) }
        case 1:
            try addCandidates(db)
        default:
            throw StoreError.corrupt("partition schema version \(current) is newer than this build (\(version))")
        }
        try db.execute(sql: "PRAGMA user_version = \(version)")
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
