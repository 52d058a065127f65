public import Logging
public import PostgresNIO
public import SightlineCore
public import SightlineKeys

/// The `ReadStore` on PostgreSQL, for networks that outgrow one embedded store. It passes the
/// same conformance suite as the embedded store.
///
/// The client is a connection pool that its owner runs (`client.run()`, in the server's service
/// group); call ``migrate()`` once it runs, before anything else.
public struct PostgresReadStore: ReadStore {
    public let client: PostgresClient
    /// The days' keys, kept apart from the database (every Sightline server of one deployment
    /// needs the same directory).
    public let keys: PartitionKeys
    let logger: Logger
    let dictionaries = PlateDictionaries()

    public init(client: PostgresClient, keys: PartitionKeys, logger: Logger = Logger(label: "sightline.postgres")) {
        self.client = client
        self.keys = keys
        self.logger = logger
    }

    /// The day's sealer; nil when its key was destroyed (the day is then unreadable by design).
    func sealer(for day: Int, create: Bool = false) throws -> Sealer? {
        try keys.key(for: day, create: create).map(Sealer.init(key:))
    }

    /// A client for a `postgres://user:password@host:port/database` URL (TLS off: loopback or a
    /// private network; put TLS in the URL's host side with a proxy otherwise).
    public static func client(
        url: String, logger: Logger = Logger(label: "sightline.postgres")
    ) throws
        -> PostgresClient
    {
        PostgresClient(configuration: try PostgresURL(url).configuration, backgroundLogger: logger)
    }

    /// Applies the migrations this build knows and the database has not seen, each in its own
    /// transaction; refuses a database migrated by a newer build.
    public func migrate() async throws {
        try await client.query(
            "CREATE TABLE IF NOT EXISTS sightline_migrations (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())",
            logger: logger)
        // One migrator at a time across processes.
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7349001)", logger: logger)
            var applied = Set<Int>()
            for try await version in try await connection.query(
                "SELECT version FROM sightline_migrations", logger: logger
            ).decode(Int.self) {
                applied.insert(version)
            }
            let known = PostgresSchema.migrations.map(\.version).max() ?? 0
            if let newest = applied.max(), newest > known {
                throw SightlineError(
                    .conflict, "the database schema is version \(newest), newer than this build (\(known))")
            }
            for migration in PostgresSchema.migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO sightline_migrations (version) VALUES (\(migration.version))", logger: logger)
            }
        }
    }

    public func partitions() async throws -> [PartitionSummary] {
        var summaries: [PartitionSummary] = []
        for day in try await days() {
            let name = PostgresSchema.partitionName("reads", day: day)
            let sizes = PostgresSchema.partitioned.map {
                "pg_total_relation_size('\(PostgresSchema.partitionName($0, day: day))')"
            }
            let rows = try await client.query(
                PostgresQuery(unsafeSQL: "SELECT count(*), \(sizes.joined(separator: " + ")) FROM \(name)"),
                logger: logger)
            for try await (count, bytes) in rows.decode((Int, Int).self) {
                summaries.append(PartitionSummary(partition: day, reads: count, bytes: bytes))
            }
        }
        return summaries
    }

    public func dailyCounts(of owner: AgencyID, in window: TimeWindow) async throws -> [DayCount] {
        let days = try await days().filter { (window.from.compactDate...window.to.compactDate).contains($0) }
        guard !days.isEmpty else { return [] }
        var counts: [Int: Int] = [:]
        let rows = try await client.query(
            "SELECT day, count(*) FROM reads WHERE owner = \(owner.rawValue) AND day = ANY(\(days)) GROUP BY day",
            logger: logger)
        for try await (day, count) in rows.decode((Int, Int).self) { counts[day] = count }
        return days.map { DayCount(day: $0, count: counts[$0] ?? 0) }
    }

    public func dropPartition(_ partition: Int) async throws {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Int64(partition)))", logger: logger)
            guard try await Self.days(connection, logger: logger).contains(partition) else {
                throw SightlineError(.notFound, "no partition \(partition)")
            }
            let tables = PostgresSchema.partitioned.map { PostgresSchema.partitionName($0, day: partition) }
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP TABLE \(tables.joined(separator: ", "))"), logger: logger)
        }
        // The tables first, then the key: any copy of the day taken before (a dump, a standby,
        // WAL not yet recycled) is then sealed with a key that no longer exists.
        try keys.destroy(day: partition)
        dictionaries.forget(partition)
    }

    /// The days that have a partition, oldest first.
    func days() async throws -> [Int] {
        try await client.withConnection { try await Self.days($0, logger: logger) }
    }

    static func days(_ connection: PostgresConnection, logger: Logger) async throws -> [Int] {
        let rows = try await connection.query(
            """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'reads'::regclass
            """, logger: logger)
        var days: [Int] = []
        for try await name in rows.decode(String.self) {
            if let day = Int(name.dropFirst("reads_".count)) { days.append(day) }
        }
        return days.sorted()
    }
}

extension PostgresReadStore {
    /// A transaction whose own errors (a missing partition, a conflict) reach the caller as
    /// thrown, not wrapped in postgres-nio's transaction error.
    func transaction<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await client.withTransaction(logger: logger) { try await body($0) }
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError { throw cause }
            throw error
        }
    }
}

extension PostgresReadStore {
    /// Runs `body` with a migrated store on `url` whose connection pool runs beside it, and stops
    /// the pool when `body` returns: for a command, a benchmark or a test; the server runs the
    /// same pool for its whole life.
    public static func withStore<Result: Sendable>(
        url: String, keys: PartitionKeys, logger: Logger = Logger(label: "sightline.postgres"),
        _ body: (PostgresReadStore) async throws -> Result
    ) async throws -> Result {
        let client = try client(url: url, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let store = PostgresReadStore(client: client, keys: keys, logger: logger)
            try await store.migrate()
            return try await body(store)
        }
    }
}
