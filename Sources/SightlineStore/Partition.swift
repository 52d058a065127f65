import Foundation
internal import GRDB
import SightlineCore
import SightlineKeys
import Synchronization

/// One UTC day of reads in its own SQLite file, so that retention can destroy a whole day by
/// removing a file rather than by deleting rows.
final class Partition: Sendable {
    /// `yyyymmdd`.
    let key: Int
    /// Milliseconds since the epoch of the partition's first instant.
    let start: Int64
    let url: URL
    let pool: DatabasePool
    /// The day's key: plates, raw text, candidate readings and images are sealed with it.
    let sealer: Sealer
    /// Dictionaries and the next row id. Only the writer (the store's serial queue) touches it;
    /// the mutex makes that visible to the compiler and is never contended.
    private let writer: Mutex<WriterState>
    /// camera/owner pairs by source id, for readers. Grows before the writer commits, so a reader
    /// never meets a source id it cannot name.
    private let sources: Mutex<[Int64: Source]>
    /// The tolerant-search index, built on the first tolerant search and topped up after.
    let plateIndex = Mutex<PlateIndex?>(nil)
    /// Plate text to dictionary id for searches, published after each commit: an exact search
    /// skips a day that never saw the plate without touching its file, and never waits on the
    /// writer, which holds its own lock through a commit.
    private let published: Mutex<Published>

    struct Published {
        var plates: [String: Int64]
        /// Text by dictionary id (index id - 1; "" for an id destroyed): the file holds plates
        /// sealed, so reads are named from here.
        var names: ContiguousArray<String>
        /// The highest dictionary id published: a search's index is current when it has it.
        var last: Int64

        init(_ plates: [String: Int64]) {
            self.plates = plates
            self.last = plates.values.max() ?? 0
            names = ContiguousArray(repeating: "", count: Int(last))
            for (text, id) in plates { names[Int(id) - 1] = text }
        }

        mutating func add(_ text: String, id: Int64) {
            plates[text] = id
            if id > last { last = id }
            while names.count < Int(id) { names.append("") }
            names[Int(id) - 1] = text
        }
    }

    struct Source: Hashable, Sendable {
        var camera: CameraID
        var owner: AgencyID
    }

    struct WriterState {
        var plates: [String: Int64] = [:]
        var sourceIDs: [Source: Int64] = [:]
        var nextPlate: Int64 = 1
        var nextSource: Int64 = 1
        var nextRow: Int64 = 1
    }

    static func fileName(for key: Int) -> String { "\(key).sqlite" }

    init(key: Int, directory: URL, keys: PartitionKeys) throws {
        self.key = key
        guard let midnight = Timestamp(compactDate: key) else {
            throw StoreError.corrupt("partition name \(key) is not a yyyymmdd date")
        }
        self.start = midnight.milliseconds
        self.url = directory.appendingPathComponent(Self.fileName(for: key))
        var configuration = Configuration()
        configuration.maximumReaderCount = 2
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // FULL makes every commit durable in WAL mode: an acknowledged batch survives power loss.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            // A day's plate index grows to tens of megabytes; with SQLite's default 2 MiB cache
            // every insert into it faults pages in and out. 64 MiB keeps a busy day's indexes hot.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // Checkpoint every ~40 MiB of WAL instead of every 4 MiB: each checkpoint costs an fsync
            // of the database file, and fewer, larger ones write each hot page once.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            // Retention deletes rows of a day that must not linger in free space: overwrite them.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // Radius filters: whether (lat, lon) in micro-degrees lies within metres of a centre.
            db.add(
                function: DatabaseFunction("within_radius", argumentCount: 5, pure: true) { values in
                    guard let lat = Int64.fromDatabaseValue(values[0]), let lon = Int64.fromDatabaseValue(values[1]),
                        let clat = Double.fromDatabaseValue(values[2]), let clon = Double.fromDatabaseValue(values[3]),
                        let meters = Double.fromDatabaseValue(values[4])
                    else { return false }
                    return GeoCircle(center: Coordinate(latitude: clat, longitude: clon), meters: meters).contains(
                        Coordinate(latitude: Quantize.degrees(lat), longitude: Quantize.degrees(lon)))
                })
        }
        self.pool = try DatabasePool(path: url.path, configuration: configuration)
        // A day that has a file but no key was destroyed (crypto-shredded); a file from before
        // sealing (schema 1 or 2) gets its key now and is sealed in place.
        let version = try pool.read { try PartitionSchema.currentVersion($0) }
        guard let dayKey = try keys.key(for: key, create: version < PartitionSchema.version) else {
            try? pool.close()
            throw SightlineError(.notFound, "the key of partition \(key) was destroyed: its reads cannot be read")
        }
        self.sealer = Sealer(key: dayKey)
        let sealer = self.sealer
        if try pool.write({ db in try PartitionSchema.create(db, sealer: sealer) }) {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM")
                _ = try db.checkpoint(.truncate)
            }
        }
        let state = try pool.read { db in try Self.loadWriterState(db, sealer: sealer) }
        self.writer = Mutex(state)
        self.sources = Mutex(Dictionary(uniqueKeysWithValues: state.sourceIDs.map { ($0.value, $0.key) }))
        self.published = Mutex(Published(state.plates))
    }

    private static func loadWriterState(_ db: Database, sealer: Sealer) throws -> WriterState {
        var state = WriterState()
        let plateRows = try Row.fetchCursor(db, sql: "SELECT id, sealed FROM plate")
        while let row = try plateRows.next() {
            let id: Int64 = row[0]
            state.plates[try sealer.openText(row[1])] = id
            state.nextPlate = max(state.nextPlate, id + 1)
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, camera, owner FROM source") {
            let id: Int64 = row[0]
            state.sourceIDs[Source(camera: CameraID(row[1]), owner: AgencyID(row[2]))] = id
            state.nextSource = max(state.nextSource, id + 1)
        }
        state.nextRow = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM read") ?? 0) + 1
        return state
    }

    /// The row id the next append will start at. Called on the writer queue only.
    var nextRow: Int64 { writer.withLock { $0.nextRow } }

    /// Appends reads in one durable transaction and returns their row ids. On failure nothing is
    /// kept, and the writer's dictionaries are reloaded so they match the file again.
    func append(_ reads: [PlateRead]) throws -> [Int64] {
        do {
            var added: [(String, Int64)] = []
            let rows = try writer.withLock { state in
                try pool.write { db in try insert(reads, state: &state, added: &added, db: db) }
            }
            if !added.isEmpty {
                published.withLock { published in
                    for (text, id) in added { published.add(text, id: id) }
                }
            }
            return rows
        } catch {
            let reloaded = try? pool.read { db in try Self.loadWriterState(db, sealer: sealer) }
            if let reloaded {
                writer.withLock { $0 = reloaded }
                sources.withLock {
                    $0 = Dictionary(uniqueKeysWithValues: reloaded.sourceIDs.map { ($0.value, $0.key) })
                }
                published.withLock { $0 = Published(reloaded.plates) }
            }
            throw error
        }
    }

    private func insert(
        _ reads: [PlateRead], state: inout WriterState, added: inout [(String, Int64)], db: Database
    ) throws -> [Int64] {
        let insertPlate = Binder(try db.cachedStatement(sql: "INSERT INTO plate(id, sealed) VALUES (?, ?)"))
        let insertSource = Binder(try db.cachedStatement(sql: "INSERT INTO source(id, camera, owner) VALUES (?, ?, ?)"))
        let insertRead = Binder(
            try db.cachedStatement(
                sql: """
                    INSERT INTO read(id, plate, source, t, raw, region, region_conf, conf, lat, lon, direction,
                                     make, model, color, type, candidates)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """))
        let insertImage = Binder(try db.cachedStatement(sql: "INSERT INTO image(read, kind, bytes) VALUES (?, ?, ?)"))
        let insertCandidate = Binder(
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO candidate(plate, read) VALUES (?, ?)"))
        func dictionaryID(_ text: String) throws -> Int64 {
            if let known = state.plates[text] { return known }
            let id = state.nextPlate
            insertPlate.bind(1, id)
            insertPlate.bind(2, blob: try sealer.seal(text))
            try insertPlate.step(db)
            state.plates[text] = id
            state.nextPlate += 1
            added.append((text, id))
            return id
        }
        var rows: [Int64] = []
        rows.reserveCapacity(reads.count)
        var newSources: [(Int64, Source)] = []
        for read in reads {
            let text = read.plate.normalized
            let plateID = try dictionaryID(text)
            let source = Source(camera: read.camera, owner: read.owner)
            let sourceID: Int64
            if let known = state.sourceIDs[source] {
                sourceID = known
            } else {
                sourceID = state.nextSource
                insertSource.bind(1, sourceID)
                insertSource.bind(2, source.camera.rawValue)
                insertSource.bind(3, source.owner.rawValue)
                try insertSource.step(db)
                state.sourceIDs[source] = sourceID
                state.nextSource += 1
                newSources.append((sourceID, source))
            }
            let row = state.nextRow
            insertRead.bind(1, row)
            insertRead.bind(2, plateID)
            insertRead.bind(3, sourceID)
            insertRead.bind(4, read.time.milliseconds - start)
            insertRead.bind(5, blob: read.plate.raw == text ? nil : try sealer.seal(read.plate.raw))
            insertRead.bind(6, read.region)
            insertRead.bind(7, read.regionConfidence.map(Quantize.permille))
            insertRead.bind(8, Quantize.permille(read.confidence))
            insertRead.bind(9, Quantize.microdegrees(read.location.latitude))
            insertRead.bind(10, Quantize.microdegrees(read.location.longitude))
            insertRead.bind(11, read.direction.map { Int64($0.code) })
            insertRead.bind(12, read.vehicle.make)
            insertRead.bind(13, read.vehicle.model)
            insertRead.bind(14, read.vehicle.color)
            insertRead.bind(15, read.vehicle.type)
            insertRead.bind(
                16, blob: read.candidates.isEmpty ? nil : try sealer.seal(CandidateCodec.encode(read.candidates)))
            try insertRead.step(db)
            for candidate in read.candidates {
                insertCandidate.bind(1, try dictionaryID(candidate.plate))
                insertCandidate.bind(2, row)
                try insertCandidate.step(db)
            }
            for image in read.images {
                insertImage.bind(1, row)
                insertImage.bind(2, Int64(ReadImage.Kind.allCases.firstIndex(of: image.kind)!))
                insertImage.bind(3, blob: try sealer.seal(image.bytes))
                try insertImage.step(db)
            }
            state.nextRow += 1
            rows.append(row)
        }
        if !newSources.isEmpty {
            sources.withLock { table in
                for (id, source) in newSources { table[id] = source }
            }
        }
        return rows
    }

    /// Deletes rows from `firstRow` on: the undo of a cross-partition batch that did not finish.
    func rollBack(from firstRow: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM image WHERE read >= ?", arguments: [firstRow])
            try db.execute(sql: "DELETE FROM candidate WHERE read >= ?", arguments: [firstRow])
            try db.execute(sql: "DELETE FROM read WHERE id >= ?", arguments: [firstRow])
        }
        let reloaded = try pool.read { db in try Self.loadWriterState(db, sealer: sealer) }
        writer.withLock { $0 = reloaded }
        published.withLock { $0 = Published(reloaded.plates) }
    }

    /// The dictionary id of a plate this day has seen, if it has.
    func plateID(_ text: String) -> Int64? { published.withLock { $0.plates[text] } }

    /// The dictionary's texts, by id: what a search names its reads from.
    var names: ContiguousArray<String> { published.withLock { $0.names } }

    /// The highest plate dictionary id committed and published.
    var lastPlateID: Int64 { published.withLock { $0.last } }

    /// The source ids whose owner is allowed and, when given, whose camera or owner is asked for.
    func sourceIDs(owners: Set<AgencyID>, query: ReadQuery) -> [Int64] {
        sources.withLock { table in
            table.compactMap { id, source in
                guard owners.contains(source.owner), query.owners?.contains(source.owner) ?? true,
                    query.cameras?.contains(source.camera) ?? true
                else { return nil }
                return id
            }.sorted()
        }
    }

    func source(_ id: Int64) -> Source? { sources.withLock { $0[id] } }

    /// The owners whose cameras wrote to this day.
    func sourceOwners() -> [AgencyID] { sources.withLock { Array(Set($0.values.map(\.owner))) } }

    /// After rows were destroyed: the dictionaries reloaded from the file, the search index
    /// dropped (it named destroyed plates) to be rebuilt on the next tolerant search.
    func reloadAfterDestruction() throws {
        let reloaded = try pool.read { db in try Self.loadWriterState(db, sealer: sealer) }
        writer.withLock { state in
            // Row ids keep rising while the store is open: a destroyed read's id is not reused.
            let nextRow = max(state.nextRow, reloaded.nextRow)
            state = reloaded
            state.nextRow = nextRow
        }
        published.withLock { $0 = Published(reloaded.plates) }
        plateIndex.withLock { $0 = nil }
    }

    func sources(of owner: AgencyID) -> [Int64] {
        sources.withLock { table in table.compactMap { $0.value.owner == owner ? $0.key : nil }.sorted() }
    }

    /// Reads and images held, for the destruction report.
    func counts() throws -> (reads: Int, images: Int) {
        try pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM read") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM image") ?? 0
            )
        }
    }

    func summary() throws -> PartitionSummary {
        let count = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM read") ?? 0 }
        return PartitionSummary(partition: key, reads: count, bytes: fileBytes())
    }

    /// The bytes of the database file and its WAL.
    func fileBytes() -> Int {
        [url.path, url.path + "-wal"].reduce(0) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
    }
}

/// Candidate readings in one text column: `PLATE:permille,PLATE:permille`.
enum CandidateCodec {
    static func encode(_ candidates: [CandidateReading]) -> String {
        candidates.map { "\($0.plate):\(Quantize.permille($0.confidence))" }.joined(separator: ",")
    }

    static func decode(_ text: String) -> [CandidateReading] {
        text.split(separator: ",").compactMap { item in
            guard let colon = item.lastIndex(of: ":"), let permille = Int64(item[item.index(after: colon)...]) else {
                return nil
            }
            return CandidateReading(plate: String(item[..<colon]), confidence: Quantize.confidence(permille))
        }
    }
}
