import Foundation
import Logging
import PostgresNIO
public import SightlineCore
import SightlineKeys

extension PostgresReadStore {
    /// The query in SQL as far as indexes help — the plate by keyed tags the client computes per
    /// day (of the plate; of every folded text within one edit; or of the texts a pattern or two
    /// edits match in the day's sealed dictionary, opened here), time, owners, cameras, box,
    /// region, vehicle, direction — and in Swift, row by row, where SQL cannot: the radius, and
    /// for a tolerant search the match itself (`ReadQuery.plateMatch`, the same function that
    /// defines the query's meaning), ranked as every store ranks.
    public func search(_ query: ReadQuery, within owners: Set<AgencyID>) async throws -> ReadPage {
        let limit = min(max(query.limit, 0), ReadQuery.maximumLimit)
        let allowed = owners.intersection(query.owners ?? owners)
        guard !allowed.isEmpty, limit > 0 else { return ReadPage(reads: [], truncated: false) }
        // The days that may hold matches and can be read (a day whose key was destroyed cannot).
        var sealers: [Int: Sealer] = [:]
        for day in try await days()
        where query.window.map({ ($0.from.compactDate...$0.to.compactDate).contains(day) }) ?? true {
            sealers[day] = try sealer(for: day)
        }
        guard !sealers.isEmpty else { return ReadPage(reads: [], truncated: false) }
        var sql = SQLBuilder()
        let ownerList = sql.bind(allowed.map(\.rawValue).sorted())
        sql.condition("r.owner = ANY(\(ownerList))")
        let plates = try await plateConditions(query, sealers: sealers, into: &sql)
        guard !plates.isEmpty else { return ReadPage(reads: [], truncated: false) }
        if let window = query.window {
            let (from, to) = (sql.bind(window.from.milliseconds), sql.bind(window.to.milliseconds))
            let (first, last) = (sql.bind(window.from.compactDate), sql.bind(window.to.compactDate))
            // The day bounds let PostgreSQL prune partitions; the times decide.
            sql.condition("r.t BETWEEN \(from) AND \(to) AND r.day BETWEEN \(first) AND \(last)")
        }
        if let cameras = query.cameras {
            let list = sql.bind(cameras.map(\.rawValue).sorted())
            sql.condition("r.camera = ANY(\(list))")
        }
        if let box = query.box {
            let (south, north) = (sql.bind(box.south), sql.bind(box.north))
            let (west, east) = (sql.bind(box.west), sql.bind(box.east))
            sql.condition("r.lat BETWEEN \(south) AND \(north) AND r.lon BETWEEN \(west) AND \(east)")
        }
        if let region = query.region {
            let value = sql.bind(region)
            sql.condition("r.region = \(value)")
        }
        for (column, value) in [("make", query.make), ("color", query.color), ("type", query.vehicleType)] {
            if let value {
                let bound = sql.bind(value.uppercased())
                sql.condition("upper(r.\(column)) = \(bound)")
            }
        }
        if let direction = query.direction {
            let code = sql.bind(direction.code)
            sql.condition("r.direction = \(code)")
        }

        let tolerant = query.tolerance != nil
        let direction = query.order == .newestFirst ? "DESC" : "ASC"
        // Row by row in Swift past SQL's limit only when Swift filters; a tolerant search fetches
        // every match (up to the maximum) to rank them by distance.
        let sqlLimit = tolerant ? ReadQuery.maximumLimit + 1 : (query.radius == nil ? limit + 1 : nil)
        let columns = """
            r.day, r.id, r.plate_sealed, r.raw, r.camera, r.owner, r.t, r.region, r.region_conf, r.conf, r.lat, r.lon,
            r.direction, r.make, r.model, r.color, r.type, r.candidates
            """
        let filters = sql.conditions
        // Day by day, on the day's own tables with the day's own tags: one partition's indexes
        // probed with its tags only, not every day's.
        let blocks = plates.keys.sorted().map { day -> String in
            let plate = plates[day]!
            let reads = PostgresSchema.partitionName("reads", day: day)
            let where_ = ((plate.reads.map { [$0] } ?? []) + filters).joined(separator: " AND ")
            var block = "SELECT \(columns) FROM \(reads) r WHERE \(where_)"
            if let candidates = plate.candidates {
                // A read found by its plate or by a candidate reading: two index-driven selects.
                let table = PostgresSchema.partitionName("read_candidates", day: day)
                // The candidates' read ids as an array, probed through the primary key: as a join
                // the planner chose to scan the whole day's reads.
                let ids = "r.day = \(day) AND r.id = ANY(ARRAY(SELECT c.id FROM \(table) c WHERE \(candidates)))"
                block +=
                    " UNION SELECT \(columns) FROM \(reads) r WHERE \(([ids] + filters).joined(separator: " AND "))"
            }
            return "(\(block))"
        }
        var text = "SELECT * FROM (\(blocks.joined(separator: " UNION ALL "))) r"
        text += " ORDER BY r.t \(direction), r.day \(direction), r.id \(direction)"
        if let sqlLimit { text += " LIMIT \(sqlLimit)" }
        var found: [StoredRead] = []
        try await client.withConnection { connection in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: text, binds: sql.binds), logger: logger)
            for try await row in rows {
                var stored = try Self.decode(row, sealers: sealers)
                if let radius = query.radius, !radius.contains(stored.read.location) { continue }
                if tolerant {
                    guard let match = query.plateMatch(stored.read) else { continue }
                    stored.match = match
                }
                found.append(stored)
                if !tolerant, found.count > limit { break }
            }
        }
        try await attachImages(&found, sealers: sealers)
        if tolerant { found.sort(by: StoredRead.ranked) }
        return ReadPage(reads: Array(found.prefix(limit)), truncated: found.count > limit)
    }

    /// Each day's condition on its reads (`r.`), and on its candidate readings (`c.`) when a
    /// tolerant search must look at those too; a day where no plate can match is left out.
    private func plateConditions(
        _ query: ReadQuery, sealers: [Int: Sealer], into sql: inout SQLBuilder
    ) async throws -> [Int: (reads: String?, candidates: String?)] {
        var conditions: [Int: (reads: String?, candidates: String?)] = [:]
        for (day, sealer) in sealers {
            var tags: [Data] = []
            var domain = "folded"
            switch (query.plate, query.tolerance) {
            case (PlatePattern.anyPlate, nil):
                conditions[day] = (nil, nil)
                continue
            case (.exact(let text), nil):
                domain = "plate"
                tags = [sealer.tag(text, domain: domain)]
            case (.wildcard(let pattern), nil):
                domain = "plate"
                let bytes = Array(pattern.utf8)
                let dictionary = try await dictionaries.day(day, sealer: sealer, client: client, logger: logger)
                tags = dictionary.plates.filter { PlatePattern.glob(bytes, Array($0.utf8)) }.map {
                    sealer.tag($0, domain: domain)
                }
            case (.exact(let text), let edits?) where edits <= 1:
                // Complete: every folded text within one edit, each an index probe.
                let folded = Plate.fold(text)
                tags = (edits == 0 ? [folded] : PlateDistance.oneEditVariants(ofFolded: folded)).map {
                    sealer.tag($0, domain: domain)
                }
            case (let plate, let edits?):
                // A pattern, or two edits (tens of thousands of variants): the day's dictionary of
                // plates and candidate readings, opened in memory and matched here.
                let folded = Plate.fold(plate.text)
                let pattern = Array(folded.utf8)
                let dictionary = try await dictionaries.day(day, sealer: sealer, client: client, logger: logger)
                tags = dictionary.folded.filter { candidate in
                    if case .wildcard = plate { return PlatePattern.glob(pattern, Array(candidate.utf8)) }
                    return PlateDistance.distance(folded, candidate, limit: edits) != nil
                }.map { sealer.tag($0, domain: domain) }
            }
            guard !tags.isEmpty else { continue }
            let bound = sql.bind(tags.map { ByteBuffer(data: $0) })
            conditions[day] =
                domain == "plate"
                ? ("r.plate_tag = ANY(\(bound))", nil)
                : ("r.folded_tag = ANY(\(bound))", "c.folded_tag = ANY(\(bound))")
        }
        return conditions
    }

    static func decode(_ row: PostgresRow, sealers: [Int: Sealer]) throws -> StoredRead {
        let (day, id, plateSealed, raw, camera, owner, t, region, regionConf, conf, lat, lon, direction) =
            try row.decode(
                (
                    Int, Int64, ByteBuffer, ByteBuffer?, String, String, Int64, String?, Double?, Double, Double,
                    Double,
                    Int?
                ).self)
        guard let sealer = sealers[day] else { throw SightlineError(.corrupt, "no key for partition \(day)") }
        let cells = row.makeRandomAccess()
        let make = try cells[13].decode(String?.self)
        let model = try cells[14].decode(String?.self)
        let color = try cells[15].decode(String?.self)
        let type = try cells[16].decode(String?.self)
        let candidates = try cells[17].decode(ByteBuffer?.self)
        func open(_ buffer: ByteBuffer) throws -> String { try sealer.openText(Data(buffer.readableBytesView)) }
        let read = PlateRead(
            camera: CameraID(camera), owner: AgencyID(owner), time: Timestamp(milliseconds: t),
            plate: Plate(normalized: try open(plateSealed), raw: try raw.map(open)), region: region,
            regionConfidence: regionConf, confidence: conf,
            candidates: try candidates.map { CandidateText.decode(try open($0)) } ?? [],
            location: Coordinate(latitude: lat, longitude: lon), direction: direction.flatMap(Direction.init(code:)),
            vehicle: VehicleDescription(make: make, model: model, color: color, type: type))
        return StoredRead(id: ReadID(partition: day, row: id), read: read)
    }

    /// Images of the found reads in one statement.
    private func attachImages(_ reads: inout [StoredRead], sealers: [Int: Sealer]) async throws {
        guard !reads.isEmpty else { return }
        let rows = try await client.query(
            """
            SELECT i.day, i.id, i.kind, i.bytes FROM read_images i
            JOIN unnest(\(reads.map(\.id.partition)), \(reads.map(\.id.row))) AS f(day, id)
              ON i.day = f.day AND i.id = f.id
            ORDER BY i.day, i.id, i.kind
            """, logger: logger)
        var images: [ReadID: [ReadImage]] = [:]
        for try await (day, id, kind, bytes) in rows.decode((Int, Int64, Int, ByteBuffer).self) {
            guard ReadImage.Kind.allCases.indices.contains(kind), let sealer = sealers[day] else { continue }
            images[ReadID(partition: day, row: id), default: []].append(
                ReadImage(
                    kind: ReadImage.Kind.allCases[kind], bytes: Array(try sealer.open(Data(bytes.readableBytesView)))))
        }
        guard !images.isEmpty else { return }
        for index in reads.indices { reads[index].read.images = images[reads[index].id] ?? [] }
    }
}

/// Conditions and their bound values, numbered as PostgreSQL expects.
struct SQLBuilder {
    var conditions: [String] = []
    var binds = PostgresBindings()

    mutating func condition(_ text: String) { conditions.append(text) }

    mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }
}
