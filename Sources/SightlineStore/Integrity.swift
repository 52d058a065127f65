import GRDB

/// SQLite's own consistency check of a database file: "ok", or what is wrong.
func integrityProblems(_ pool: DatabasePool, name: String) throws -> [String] {
    try pool.read { db in
        try String.fetchAll(db, sql: "PRAGMA integrity_check")
    }.filter { $0 != "ok" }.map { "\(name): \($0)" }
}

extension Catalog {
    /// Problems SQLite finds in the catalog file (empty when it is sound).
    public func integrityProblems() throws -> [String] {
        try SightlineStore.integrityProblems(pool, name: "catalog")
    }
}

extension EmbeddedReadStore {
    /// Problems SQLite finds in any partition file (empty when all are sound).
    public func integrityProblems() throws -> [String] {
        try openPartitions().flatMap { day, partition in
            try SightlineStore.integrityProblems(partition.pool, name: "partition \(day)")
        }
    }
}
