import Foundation
public import SightlineCore

/// One misuse finding and the log entries behind it.
public struct Finding: Hashable, Sendable, Codable {
    public var detector: String
    public var summary: String
    public var entries: [Int64]

    public init(detector: String, summary: String, entries: [Int64]) {
        self.detector = detector
        self.summary = summary
        self.entries = entries
    }
}

/// Auditors' detectors over the log. None of them looks at the driving public: they look at how
/// the system was used — who searched, why, for whom — and at how sharing changed.
public struct MisuseDetectors: Sendable {
    /// Justifications that say nothing.
    public static let vagueReasons: Set<String> = [
        "INV", "INVESTIGATION", "INVESTIGATE", "TEST", "TESTING", "NA", "N A", "NONE", "CASE", "ICE", "CHECK",
        "PER REQUEST",
        "FOLLOW UP", "FOLLOWUP", "LOOKUP", "SEARCH", "WORK", "OTHER", "MISC", "REQUEST",
    ]
    /// Searches by one user within an hour that make a spree.
    public var spreeSize = 30
    /// Times of day (UTC hours, inclusive start, exclusive end) counted as off hours.
    public var offHours = 0..<5
    /// Searches of one plate under different case numbers that make a repeat target.
    public var repeatTarget = 4
    /// New recipients in one day that make a jump in sharing.
    public var grantJump = 5

    public init() {}

    /// Runs every detector over `entries` (index and record), with `agencies` to tell kinds apart.
    public func findings(in entries: [(index: Int64, record: LogRecord)], agencies: [AgencyID: Agency]) -> [Finding] {
        let searches = entries.compactMap { entry in entry.record.search.map { (entry.index, $0) } }
        var found: [Finding] = []

        // Detectors that flag single searches: one finding listing every search that matches.
        let perSearch: [(String, (SearchRecord) -> Bool, (Int) -> String)] = [
            (
                "vague-reason", { Self.isVague($0.request.justification) },
                { "\($0) searches gave a blank or vague reason" }
            ),
            (
                "window-past-retention", { $0.decisions.contains { $0.notBefore != nil } },
                { "\($0) searches asked for reads older than the owner's retention" }
            ),
            (
                "on-behalf-of-federal",
                { agencies[$0.request.onBehalfOf]?.kind == .federal && $0.request.onBehalfOf != $0.request.agency },
                { "\($0) searches were made on behalf of a federal agency" }
            ),
        ]
        for (detector, matches, summary) in perSearch {
            let hits = searches.filter { matches($0.1) }
            if !hits.isEmpty {
                found.append(Finding(detector: detector, summary: summary(hits.count), entries: hits.map(\.0)))
            }
        }
        for (user, own) in Dictionary(grouping: searches, by: \.1.request.user).sorted(by: { $0.key < $1.key }) {
            let times = own.map { ($0.0, $0.1.time.milliseconds) }
            var start = 0
            var worst: [Int64] = []
            for end in times.indices {
                while times[end].1 - times[start].1 > 3_600_000 { start += 1 }
                if end - start + 1 > worst.count { worst = times[start...end].map(\.0) }
            }
            if worst.count >= spreeSize {
                found.append(
                    Finding(
                        detector: "spree", summary: "\(user) ran \(worst.count) searches within one hour",
                        entries: worst))
            }
            let late = own.filter {
                offHours.contains(Int(($0.1.time.milliseconds % Timestamp.millisecondsPerDay) / 3_600_000))
            }
            if !late.isEmpty {
                found.append(
                    Finding(
                        detector: "off-hours",
                        summary:
                            "\(user) searched \(late.count) times between \(offHours.lowerBound):00 and \(offHours.upperBound):00 UTC",
                        entries: late.map(\.0)))
            }
        }
        let byTarget = Dictionary(grouping: searches) { "\($0.1.request.agency)|\($0.1.query.plate)" }
        for (key, hits) in byTarget.sorted(by: { $0.key < $1.key }) {
            let cases = Set(hits.map(\.1.request.caseNumber))
            if hits.count >= repeatTarget, cases.count == hits.count {
                let parts = key.split(separator: "|")
                found.append(
                    Finding(
                        detector: "repeat-target-without-case",
                        summary:
                            "\(parts[0]) searched \(parts[1]) \(hits.count) times, each under a different case number",
                        entries: hits.map(\.0)))
            }
        }
        found += grantFindings(entries)
        return found
    }

    func grantFindings(_ entries: [(index: Int64, record: LogRecord)]) -> [Finding] {
        var found: [Finding] = []
        var latest: [String: (purposes: Int, kinds: Int)] = [:]
        var perDay: [String: [Int64]] = [:]
        for (index, record) in entries {
            guard let change = record.change, change.action == "grant.issue", let after = change.after,
                let grant = try? JSONDecoderBox.decode(Grant.self, from: after)
            else { continue }
            let pair = "\(grant.issuer)->\(grant.recipient)"
            if let previous = latest[pair],
                grant.purposes.count > previous.purposes || grant.kinds.count > previous.kinds
            {
                found.append(
                    Finding(
                        detector: "grant-scope-jump",
                        summary: "\(grant.issuer) widened what \(grant.recipient) may do (grant \(grant.id))",
                        entries: [index]))
            }
            latest[pair] = (grant.purposes.count, grant.kinds.count)
            perDay["\(grant.issuer)|\(change.time.compactDate)", default: []].append(index)
        }
        for (key, indices) in perDay.sorted(by: { $0.key < $1.key }) where indices.count >= grantJump {
            let parts = key.split(separator: "|")
            found.append(
                Finding(
                    detector: "grant-count-jump", summary: "\(parts[0]) issued \(indices.count) grants on \(parts[1])",
                    entries: indices))
        }
        return found
    }

    static func isVague(_ justification: String) -> Bool {
        let words = justification.uppercased().split { !($0.isLetter || $0.isNumber) }
        return words.count < 4 || vagueReasons.contains(words.joined(separator: " "))
    }
}

enum JSONDecoderBox {
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
