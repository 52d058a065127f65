import Synchronization

/// Counters and latency histograms, rendered in the Prometheus text format at `/metrics`.
/// Labels carry kinds, rules and partitions, never a plate, user, key or token.
public final class Metrics: Sendable {
    struct Key: Hashable, Comparable {
        var name: String
        var labels: String
        static func < (a: Key, b: Key) -> Bool { (a.name, a.labels) < (b.name, b.labels) }
    }

    struct Histogram {
        var counts: [Int]
        var sum = 0.0
        var count = 0
    }

    struct State {
        var counters: [Key: Double] = [:]
        var gauges: [Key: Double] = [:]
        var histograms: [Key: Histogram] = [:]
    }

    /// Seconds: from a millisecond to ten seconds.
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// What each metric means, for the `# HELP` and `# TYPE` lines.
    static let descriptions: [String: (type: String, help: String)] = [
        "sightline_ingest_reads_total": ("counter", "Reads acknowledged."),
        "sightline_ingest_batches_total": ("counter", "Batches acknowledged."),
        "sightline_ingest_batch_seconds": ("histogram", "From a batch's arrival to its durable acknowledgement."),
        "sightline_alerts_total": ("counter", "Alert deliveries published to live subscribers."),
        "sightline_alert_seconds": (
            "histogram", "From a batch's arrival to its alerts' publication to live subscribers."
        ),
        "sightline_search_seconds": ("histogram", "Search and analytics latency, by kind."),
        "sightline_policy_denials_total": ("counter", "Owners refused to a search or analytic, by rule."),
        "sightline_log_entries": ("gauge", "Entries in the tamper-evident log."),
        "sightline_log_entries_since_checkpoint": ("gauge", "Log entries no signed checkpoint covers yet."),
        "sightline_checkpoint_age_seconds": ("gauge", "Seconds since this process last signed a checkpoint."),
        "sightline_checkpoint_signed_timestamp_seconds": (
            "gauge", "When this process last signed a checkpoint (Unix seconds)."
        ),
        "sightline_store_partition_bytes": ("gauge", "Bytes on disk of each day's partition."),
        "sightline_store_partition_reads": ("gauge", "Reads in each day's partition."),
    ]

    private let state = Mutex(State())

    public init() {}

    static func key(_ name: String, _ labels: [(String, String)]) -> Key {
        let text = labels.map { (name, value) -> String in
            let escaped = value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing(
                "\n", with: "\\n")
            return "\(name)=\"\(escaped)\""
        }.joined(separator: ",")
        return Key(name: name, labels: text)
    }

    public func increment(_ name: String, _ labels: [(String, String)] = [], by amount: Double = 1) {
        state.withLock { $0.counters[Self.key(name, labels), default: 0] += amount }
    }

    public func set(_ name: String, _ labels: [(String, String)] = [], to value: Double) {
        state.withLock { $0.gauges[Self.key(name, labels)] = value }
    }

    /// A gauge's current value, if it was set.
    public func gauge(_ name: String, _ labels: [(String, String)] = []) -> Double? {
        state.withLock { $0.gauges[Self.key(name, labels)] }
    }

    public func observe(_ name: String, _ duration: Duration, labels: [(String, String)] = []) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        state.withLock { state in
            var histogram =
                state.histograms[Self.key(name, labels)]
                ?? Histogram(counts: Array(repeating: 0, count: Self.buckets.count))
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { histogram.counts[index] += 1 }
            histogram.sum += seconds
            histogram.count += 1
            state.histograms[Self.key(name, labels)] = histogram
        }
    }

    /// The exposition text, with `gauges` measured at scrape time added to the kept ones.
    public func render(adding scraped: [(String, [(String, String)], Double)] = []) -> String {
        var state = state.withLock { $0 }
        for (name, labels, value) in scraped { state.gauges[Self.key(name, labels)] = value }
        var lines: [String] = []
        var described: Set<String> = []
        func header(_ name: String) {
            guard described.insert(name).inserted, let description = Self.descriptions[name] else { return }
            lines.append("# HELP \(name) \(description.help)")
            lines.append("# TYPE \(name) \(description.type)")
        }
        func series(_ name: String, _ labels: String, _ extra: String? = nil) -> String {
            let all = [labels, extra].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ",")
            return all.isEmpty ? name : "\(name){\(all)}"
        }
        for (key, value) in state.counters.sorted(by: { $0.key < $1.key }) {
            header(key.name)
            lines.append("\(series(key.name, key.labels)) \(value)")
        }
        for (key, value) in state.gauges.sorted(by: { $0.key < $1.key }) {
            header(key.name)
            lines.append("\(series(key.name, key.labels)) \(value)")
        }
        for (key, histogram) in state.histograms.sorted(by: { $0.key < $1.key }) {
            header(key.name)
            for (bound, count) in zip(Self.buckets, histogram.counts) {
                lines.append("\(series(key.name + "_bucket", key.labels, "le=\"\(bound)\"")) \(count)")
            }
            lines.append("\(series(key.name + "_bucket", key.labels, "le=\"+Inf\"")) \(histogram.count)")
            lines.append("\(series(key.name + "_sum", key.labels)) \(histogram.sum)")
            lines.append("\(series(key.name + "_count", key.labels)) \(histogram.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
