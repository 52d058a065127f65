import Foundation
internal import GRDB
import SightlineCore
import SightlineKeys

extension Partition {
    /// Runs `query` over this partition's reads from the allowed sources, returning at most `limit`.
    func search(_ query: ReadQuery, sources allowed: [Int64], limit: Int) async throws -> [StoredRead] {
        guard !allowed.isEmpty, limit > 0 else { return [] }
        var conditions: [String] = []
        var arguments: StatementArguments = []
        var limit = limit
        if query.tolerance != nil {
            let ids = try await tolerantPlateIDs(query)
            guard !ids.isEmpty else { return [] }
            // Literal ids: with a json_each parameter here SQLite's planner gives up the indexes
            // for the OR and scans every read (measured: 3 ms became 500 ms).
            let list = ids.sorted().map(String.init).joined(separator: ",")
            conditions.append("(r.plate IN (\(list)) OR r.id IN (SELECT read FROM candidate WHERE plate IN (\(list))))")
            // Ranking is by distance, not time: every match is fetched and ranked by the caller.
            limit = ReadQuery.maximumLimit + 1
        } else {
            switch query.plate {
            case .exact(let text):
                guard let id = plateID(text) else { return [] }
                conditions.append("r.plate = ?")
                arguments += [id]
            case PlatePattern.anyPlate:
                // Scenes of a stakeout or convoy: the time and source index serves them.
                break
            case .wildcard(let pattern):
                // The in-memory trigram postings of the day's dictionary narrow it; with no
                // three-character run, a scan of the day's distinct plates, far fewer than its reads.
                let ids = try await currentIndex().ids(matching: pattern) ?? matchingIDs(pattern, folded: false)
                guard !ids.isEmpty else { return [] }
                conditions.append("r.plate IN (\(ids.sorted().map(String.init).joined(separator: ",")))")
            }
        }
        if let window = query.window {
            conditions.append("r.t BETWEEN ? AND ?")
            arguments += [window.from.milliseconds - start, window.to.milliseconds - start]
        }
        // The allowed sources are a parameter, not text, so that the statement's text depends only
        // on which filters are present and stays in the connection's statement cache.
        // A plate-driven search must go by the plate index: with a long list of plate ids SQLite
        // otherwise judged a scan of the day by source cheaper (measured: 2.2 s for one wildcard
        // at 3M reads). The unary `+` keeps the source index out of that choice; a scene (any
        // plate) still uses it.
        let anyPlate = query.plate == .anyPlate && query.tolerance == nil
        conditions.append((anyPlate ? "" : "+") + "r.source IN (SELECT value FROM json_each(?))")
        arguments += ["[" + allowed.map(String.init).joined(separator: ",") + "]"]
        if let box = query.box {
            conditions.append("r.lat BETWEEN ? AND ? AND r.lon BETWEEN ? AND ?")
            arguments += [
                Int64((box.south * 1_000_000).rounded(.up)), Int64((box.north * 1_000_000).rounded(.down)),
                Int64((box.west * 1_000_000).rounded(.up)), Int64((box.east * 1_000_000).rounded(.down)),
            ]
        }
        if let region = query.region {
            conditions.append("r.region = ?")
            arguments += [region]
        }
        if let circle = query.radius {
            conditions.append("within_radius(r.lat, r.lon, ?, ?, ?)")
            arguments += [circle.center.latitude, circle.center.longitude, circle.meters]
        }
        for (column, value) in [("make", query.make), ("color", query.color), ("type", query.vehicleType)] {
            if let value {
                conditions.append("upper(r.\(column)) = ?")
                arguments += [value.uppercased()]
            }
        }
        if let direction = query.direction {
            conditions.append("r.direction = ?")
            arguments += [direction.code]
        }
        let direction = query.order == .newestFirst ? "DESC" : "ASC"
        let sql = """
            SELECT r.id, r.plate, r.raw, r.source, r.t, r.region, r.region_conf, r.conf, r.lat, r.lon,
                   r.direction, r.make, r.model, r.color, r.type, r.candidates
            FROM read r
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY r.t \(direction), r.id \(direction)
            LIMIT ?
            """
        let key = self.key
        let start = self.start
        let bound = arguments + [limit]
        let names = self.names
        let sealer = self.sealer
        return try readNow { db in
            var reads: [StoredRead] = []
            // Tolerant and wildcard statements carry their ids as text: compile those afresh rather
            // than fill the statement cache with one-off texts.
            let oneOff: Bool
            if case .wildcard = query.plate { oneOff = true } else { oneOff = query.tolerance != nil }
            let statement = oneOff ? try db.makeStatement(sql: sql) : try db.cachedStatement(sql: sql)
            try statement.setArguments(bound)
            let row = Columns(statement, db)
            defer { row.reset() }
            var sources: [Int64: Source] = [:]
            while try row.next() {
                let id = row.int64(0)
                let sourceID = row.int64(3)
                guard let source = sources[sourceID] ?? self.source(sourceID) else {
                    throw StoreError.corrupt("partition \(key) row \(id) names an unknown source")
                }
                sources[sourceID] = source
                let plateID = Int(row.int64(1))
                guard plateID >= 1, plateID <= names.count else {
                    throw StoreError.corrupt("partition \(key) row \(id) names an unknown plate")
                }
                let read = PlateRead(
                    camera: source.camera, owner: source.owner,
                    time: Timestamp(milliseconds: start + row.int64(4)),
                    plate: Plate(normalized: names[plateID - 1], raw: try row.blobOrNil(2).map(sealer.openText)),
                    region: row.textOrNil(5),
                    regionConfidence: row.int64OrNil(6).map(Quantize.confidence),
                    confidence: Quantize.confidence(row.int64(7)),
                    candidates: try row.blobOrNil(15).map { CandidateCodec.decode(try sealer.openText($0)) } ?? [],
                    location: Coordinate(
                        latitude: Quantize.degrees(row.int64(8)), longitude: Quantize.degrees(row.int64(9))),
                    direction: row.int64OrNil(10).flatMap { Direction(code: Int($0)) },
                    vehicle: VehicleDescription(
                        make: row.textOrNil(11), model: row.textOrNil(12), color: row.textOrNil(13),
                        type: row.textOrNil(14)))
                reads.append(StoredRead(id: ReadID(partition: key, row: id), read: read))
            }
            let images = try Self.images(of: reads.map(\.id.row), db: db, sealer: sealer)
            for index in reads.indices {
                reads[index].read.images = images[reads[index].id.row] ?? []
                if query.tolerance != nil { reads[index].match = query.plateMatch(reads[index].read) }
            }
            return reads
        }
    }

    /// The dictionary ids of plates a tolerant query reaches: by the in-memory index for an
    /// exact plate with edits, by the folded-text index for a wildcard pattern.
    func tolerantPlateIDs(_ query: ReadQuery) async throws -> Set<Int64> {
        switch query.plate {
        case .wildcard(let pattern):
            return matchingIDs(pattern, folded: true)
        case .exact(let text):
            return try await currentIndex().ids(near: Plate.fold(text), edits: query.tolerance ?? 0)
        }
    }

    /// The in-memory index of the day's dictionary, built on first use and topped up with the
    /// plates added since.
    func currentIndex() async throws -> PlateIndex {
        let known = plateIndex.withLock { $0?.lastID ?? 0 }
        if known > 0, known >= lastPlateID, let current = plateIndex.withLock({ $0 }) { return current }
        let names = self.names
        return plateIndex.withLock { index in
            // Mutated in place: a copy first would duplicate every table on each top-up.
            if index == nil { index = PlateIndex() }
            var id = index!.lastID + 1
            while id <= Int64(names.count) {
                let text = names[Int(id) - 1]
                if !text.isEmpty { index!.add(id: id, text: text, folded: Plate.fold(text)) }
                id += 1
            }
            return index!
        }
    }

    /// Dictionary ids whose text (or folded text) a glob pattern matches, by a scan of the day's
    /// distinct plates in memory.
    func matchingIDs(_ pattern: String, folded: Bool) -> Set<Int64> {
        let bytes = Array((folded ? Plate.fold(pattern) : pattern).utf8)
        var found = Set<Int64>()
        for (index, text) in names.enumerated() where !text.isEmpty {
            if PlatePattern.glob(bytes, Array((folded ? Plate.fold(text) : text).utf8)) {
                found.insert(Int64(index + 1))
            }
        }
        return found
    }

    /// Reads in this partition from `owner`'s cameras.
    func count(owner: AgencyID) async throws -> Int {
        let sources = sources(of: owner)
        guard !sources.isEmpty else { return 0 }
        let sql = "SELECT count(*) FROM read WHERE source IN (\(sources.map(String.init).joined(separator: ",")))"
        return try await pool.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    /// The images of many reads in one statement: most reads have none, and a statement per read
    /// cost more than the search itself. The ids are a parameter so the statement is compiled once.
    private static func images(of rows: [Int64], db: Database, sealer: Sealer) throws -> [Int64: [ReadImage]] {
        guard !rows.isEmpty else { return [:] }
        var found: [Int64: [ReadImage]] = [:]
        let statement = try db.cachedStatement(
            sql:
                "SELECT read, kind, bytes FROM image WHERE read IN (SELECT value FROM json_each(?)) ORDER BY read, kind"
        )
        let list = "[" + rows.map(String.init).joined(separator: ",") + "]"
        for image in try Row.fetchAll(statement, arguments: [list]) {
            let kind: Int = image[1]
            guard ReadImage.Kind.allCases.indices.contains(kind) else { continue }
            found[image[0], default: []].append(
                ReadImage(kind: ReadImage.Kind.allCases[kind], bytes: Array(try sealer.open(image[2] as Data))))
        }
        return found
    }
}

extension Partition {
    /// A read on the calling thread. A search's statements take well under a millisecond, and
    /// GRDB's asynchronous read (a hop to its queue and back) cost more than the statements.
    /// No transaction is wrapped around them either: BEGIN, the read-only toggles and COMMIT are
    /// four more statements compiled per partition (measured as most of an exact search). A
    /// search's statements each see a committed snapshot; reads and their images are written in
    /// one transaction, so at worst a read destroyed between the two statements comes back
    /// without its images.
    func readNow<T>(_ body: (Database) throws -> T) throws -> T { try pool.unsafeRead(body) }
}
