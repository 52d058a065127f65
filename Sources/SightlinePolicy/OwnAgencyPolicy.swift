public import SightlineCore

/// Deny by default: an agency reads only what its own cameras captured, for itself.
///
/// This is the whole rule while no sharing grants exist. A search on behalf of another agency is
/// judged as that agency's, and also as the requester's; both must own the data, so on-behalf-of
/// never widens access.
public struct OwnAgencyPolicy: Policy {
    public init() {}

    public func decide(for request: AccessRequest, owner: AgencyID) -> Decision {
        if request.purpose.isProhibitedEverywhere {
            return Decision(
                owner: owner, outcome: .deny, rule: "purpose.prohibited",
                reason: "purpose \(request.purpose.rawValue) is not a lawful purpose anywhere")
        }
        guard request.onBehalfOf == request.agency else {
            return Decision(
                owner: owner, outcome: .deny, rule: "own-agency.on-behalf-of",
                reason:
                    "searches for another agency (\(request.onBehalfOf)) need a sharing grant from the data owner; none exist"
            )
        }
        guard owner == request.agency else {
            return Decision(
                owner: owner, outcome: .deny, rule: "own-agency.deny",
                reason: "\(owner) has issued no sharing grant to \(request.agency)")
        }
        return Decision(
            owner: owner, outcome: .allow, rule: "own-agency.allow", reason: "\(owner) reads its own data")
    }
}
