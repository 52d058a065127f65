import Foundation
internal import GRDB
internal import GRDBSQLite

/// Direct column reads for the search path. GRDB's `Row` looks each column up, checks its type
/// and boxes it; a stakeout scene decodes hundreds of rows, and that per-column work was most
/// of its time. The statement is one GRDB prepared and bound; this only steps it.
struct Columns {
    let statement: SQLiteStatement
    let db: Database

    init(_ statement: Statement, _ db: Database) {
        self.statement = statement.sqliteStatement
        self.db = db
    }

    /// Advances to the next row; false when there is none, and the statement is then reset.
    func next() throws -> Bool {
        let code = sqlite3_step(statement)
        if code == SQLITE_ROW { return true }
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        return false
    }

    /// Ends the statement's read, also when decoding stopped early: an unfinished statement
    /// keeps its snapshot open and holds back checkpoints.
    func reset() { sqlite3_reset(statement) }

    @inline(__always) func isNull(_ index: Int32) -> Bool { sqlite3_column_type(statement, index) == SQLITE_NULL }

    @inline(__always) func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }

    @inline(__always) func int64OrNil(_ index: Int32) -> Int64? { isNull(index) ? nil : int64(index) }

    @inline(__always) func text(_ index: Int32) -> String {
        guard let bytes = sqlite3_column_text(statement, index) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    @inline(__always) func textOrNil(_ index: Int32) -> String? { isNull(index) ? nil : text(index) }

    @inline(__always) func blobOrNil(_ index: Int32) -> Data? {
        guard !isNull(index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count > 0, let bytes = sqlite3_column_blob(statement, index) else { return Data() }
        return Data(bytes: bytes, count: count)
    }
}
