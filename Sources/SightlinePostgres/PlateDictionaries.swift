import Foundation
import Logging
import PostgresNIO
import SightlineCore
import SightlineKeys
import Synchronization

/// Each day's plates and candidate readings, opened once and kept in memory, topped up by row
/// id: the server holds them sealed, so a pattern or a two-edit search is matched here. A
/// day's dictionary is read whole the first time it is needed, then only rows added since.
final class PlateDictionaries: Sendable {
    struct Day: Sendable {
        var lastRead: Int64 = 0
        /// The day's plates as read.
        var plates = Set<String>()
        /// Confusable-folded texts of its plates and candidate readings.
        var folded = Set<String>()
    }

    private let days = Mutex<[Int: Day]>([:])

    func forget(_ day: Int) { days.withLock { _ = $0.removeValue(forKey: day) } }

    /// The day's dictionary, current as of this call.
    func day(
        _ day: Int, sealer: Sealer, client: PostgresClient, logger: Logger
    ) async throws -> Day {
        var known = days.withLock { $0[day] } ?? Day()
        let reads = PostgresSchema.partitionName("reads", day: day)
        let candidates = PostgresSchema.partitionName("read_candidates", day: day)
        var last = known.lastRead
        for try await highest in try await client.query(
            PostgresQuery(unsafeSQL: "SELECT coalesce(max(id), 0) FROM \(reads)"), logger: logger
        ).decode(Int64.self) {
            last = highest
        }
        guard last > known.lastRead else { return known }
        for (table, tag) in [(reads, "plate_tag"), (candidates, "folded_tag")] {
            var binds = PostgresBindings()
            binds.append(known.lastRead)
            binds.append(last)
            let rows = try await client.query(
                PostgresQuery(
                    unsafeSQL: "SELECT DISTINCT ON (\(tag)) plate_sealed FROM \(table) WHERE id > $1 AND id <= $2",
                    binds: binds), logger: logger)
            for try await sealed in rows.decode(ByteBuffer.self) {
                let text = try sealer.openText(Data(sealed.readableBytesView))
                if table == reads { known.plates.insert(text) }
                known.folded.insert(Plate.fold(text))
            }
        }
        known.lastRead = last
        let updated = known
        days.withLock { $0[day] = updated }
        return updated
    }
}
