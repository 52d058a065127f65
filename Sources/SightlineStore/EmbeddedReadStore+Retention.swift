import Foundation
public import SightlineCore

extension EmbeddedReadStore {
    /// Day by day, on the writer's queue so no append interleaves: a day whose every read expired
    /// loses its file (and WAL); otherwise its expired rows are deleted under secure delete.
    public func destroy(
        expired plan: RetentionPlan, progress: @Sendable (_ done: Int, _ of: Int) -> Void
    ) async throws -> DestructionReport {
        let keys = try await partitions().map(\.partition)
        var report = DestructionReport()
        for (index, key) in keys.enumerated() {
            if let partition = try await onWriterQueue({ try self.destroyNow(in: key, plan) }) {
                if partition.reads > 0 || partition.removed { report.partitions.append(partition.summary) }
                report.held += partition.held
            }
            progress(index + 1, keys.count)
        }
        return report
    }

    private struct Outcome: Sendable {
        var summary: DestructionReport.Partition
        var held: Int
        var reads: Int { summary.reads }
        var removed: Bool { summary.removed }
    }

    private func destroyNow(in key: Int, _ plan: RetentionPlan) throws -> Outcome? {
        guard let partition = existingPartition(key), partition.mayExpire(plan) else { return nil }
        let start = Timestamp(milliseconds: partition.start)
        if partition.wholeDayExpires(plan) {
            let counts = try partition.counts()
            try dropNow(key)
            return Outcome(
                summary: .init(
                    partition: key, reads: counts.reads, images: counts.images, from: counts.reads > 0 ? start : nil,
                    to: counts.reads > 0 ? start.adding(milliseconds: Timestamp.millisecondsPerDay - 1) : nil,
                    removed: true), held: 0)
        }
        let expiry = try partition.expiry(plan)
        if expiry.everything {
            let counts = try partition.counts()
            try dropNow(key)
            return Outcome(
                summary: .init(
                    partition: key, reads: counts.reads, images: counts.images, from: expiry.from, to: expiry.to,
                    removed: true), held: expiry.held)
        }
        guard !expiry.rows.isEmpty else {
            return Outcome(
                summary: .init(partition: key, reads: 0, images: 0, from: nil, to: nil, removed: false),
                held: expiry.held)
        }
        let images = try partition.destroy(rows: expiry.rows)
        return Outcome(
            summary: .init(
                partition: key, reads: expiry.rows.count, images: images, from: expiry.from, to: expiry.to,
                removed: false), held: expiry.held)
    }
}
