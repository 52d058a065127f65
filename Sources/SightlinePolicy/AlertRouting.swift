public import SightlineCore

/// Who receives an alert when a camera reads a listed plate, decided by the same policy engine
/// as searches: the camera owner's reads reach another agency only under the owner's `alerts`
/// grant and law, and a list reaches another agency only under the list owner's
/// `hot-list-sharing` grant and law. Nobody receives an alert in a category the camera owner's
/// law, or the recipient's, refuses.
public struct AlertRouting: Sendable {
    public let policy: LawPolicy

    public init(policy: LawPolicy) { self.policy = policy }

    /// Where an alert goes, or why it goes nowhere.
    public struct Route: Hashable, Sendable {
        public var recipients: [AlertRecipient]
        /// Why no alert is raised at all, when a law forbids the category.
        public var suppressed: String?
    }

    /// The route of a match of `listed` on a read taken at `time` by a camera of `cameraOwner`.
    public func route(_ listed: ListedEntry, cameraOwner: AgencyID, readAt time: Timestamp) -> Route {
        let category = listed.entry.category
        let context = policy.context
        if let refusal = refusal(of: category, by: cameraOwner) {
            return Route(recipients: [], suppressed: "\(cameraOwner)'s law refuses \(category.name) alerts: \(refusal)")
        }
        var candidates = [listed.owner, cameraOwner]
        if listed.entry.audience == .shared {
            candidates += context.grants
                .filter {
                    $0.issuer == listed.owner && $0.kinds.contains(.hotListSharing) && $0.isActive(at: context.now)
                }
                .map(\.recipient)
        }
        var recipients: [AlertRecipient] = []
        for agency in candidates where !recipients.contains(where: { $0.agency == agency }) {
            if let recipient = admit(agency, listed, cameraOwner: cameraOwner, readAt: time) {
                recipients.append(recipient)
            }
        }
        return Route(recipients: recipients, suppressed: nil)
    }

    private func admit(
        _ agency: AgencyID, _ listed: ListedEntry, cameraOwner: AgencyID, readAt time: Timestamp
    ) -> AlertRecipient? {
        if refusal(of: listed.entry.category, by: agency) != nil { return nil }
        var listGrant: String?
        var cameraGrant: String?
        if agency != listed.owner {
            guard listed.entry.audience == .shared else { return nil }
            let decision = policy.decide(for: request(agency, .hotListSharing, listed, time), owner: listed.owner)
            guard decision.allows else { return nil }
            listGrant = decision.grant
        }
        if agency != cameraOwner {
            let decision = policy.decide(for: request(agency, .alerts, listed, time), owner: cameraOwner)
            guard decision.allows else { return nil }
            cameraGrant = decision.grant
        }
        var reasons: [String] = []
        reasons.append(
            agency == listed.owner
                ? "owns list \(listed.list)"
                : "\(listed.owner) shares list \(listed.list) under grant \(listGrant ?? "?")")
        reasons.append(
            agency == cameraOwner
                ? "owns the camera" : "\(cameraOwner) sends alerts on its reads under grant \(cameraGrant ?? "?")")
        return AlertRecipient(
            agency: agency, cameraGrant: cameraGrant, listGrant: listGrant, reason: reasons.joined(separator: "; "))
    }

    /// The citation of the law refusing `category` to `agency`, if one does.
    private func refusal(of category: HotListCategory, by agency: AgencyID) -> String? {
        guard let known = policy.context.agencies[agency], let pack = policy.context.pack(for: known) else {
            return "\(agency) is not a known agency under a known law pack"
        }
        guard let refused = pack.refusedHotListCategories, refused.categories.contains(category) else { return nil }
        return refused.citation
    }

    private func request(
        _ agency: AgencyID, _ kind: QueryKind, _ listed: ListedEntry, _ time: Timestamp
    )
        -> AccessRequest
    {
        let entry = listed.entry
        return AccessRequest(
            user: "system:alert-routing", agency: agency, onBehalfOf: agency, purpose: Self.purpose(of: entry.category),
            caseNumber: entry.caseNumber ?? "hot list \(listed.list)",
            justification:
                "Hot-list alert: \(entry.category.name) entry on list \(listed.list) of \(listed.owner)",
            kind: kind, window: TimeWindow(from: time, to: time))
    }

    /// The purpose a hot-list category serves, so that law packs judge alerts as they judge searches.
    public static func purpose(of category: HotListCategory) -> Purpose {
        switch category {
        case .amber, .missingPerson: .amberAlert
        case .stolenVehicle, .stolenCanadianVehicle: .stolenVehicle
        case .stolenPlate: .stolenPlate
        case .felonyVehicle, .violentPerson, .gangOrTerrorist: .violentFelony
        case .wantedPerson, .supervisedRelease, .protectionOrder: .warrantService
        case .protectiveInterest, .sexOffender, .agency: .otherFelony
        case .immigrationViolator: .immigrationEnforcement
        }
    }
}
