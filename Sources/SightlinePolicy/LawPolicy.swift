public import SightlineCore

/// The policy engine: the law of the data owner's jurisdiction, the owner's own tightenings and
/// grants, applied to one request for one owner's data.
///
/// Rules run in a fixed order and the first refusal decides. A request made on behalf of another
/// agency is judged for both the requester's agency and the beneficiary: each must be allowed on
/// its own, so a local officer cannot launder another body's request.
public struct LawPolicy: Policy {
    public let context: PolicyContext

    public init(context: PolicyContext) { self.context = context }

    public func decide(for request: AccessRequest, owner: AgencyID) -> Decision {
        func deny(_ rule: String, _ reason: String) -> Decision {
            Decision(owner: owner, outcome: .deny, rule: rule, reason: reason)
        }
        guard let ownerAgency = context.agencies[owner], let pack = context.pack(for: ownerAgency) else {
            return deny("owner.unknown", "\(owner) is not a known agency under a known law pack")
        }
        let tightening = context.policies[owner]
        let purpose = request.purpose

        if purpose.isProhibitedEverywhere {
            return deny("purpose.prohibited", "\(purpose.rawValue) is not a lawful purpose anywhere")
        }
        if let rule = pack.prohibitedPurposes?.first(where: { $0.purpose == purpose }) {
            return deny("\(pack.id).purpose-prohibited", "\(pack.name) refuses \(purpose.rawValue): \(rule.citation)")
        }
        if tightening?.prohibitedPurposes.contains(purpose) == true {
            return deny("agency.purpose-prohibited", "\(owner) refuses \(purpose.rawValue) by its own policy")
        }
        if let allowed = pack.allowedPurposes, !allowed.purposes.contains(purpose) {
            return deny(
                "\(pack.id).purpose-not-listed", "\(pack.name) allows listed purposes only: \(allowed.citation)")
        }
        if let minimum = pack.justificationMinimum, request.justification.count < minimum {
            return deny(
                "\(pack.id).justification", "\(pack.name) requires a justification of at least \(minimum) characters")
        }
        var coSign: (rule: String, reason: String)?
        if let screening = pack.screening, let term = screening.match(request.justification) {
            let reason = "the justification names \"\(term)\", a prohibited purpose: \(screening.citation)"
            if screening.action == .deny { return deny("\(pack.id).screening", reason) }
            coSign = ("\(pack.id).screening", reason)
        }

        var grantUsed: String?
        for party in [request.agency, request.onBehalfOf] where party != owner {
            guard let recipient = context.agencies[party] else {
                return deny("recipient.unknown", "\(party) is not a known agency")
            }
            if let rule = pack.recipients {
                if !rule.admit(recipient, from: ownerAgency) {
                    return deny(
                        "\(pack.id).recipients",
                        "\(pack.name) data may not go to \(party) (\(recipient.kind.rawValue), \(Self.place(recipient))): \(rule.citation)"
                    )
                }
            }
            let candidates = context.grants.filter { $0.issuer == owner && $0.recipient == party }
            guard
                let grant = candidates.first(where: {
                    $0.isActive(at: context.now) && $0.purposes.contains(purpose) && $0.kinds.contains(request.kind)
                })
            else {
                if candidates.contains(where: { $0.revoked.map { $0 <= context.now } ?? false }) {
                    return deny("grant.revoked", "\(owner)'s grant to \(party) was revoked")
                }
                if candidates.contains(where: { $0.expiry <= context.now }) {
                    return deny("grant.expired", "\(owner)'s grant to \(party) has expired")
                }
                if !candidates.isEmpty {
                    return deny(
                        "grant.scope",
                        "\(owner)'s grant to \(party) does not cover \(purpose.rawValue) \(request.kind.rawValue)")
                }
                return deny("grant.none", "\(owner) has issued no sharing grant to \(party)")
            }
            if let rule = pack.outOfStateDeclaration,
                recipient.jurisdiction.country != ownerAgency.jurisdiction.country
                    || recipient.jurisdiction.state != ownerAgency.jurisdiction.state
            {
                let onFile = context.declarations.contains {
                    $0.owner == owner && $0.recipient == party && context.now < $0.expiry
                }
                if !onFile {
                    return deny(
                        "\(pack.id).declaration",
                        "\(party) has no written declaration on file with \(owner): \(rule.citation)")
                }
            }
            grantUsed = grantUsed ?? grant.id
        }

        var notBefore: Timestamp?
        var notes: [String] = []
        if let days = pack.retentionDays(tightenedBy: tightening) {
            let limit = context.now.adding(milliseconds: -Int64(days) * Timestamp.millisecondsPerDay)
            if let window = request.window, window.to < limit {
                return deny("retention.window", "the whole window is older than \(owner)'s \(days)-day retention")
            }
            if (request.window?.from ?? Timestamp(milliseconds: .min)) < limit {
                notBefore = limit
                notes.append("reads older than \(days) days are out of reach (\(owner)'s retention)")
            }
        }
        let coSignDays = [pack.coSign?.afterDays, tightening?.coSignAfterDays].compactMap { $0 }.min()
        if coSign == nil, let days = coSignDays, !request.coSigned {
            let limit = context.now.adding(milliseconds: -Int64(days) * Timestamp.millisecondsPerDay)
            if (request.window?.from ?? Timestamp(milliseconds: .min)) < limit {
                coSign = (
                    "\(pack.id).co-sign-age",
                    "reads older than \(days) days need a supervisor's co-signature"
                        + (pack.coSign.map { ": \($0.citation)" } ?? "")
                )
            }
        }
        if let coSign, !request.coSigned {
            return Decision(owner: owner, outcome: .coSign, rule: coSign.rule, reason: coSign.reason)
        }
        let hitOnly = pack.hitOnly != nil || tightening?.hitOnly == true
        if hitOnly { notes.append("answers hit / no-hit only" + (pack.hitOnly.map { ": \($0.citation)" } ?? "")) }
        let (rule, base) =
            grantUsed.map { ("grant.allow", "\(owner) granted access under grant \($0)") }
            ?? ("own-agency.allow", "\(owner) reads its own data")
        return Decision(
            owner: owner, outcome: .allow, rule: rule, reason: ([base] + notes).joined(separator: "; "),
            disclosure: hitOnly ? .hitOnly : .reads, notBefore: notBefore, grant: grantUsed)
    }

    static func place(_ agency: Agency) -> String {
        [agency.jurisdiction.state, agency.jurisdiction.country].compactMap { $0 }.joined(separator: ", ")
    }
}
