public import Foundation
public import SightlineCore
public import SightlineKeys
import Synchronization

/// The default `ReadStore`: SQLite through GRDB, one file per UTC day under one directory.
///
/// Appends run on a private serial queue, off Swift's cooperative pool, because each ends in an
/// fsync. Batches that arrive while a commit is in flight are committed together in the next
/// transaction (group commit): many cameras posting small batches share one fsync, and each
/// caller still gets its own all-or-nothing answer. Searches run concurrently on each
/// partition's reader connections.
public final class EmbeddedReadStore: ReadStore {
    public let directory: URL
    /// The days' keys, kept apart from `directory`.
    public let keys: PartitionKeys
    private let partitionMap: Mutex<[Int: Partition]>
    private let writerQueue = DispatchQueue(label: "sightline.store.writer")
    private let marker: BatchMarker
    private let waiting = Mutex(Waiting())

    /// The most reads one group commit takes; a larger group would delay every caller in it.
    static let groupLimit = 50_000

    private struct Pending {
        var reads: [PlateRead]
        var continuation: CheckedContinuation<[ReadID], any Error>
    }

    private struct Waiting {
        var pending: [Pending] = []
        var draining = false
    }

    /// Opens (creating if needed) the store in `directory`, finishing the undo of any
    /// cross-partition batch that a crash interrupted. Keys live in `keys`, by default in a
    /// directory beside `directory` (its name plus `-keys`), not inside it.
    ///
    /// A day whose file is present but whose key was destroyed — a backup restored after the day
    /// was destroyed — stays closed: its reads cannot be read, which is the point.
    public init(directory: URL, keys: PartitionKeys? = nil) throws {
        self.directory = directory
        self.keys = try keys ?? PartitionKeys(directory: URL(fileURLWithPath: directory.path + "-keys"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var partitions: [Int: Partition] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            guard name.hasSuffix(".sqlite"), let key = Int(name.dropLast(7)) else { continue }
            do {
                partitions[key] = try Partition(key: key, directory: directory, keys: self.keys)
            } catch let error as SightlineError where error.code == .notFound {
                continue
            }
        }
        self.partitionMap = Mutex(partitions)
        self.marker = BatchMarker(directory: directory)
        if let pending = try marker.read() {
            for (key, firstRow) in pending {
                try partitions[key]?.rollBack(from: firstRow)
            }
            try marker.clear()
        }
    }

    public func append(_ reads: [PlateRead]) async throws -> [ReadID] {
        guard !reads.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            let startDrain = waiting.withLock { state in
                state.pending.append(Pending(reads: reads, continuation: continuation))
                defer { state.draining = true }
                return !state.draining
            }
            if startDrain { writerQueue.async { self.drain() } }
        }
    }

    /// Commits waiting batches, a group at a time, until none wait.
    private func drain() {
        while true {
            let group: [Pending] = waiting.withLock { state in
                var taken: [Pending] = []
                var count = 0
                while let next = state.pending.first, taken.isEmpty || count + next.reads.count <= Self.groupLimit {
                    taken.append(state.pending.removeFirst())
                    count += next.reads.count
                }
                if taken.isEmpty { state.draining = false }
                return taken
            }
            if group.isEmpty { return }
            commit(group)
        }
    }

    private func commit(_ group: [Pending]) {
        if group.count > 1, let ids = try? appendNow(group.flatMap(\.reads)) {
            var offset = 0
            for pending in group {
                pending.continuation.resume(returning: Array(ids[offset..<(offset + pending.reads.count)]))
                offset += pending.reads.count
            }
            return
        }
        // Alone, or the group failed as a whole (and was rolled back whole): each batch on its own,
        // so one bad batch cannot sink the others.
        for pending in group {
            pending.continuation.resume(with: Result { try self.appendNow(pending.reads) })
        }
    }

    private func appendNow(_ reads: [PlateRead]) throws -> [ReadID] {
        // The common case: a batch within one day, appended without regrouping or copying.
        let firstKey = reads[0].time.compactDate
        let firstDay = reads[0].time.day
        if reads.allSatisfy({ $0.time.day == firstDay }) {
            return try partition(firstKey).append(reads).map { ReadID(partition: firstKey, row: $0) }
        }
        var groups: [Int: [Int]] = [:]
        for (index, read) in reads.enumerated() {
            groups[read.time.compactDate, default: []].append(index)
        }
        var partitions: [Int: Partition] = [:]
        for key in groups.keys { partitions[key] = try partition(key) }
        var ids = [ReadID](repeating: ReadID(partition: 0, row: 0), count: reads.count)
        let keys = groups.keys.sorted()
        if keys.count > 1 {
            // A batch spanning days touches several files, whose commits SQLite cannot make atomic
            // together in WAL mode. Record where each partition's new rows will start, durably,
            // before the first commit; recovery deletes from there if the marker survives a crash.
            try marker.write(Dictionary(uniqueKeysWithValues: keys.map { ($0, partitions[$0]!.nextRow) }))
        }
        do {
            for key in keys {
                let indices = groups[key]!
                let rows = try partitions[key]!.append(indices.map { reads[$0] })
                for (index, row) in zip(indices, rows) { ids[index] = ReadID(partition: key, row: row) }
            }
        } catch {
            if keys.count > 1 {
                for key in keys { try? partitions[key]!.rollBack(from: (try? marker.read())?[key] ?? .max) }
                try? marker.clear()
            }
            throw error
        }
        if keys.count > 1 { try marker.clear() }
        return ids
    }

    /// Every open partition, by day.
    func openPartitions() -> [(Int, Partition)] {
        partitionMap.withLock { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }

    private func partition(_ key: Int) throws -> Partition {
        if let existing = partitionMap.withLock({ $0[key] }) { return existing }
        let created = try Partition(key: key, directory: directory, keys: keys)
        partitionMap.withLock { $0[key] = created }
        return created
    }

    public func search(_ query: ReadQuery, within owners: Set<AgencyID>) async throws -> ReadPage {
        let limit = min(max(query.limit, 0), ReadQuery.maximumLimit)
        var keys = partitionMap.withLock { Array($0.keys) }.sorted()
        if let window = query.window {
            let first = window.from.compactDate
            let last = window.to.compactDate
            keys = keys.filter { (first...last).contains($0) }
        }
        if query.order == .newestFirst { keys.reverse() }
        var found: [StoredRead] = []
        for key in keys {
            guard let partition = partitionMap.withLock({ $0[key] }) else { continue }
            let remaining = limit + 1 - found.count
            guard remaining > 0 || query.tolerance != nil else { break }
            let sources = partition.sourceIDs(owners: owners, query: query)
            found += try await partition.search(query, sources: sources, limit: max(remaining, 1))
        }
        if query.tolerance != nil { found.sort(by: StoredRead.ranked) }
        let truncated = found.count > limit
        return ReadPage(reads: Array(found.prefix(limit)), truncated: truncated)
    }

    public func dailyCounts(of owner: AgencyID, in window: TimeWindow) async throws -> [DayCount] {
        let keys = partitionMap.withLock { Array($0.keys) }.sorted().filter {
            (window.from.compactDate...window.to.compactDate).contains($0)
        }
        var counts: [DayCount] = []
        for key in keys {
            guard let partition = partitionMap.withLock({ $0[key] }) else { continue }
            counts.append(DayCount(day: key, count: try await partition.count(owner: owner)))
        }
        return counts
    }

    /// Moves every partition's WAL into its database file and truncates the WAL, so that file
    /// sizes are the data's true size (and a copy of the files is a complete copy).
    public func checkpoint() throws {
        for partition in partitionMap.withLock({ Array($0.values) }) {
            try partition.pool.writeWithoutTransaction { db in
                _ = try db.checkpoint(.truncate)
            }
        }
    }

    public func partitions() async throws -> [PartitionSummary] {
        let all = partitionMap.withLock { $0.values.sorted { $0.key < $1.key } }
        return try all.map { try $0.summary() }
    }

    public func dropPartition(_ key: Int) async throws {
        try await onWriterQueue { try self.dropNow(key) }
    }

    /// Runs `body` on the writer's serial queue, after every append queued before it.
    func onWriterQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            writerQueue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    func existingPartition(_ key: Int) -> Partition? { partitionMap.withLock { $0[key] } }

    func dropNow(_ key: Int) throws {
        guard let partition = partitionMap.withLock({ $0.removeValue(forKey: key) }) else {
            throw SightlineError(.notFound, "no partition \(key)")
        }
        try partition.pool.close()
        for suffix in ["", "-wal", "-shm"] {
            let path = partition.url.path + suffix
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        }
        try BatchMarker.syncDirectory(directory)
        // The files first, then the key: a crash between leaves an orphan key, never a file
        // that can no longer be opened. Without the key, any other copy of the file is noise.
        try keys.destroy(day: key)
    }
}
