import Logging
import NIOCore
import PostgresNIO
public import SightlineCore
import SightlineKeys

extension PostgresReadStore {
    /// One transaction for the whole batch, whatever days it spans: every row goes in by COPY, and
    /// the commit (durable with PostgreSQL's default `synchronous_commit`) is the acknowledgement.
    /// Row ids come from each day's highest id under a transaction-scoped advisory lock on the
    /// day, so concurrent writers never share one.
    public func append(_ reads: [PlateRead]) async throws -> [ReadID] {
        guard !reads.isEmpty else { return [] }
        let days = Set(reads.map(\.time.compactDate)).sorted()
        try await createPartitions(days)
        var sealers: [Int: Sealer] = [:]
        for day in days {
            guard let sealer = try sealer(for: day, create: true) else {
                throw SightlineError(.conflict, "partition \(day) was destroyed; its reads cannot be added to")
            }
            sealers[day] = sealer
        }
        var readText = ""
        var candidateText = ""
        var imageText = ""
        return try await transaction { connection in
            var next: [Int: Int64] = [:]
            for day in days {
                try await connection.query("SELECT pg_advisory_xact_lock(\(Int64(day)))", logger: logger)
                let rows = try await connection.query(
                    "SELECT coalesce(max(id), 0) FROM reads WHERE day = \(day)", logger: logger)
                for try await highest in rows.decode(Int64.self) { next[day] = highest + 1 }
            }
            var ids: [ReadID] = []
            ids.reserveCapacity(reads.count)
            for read in reads {
                let day = read.time.compactDate
                ids.append(ReadID(partition: day, row: next[day]!))
                next[day]! += 1
            }
            for (read, id) in zip(reads, ids) {
                let sealer = sealers[id.partition]!
                try CopyText.row(read, id: id, sealer: sealer, into: &readText)
                for (ord, candidate) in read.candidates.enumerated() {
                    let tag = sealer.tag(Plate.fold(candidate.plate), domain: "folded")
                    candidateText += "\(id.partition)\t\(id.row)\t\(ord)\t\(CopyText.bytea(tag))\t"
                    candidateText += "\(CopyText.bytea(try sealer.seal(candidate.plate)))\n"
                }
                for image in read.images {
                    let kind = ReadImage.Kind.allCases.firstIndex(of: image.kind)!
                    imageText +=
                        "\(id.partition)\t\(id.row)\t\(kind)\t\(CopyText.bytea(try sealer.seal(image.bytes)))\n"
                }
            }
            try await copy(readText, into: "reads", columns: CopyText.readColumns, connection)
            if !candidateText.isEmpty {
                try await copy(
                    candidateText, into: "read_candidates",
                    columns: ["day", "id", "ord", "folded_tag", "plate_sealed"],
                    connection)
            }
            if !imageText.isEmpty {
                try await copy(imageText, into: "read_images", columns: ["day", "id", "kind", "bytes"], connection)
            }
            return ids
        }
    }

    /// Each day's three partitions, created apart from the data's transaction: creating a
    /// partition locks its parent, which would hold every search until the batch commits.
    func createPartitions(_ days: [Int]) async throws {
        let existing = Set(try await self.days())
        for day in days where !existing.contains(day) {
            try await transaction { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Int64(day)))", logger: logger)
                for table in PostgresSchema.partitioned {
                    try await connection.query(
                        PostgresQuery(
                            unsafeSQL:
                                "CREATE TABLE IF NOT EXISTS \(PostgresSchema.partitionName(table, day: day)) PARTITION OF \(table) FOR VALUES IN (\(day))"
                        ), logger: logger)
                }
            }
        }
    }

    /// Streams COPY text, in chunks of about a megabyte.
    private func copy(
        _ text: String, into table: String, columns: [String], _ connection: PostgresConnection
    ) async throws {
        let bytes = Array(text.utf8)
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            for start in stride(from: 0, to: bytes.count, by: 1 << 20) {
                try await writer.write(ByteBuffer(bytes: bytes[start..<min(start + (1 << 20), bytes.count)]))
            }
        }
    }
}

/// PostgreSQL's COPY text format: tab-separated, `\N` for NULL, backslash escapes.
enum CopyText {
    static let readColumns = [
        "day", "id", "plate_tag", "folded_tag", "plate_sealed", "raw", "camera", "owner", "t", "region",
        "region_conf", "conf", "lat", "lon", "direction", "make", "model", "color", "type", "candidates",
    ]

    static func row(_ read: PlateRead, id: ReadID, sealer: Sealer, into text: inout String) throws {
        let raw = read.plate.raw == read.plate.normalized ? nil : read.plate.raw
        let fields: [String?] = [
            String(id.partition), String(id.row), bytea(sealer.tag(read.plate.normalized, domain: "plate")),
            bytea(sealer.tag(read.plate.folded, domain: "folded")), bytea(try sealer.seal(read.plate.normalized)),
            try raw.map { bytea(try sealer.seal($0)) }, escape(read.camera.rawValue), escape(read.owner.rawValue),
            String(read.time.milliseconds), read.region.map(escape), read.regionConfidence.map(exact),
            exact(read.confidence), exact(read.location.latitude), exact(read.location.longitude),
            read.direction.map { String($0.code) }, read.vehicle.make.map(escape), read.vehicle.model.map(escape),
            read.vehicle.color.map(escape), read.vehicle.type.map(escape),
            read.candidates.isEmpty ? nil : bytea(try sealer.seal(CandidateText.encode(read.candidates))),
        ]
        text += fields.map { $0 ?? "\\N" }.joined(separator: "\t")
        text += "\n"
    }

    /// A double in the shortest form that reads back as the same value.
    static func exact(_ value: Double) -> String { "\(value)" }

    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            return value
        }
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(character)
            }
        }
        return out
    }

    /// bytea in hex, with the backslash doubled for the text format.
    static func bytea(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = Array("\\\\x".utf8)
        out.reserveCapacity(3 + bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Candidate readings as text in the read's row: `PLATE:confidence,…`, confidences exact.
enum CandidateText {
    static func encode(_ candidates: [CandidateReading]) -> String {
        candidates.map { "\($0.plate):\($0.confidence)" }.joined(separator: ",")
    }

    static func decode(_ text: String) -> [CandidateReading] {
        text.split(separator: ",").compactMap { item in
            guard let colon = item.lastIndex(of: ":"), let confidence = Double(item[item.index(after: colon)...])
            else { return nil }
            return CandidateReading(plate: String(item[..<colon]), confidence: confidence)
        }
    }
}
