/// The tallies behind stakeout and convoy, apart from how the reads were fetched, so that the
/// server, the benchmark and the tests all run the same arithmetic. Both start from evidence a
/// case names — scenes, or a target plate — and neither scores anyone else's travel.
public enum CaseAnalytics {
    /// A vehicle an analytic surfaced, with the reads that put it there (oldest first, each once).
    public struct Sighting: Hashable, Sendable {
        public var plate: String
        /// Stakeout: the indexes of the scenes it was seen at.
        public var scenes: [Int]
        /// Convoy: the cameras it shared with the target.
        public var cameras: [CameraID]
        /// Convoy: times it passed within the gap of one of the target's passes.
        public var coOccurrences: Int
        public var reads: [StoredRead]
    }

    /// Plates seen in at least `minimum` scenes, most scenes first, then by plate.
    public static func stakeout(_ scenes: [[StoredRead]], minimum: Int) -> [Sighting] {
        var seen: [String: (scenes: Set<Int>, reads: [StoredRead])] = [:]
        for (index, reads) in scenes.enumerated() {
            for read in reads {
                seen[read.read.plate.normalized, default: ([], [])].scenes.insert(index)
                seen[read.read.plate.normalized, default: ([], [])].reads.append(read)
            }
        }
        return seen.filter { $0.value.scenes.count >= minimum }
            .sorted { ($1.value.scenes.count, $0.key) < ($0.value.scenes.count, $1.key) }
            .map { plate, hits in
                Sighting(
                    plate: plate, scenes: hits.scenes.sorted(), cameras: [], coOccurrences: 0,
                    reads: distinct(hits.reads))
            }
    }

    /// Other plates read at the target's cameras within the gap of its passes, at `minimum` or
    /// more distinct cameras; `passes[i]` holds what was read around the target's i-th pass.
    /// Ranked by co-occurrences, then by plate.
    public static func convoy(target: String, passes: [[StoredRead]], minimum: Int) -> [Sighting] {
        var others: [String: (cameras: Set<CameraID>, count: Int, reads: [StoredRead])] = [:]
        for reads in passes {
            for read in reads where read.read.plate.normalized != target {
                let key = read.read.plate.normalized
                others[key, default: ([], 0, [])].cameras.insert(read.read.camera)
                others[key, default: ([], 0, [])].count += 1
                others[key, default: ([], 0, [])].reads.append(read)
            }
        }
        return others.filter { $0.value.cameras.count >= minimum }
            .sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
            .map { plate, value in
                Sighting(
                    plate: plate, scenes: [], cameras: value.cameras.sorted(), coOccurrences: value.count,
                    reads: distinct(value.reads))
            }
    }

    /// A read near two of the target's passes counts twice but is shown once.
    private static func distinct(_ reads: [StoredRead]) -> [StoredRead] {
        var ids = Set<ReadID>()
        return reads.filter { ids.insert($0.id).inserted }.sorted { ($0.read.time, $0.id) < ($1.read.time, $1.id) }
    }
}
