import Foundation
public import SightlineAudit
public import SightlineCore
import SightlinePolicy
import SightlineStore

/// An agency's public transparency report, computed from the log and the store's counters —
/// never typed in — and pinned to the signed checkpoint it was computed at, so anyone holding
/// the log can recompute every figure.
public struct TransparencyReport: Sendable, Codable {
    public struct Count: Hashable, Sendable, Codable {
        public var key: String
        public var count: Int

        public init(key: String, count: Int) {
            self.key = key
            self.count = count
        }

        /// How often each key occurs, most frequent first, ties by key.
        static func tally(_ keys: [String]) -> [Count] {
            Dictionary(grouping: keys, by: { $0 }).map { Count(key: $0.key, count: $0.value.count) }
                .sorted { ($0.count, $1.key) > ($1.count, $0.key) }
        }
    }

    public struct Partner: Hashable, Sendable, Codable {
        public var agency: AgencyID
        public var grant: String
        public var purposes: [Purpose]
        public var kinds: [QueryKind]
        public var start: Timestamp
        public var expiry: Timestamp
        public var status: String
    }

    /// Hot-list alerts this agency received and how its officers disposed of them.
    public struct AlertFigures: Sendable, Codable {
        /// Alerts delivered to this agency.
        public var received: Int
        /// Alerts its officers disposed of (the latest disposition of each counts).
        public var dispositions: Int
        /// Of those, misreads and wrong-state matches.
        public var falseAlerts: Int
        /// `falseAlerts / dispositions`, when any were disposed of.
        public var falseAlertRate: Double?
        public var byDisposition: [Count]
        /// Alerts by the match that raised them: exact, confusable, candidate.
        public var byMatch: [Count]
    }

    public struct Retention: Sendable, Codable {
        public var pack: String
        public var packName: String
        public var days: Int?
        public var citations: [String]
    }

    public var agency: Agency
    public var from: Timestamp
    public var to: Timestamp
    /// The signed checkpoint the figures were computed at; the entries counted are those it covers.
    public var checkpoint: String
    public var logSize: Int64
    public var cameras: Int
    public var reads: Int
    public var readsPerDay: [DayCount]
    public var hotListHits: Int
    public var hotListHitsPerDay: [DayCount]
    public var alerts: AlertFigures
    /// Searches this agency's users made, by purpose.
    public var searches: Int
    public var searchesByPurpose: [Count]
    /// Searches this agency's users made for other agencies, by beneficiary.
    public var searchesOnBehalfOfOthers: [Count]
    /// Searches by other agencies that this agency's data answered, by requester.
    public var searchesOfOurDataByOthers: [Count]
    /// Refusals of this agency's data, by the rule that refused.
    public var denialsByRule: [Count]
    /// Searches and analytics by our users refused before any data was asked for, because the
    /// purpose, case, reason or beneficiary was missing or unusable.
    public var incompleteSearchesRefused: Int
    /// Hot-list entries the agency's law refused to load (an immigration-violator category in
    /// California, say), from the log's `hotlist.refuse` records.
    public var hotListEntriesRefused: Int
    public var sharingPartners: [Partner]
    public var activeGrantsPerDay: [DayCount]
    public var retention: Retention
    public var destructions: [String]
    public var findings: [Finding]
    public var notes: [String]
}

extension AdminService {
    /// Builds the report for `agencyID` over the days from `from` to `to`.
    public func transparencyReport(
        of agencyID: AgencyID, from: Timestamp, to: Timestamp, audit: AuditService, store: any ReadStore
    ) async throws -> TransparencyReport {
        guard let agency = try catalog.agency(agencyID) else {
            throw SightlineError(.notFound, "no agency \(agencyID)")
        }
        guard from <= to else { throw SightlineError(.invalidField, "from must not be after to", field: "from") }
        let note = try audit.checkpoint()
        let size = try NoteVerifier(verifierKey: audit.verifierKey).verify(note).size
        let records = try catalog.entries(from: 0, to: size).map { entry in
            (entry.index, try JSONDecoder().decode(LogRecord.self, from: Data(entry.entry.utf8)))
        }
        let window = TimeWindow(from: from, to: to)
        let inWindow = records.filter { window.contains($0.1.time) }
        let searches = inWindow.compactMap { entry in entry.1.search.map { (entry.0, $0) } }
        let ours = searches.filter { $0.1.request.agency == agencyID }
        let reads = try await store.dailyCounts(of: agencyID, in: window)
        let days = Self.days(from: from, to: to)
        let readsByDay = Dictionary(uniqueKeysWithValues: reads.map { ($0.day, $0.count) })
        let grants = try catalog.grants(issuedBy: agencyID)
        let context = try policy.policy(at: to).context
        let pack = context.pack(for: agency)
        let agencies = Dictionary(uniqueKeysWithValues: try catalog.agencies().map { ($0.id, $0) })
        // A hit is an alert raised on this agency's cameras, whoever's list it matched.
        let hits = inWindow.compactMap(\.1.alert).filter { $0.event == .raised && $0.cameraOwner == agencyID }
        let hitsByDay = Dictionary(grouping: hits, by: { $0.time.compactDate }).mapValues(\.count)
        let relevant = inWindow.filter { $0.1.actorAgency == agencyID || $0.1.subjectAgency == agencyID }
        return TransparencyReport(
            agency: agency, from: from, to: to, checkpoint: note, logSize: size,
            cameras: try catalog.cameras(ownedBy: agencyID).count,
            reads: reads.reduce(0) { $0 + $1.count },
            readsPerDay: days.map { DayCount(day: $0, count: readsByDay[$0] ?? 0) },
            hotListHits: hits.count,
            hotListHitsPerDay: days.map { DayCount(day: $0, count: hitsByDay[$0] ?? 0) },
            alerts: alertFigures(inWindow.compactMap(\.1.alert), of: agencyID),
            searches: ours.count,
            searchesByPurpose: TransparencyReport.Count.tally(ours.map(\.1.request.purpose.rawValue)),
            searchesOnBehalfOfOthers: TransparencyReport.Count.tally(
                ours.filter { $0.1.request.onBehalfOf != agencyID }.map(\.1.request.onBehalfOf.rawValue)),
            searchesOfOurDataByOthers: TransparencyReport.Count.tally(
                searches.filter {
                    $0.1.request.agency != agencyID && $0.1.decisions.contains { $0.owner == agencyID && $0.allows }
                }
                .map(\.1.request.agency.rawValue)),
            denialsByRule: TransparencyReport.Count.tally(
                searches.filter { $0.1.request.agency != agencyID }.flatMap { entry in
                    entry.1.decisions.filter { $0.owner == agencyID && !$0.allows }.map(\.rule)
                }),
            incompleteSearchesRefused: relevant.compactMap(\.1.change).filter {
                $0.action == SearchService.incompleteRefusal && $0.actorAgency == agencyID
            }.count,
            hotListEntriesRefused: relevant.compactMap(\.1.change).filter {
                $0.action == "hotlist.refuse" && $0.agency == agencyID
            }.reduce(0) { total, change in
                // "refused N <category> entries: <reason>"
                total + (change.after?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0)
            },
            sharingPartners: grants.map { grant in
                .init(
                    agency: grant.recipient, grant: grant.id, purposes: grant.purposes, kinds: grant.kinds,
                    start: grant.start,
                    expiry: grant.expiry,
                    status: grant.isActive(at: to)
                        ? "active"
                        : grant.revoked != nil ? "revoked" : grant.expiry <= to ? "expired" : "not yet started")
            },
            // A grant counts on every day it was in force at some moment (not only at noon, which
            // missed a grant issued in the afternoon).
            activeGrantsPerDay: days.map { day in
                let start = Timestamp(compactDate: day)!
                let end = start.adding(milliseconds: Timestamp.millisecondsPerDay)
                return DayCount(
                    day: day,
                    count: grants.filter { grant in
                        let stop = [grant.expiry, grant.revoked].compactMap { $0 }.min()!
                        return grant.start < end && start < stop && grant.start < stop
                    }.count)
            },
            retention: .init(
                pack: pack?.id ?? "?", packName: pack?.name ?? "?",
                days: pack?.retentionDays(tightenedBy: context.policies[agencyID]), citations: pack?.citations ?? []),
            destructions: [],
            findings: MisuseDetectors().findings(in: relevant.map { ($0.0, $0.1) }, agencies: agencies),
            notes: [
                "Hot-list hits are alerts raised on this agency's cameras; false alerts are those its officers disposed of as misread or wrong state.",
                "Retention is enforced at query time; destructions are listed once the retention job runs.",
            ])
    }

    func alertFigures(_ records: [AlertRecord], of agency: AgencyID) -> TransparencyReport.AlertFigures {
        let received = records.filter { $0.event == .raised && $0.recipients.contains { $0.agency == agency } }
        var latest: [Int64: DispositionKind] = [:]
        for record in records where record.event == .disposition && record.disposition?.agency == agency {
            latest[record.alert] = record.disposition?.kind
        }
        let falseAlerts = latest.values.filter(\.isFalseAlert).count
        return .init(
            received: received.count, dispositions: latest.count, falseAlerts: falseAlerts,
            falseAlertRate: latest.isEmpty ? nil : Double(falseAlerts) / Double(latest.count),
            byDisposition: TransparencyReport.Count.tally(latest.values.map(\.rawValue)),
            byMatch: TransparencyReport.Count.tally(received.map(\.match.rawValue)))
    }

    static func days(from: Timestamp, to: Timestamp) -> [Int] {
        guard from.day <= to.day else { return [] }
        return (from.day...min(to.day, from.day + 3660)).map {
            Timestamp(milliseconds: $0 * Timestamp.millisecondsPerDay).compactDate
        }
    }
}
