import Foundation
import Logging
import PostgresNIO
public import SightlineCore

extension PostgresReadStore {
    /// Day by day: a day whose every read expired loses its three tables (`DROP TABLE`);
    /// otherwise its expired rows are deleted and the day's tables rewritten (`VACUUM FULL`), so
    /// the deleted tuples do not linger in the table files. PostgreSQL's WAL keeps them until it
    /// recycles its segments; per-partition keys (crypto-shredding) are what reach that far.
    public func destroy(
        expired plan: RetentionPlan, progress: @Sendable (_ done: Int, _ of: Int) -> Void
    ) async throws -> DestructionReport {
        let days = try await days()
        var report = DestructionReport()
        let latest = plan.owners.keys.compactMap(plan.ceiling(of:)).max()
        for (index, day) in days.enumerated() {
            defer { progress(index + 1, days.count) }
            // A day that began after every cut-off holds nothing expired.
            guard let latest, let start = Timestamp(compactDate: day), start < latest else { continue }
            let outcome = try await destroy(day: day, plan)
            if outcome.partition.reads > 0 || outcome.partition.removed { report.partitions.append(outcome.partition) }
            report.held += outcome.held
        }
        return report
    }

    private func destroy(
        day: Int, _ plan: RetentionPlan
    ) async throws -> (partition: DestructionReport.Partition, held: Int) {
        let tables = PostgresSchema.partitioned.map { PostgresSchema.partitionName($0, day: day) }
        var expired: [Int64] = []
        var held = 0
        var total = 0
        var from: Timestamp?
        var to: Timestamp?
        for try await count in try await client.query(
            PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(tables[0])"), logger: logger
        ).decode(Int.self) {
            total = count
        }
        // Only reads before some owner's later cut-off can have expired.
        let ceilings = plan.owners.keys.compactMap { owner in plan.ceiling(of: owner).map { (owner, $0) } }
        var binds = PostgresBindings()
        binds.append(ceilings.map(\.0.rawValue))
        binds.append(ceilings.map(\.1.milliseconds))
        let rows = try await client.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT r.id, r.plate_sealed, r.owner, r.t FROM \(tables[0]) r
                    JOIN unnest($1::text[], $2::bigint[]) AS c(owner, ceiling) ON c.owner = r.owner AND r.t < c.ceiling
                    """, binds: binds), logger: logger)
        // A day whose key is gone holds nothing readable; what is left of it goes whole.
        let sealer = try sealer(for: day)
        for try await (id, sealed, owner, t) in rows.decode((Int64, ByteBuffer, String, Int64).self) {
            let plate = try sealer.map { try $0.openText(Data(sealed.readableBytesView)) } ?? ""
            let readID = ReadID(partition: day, row: id)
            let time = Timestamp(milliseconds: t)
            guard plan.isPastRetention(readID, owner: AgencyID(owner), time: time) else { continue }
            if plan.isHeld(readID, owner: AgencyID(owner), plate: plate, time: time) {
                held += 1
                continue
            }
            expired.append(id)
            from = min(from ?? time, time)
            to = max(to ?? time, time)
        }
        guard !expired.isEmpty || total == 0 else {
            return (.init(partition: day, reads: 0, images: 0, from: nil, to: nil, removed: false), held)
        }
        var images = 0
        for try await count in try await client.query(
            "SELECT count(*) FROM read_images WHERE day = \(day) AND id = ANY(\(expired))", logger: logger
        ).decode(Int.self) {
            images = count
        }
        if expired.count == total {
            try await dropPartition(day)
            return (
                .init(partition: day, reads: total, images: images, from: from, to: to, removed: true), held
            )
        }
        try await transaction { connection in
            for table in tables {
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "DELETE FROM \(table) WHERE id = ANY($1)",
                        binds: {
                            var binds = PostgresBindings(); binds.append(expired); return binds
                        }()),
                    logger: logger)
            }
        }
        try await client.query(
            PostgresQuery(unsafeSQL: "VACUUM (FULL) \(tables.joined(separator: ", "))"), logger: logger)
        return (.init(partition: day, reads: expired.count, images: images, from: from, to: to, removed: false), held)
    }
}
