import Foundation
public import SightlineCore
import SightlinePolicy
import SightlineStore

/// Hot-list alerts: matched in the ingest path, routed by the policy engine, stored with their
/// log records before the batch is acknowledged, then published to live subscribers (webhooks
/// read the same stored deliveries).
public struct AlertService: Sendable {
    let catalog: Catalog
    let policy: PolicySource
    let index: HotListIndex
    public let hub: AlertHub

    /// A read of the batch that matched an entry.
    struct Hit: Sendable {
        var read: Int
        var match: HotListMatch
    }

    /// The batch's matches against every list in force now. In memory, no I/O.
    func match(_ reads: [PlateRead], now: Timestamp) throws -> [Hit] {
        let matcher = try index.matcher(at: now)
        guard matcher.count > 0 else { return [] }
        var hits: [Hit] = []
        for (i, read) in reads.enumerated() {
            for match in matcher.matches(read, at: now) { hits.append(Hit(read: i, match: match)) }
        }
        return hits
    }

    /// Routes and stores the alerts of a batch just appended (`ids` in batch order), and
    /// returns what is to be published once the batch is acknowledged.
    func raise(_ hits: [Hit], reads: [PlateRead], ids: [ReadID], now: Timestamp) throws -> [AlertDelivery] {
        guard !hits.isEmpty else { return [] }
        let routing = AlertRouting(policy: try policy.policy(at: now))
        let alerts = hits.compactMap { hit -> Alert? in
            let read = reads[hit.read]
            let route = routing.route(hit.match.listed, cameraOwner: read.owner, readAt: read.time)
            guard !route.recipients.isEmpty else { return nil }
            return Alert(
                raised: now, read: AlertRead(id: ids[hit.read], read), listOwner: hit.match.listed.owner,
                list: hit.match.listed.list, entry: hit.match.entry, match: hit.match.kind,
                matchedText: hit.match.text, recipients: route.recipients)
        }
        return try catalog.record(alerts)
    }

    /// Refuses callers whose role does not receive alerts.
    public func requireRecipient(_ caller: Caller) throws {
        try caller.require(caller.user.role.receivesAlerts, scope: "alerts", "receive alerts")
    }

    /// The caller's agency's deliveries after `sequence`.
    public func deliveries(for caller: Caller, after sequence: Int64 = 0, limit: Int = 100) throws -> [AlertDelivery] {
        try requireRecipient(caller)
        return try catalog.deliveries(to: caller.user.agency, after: sequence, limit: min(max(limit, 1), 1_000))
    }

    /// Records an officer's disposition of an alert delivered to their agency.
    public func dispose(
        alert: Int64, as kind: DispositionKind, action: String, note: String? = nil, by caller: Caller,
        now: Timestamp = .now
    ) throws -> AlertDelivery {
        try caller.require(caller.user.role.receivesAlerts, scope: "alerts", "dispose of alerts")
        let action = action.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !action.isEmpty, action.count <= 500 else {
            throw SightlineError(.invalidField, "say what was done, in at most 500 characters", field: "action")
        }
        if let note, note.count > 2_000 {
            throw SightlineError(.invalidField, "a note holds at most 2,000 characters", field: "note")
        }
        return try catalog.record(
            Disposition(
                alert: alert, agency: caller.user.agency, user: caller.user.id, time: now, kind: kind, action: action,
                note: note))
    }

    /// Reloads the matcher after this process changed a list.
    func listsChanged() throws { try index.reload() }
}
