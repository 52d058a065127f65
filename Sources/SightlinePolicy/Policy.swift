public import SightlineCore

/// Decides, for one data owner, whether a request may read that owner's data.
///
/// Implementations are pure: the same request and owner always give the same decision, so a
/// decision can be explained, replayed and table-tested.
public protocol Policy: Sendable {
    func decide(for request: AccessRequest, owner: AgencyID) -> Decision
}

extension Policy {
    /// One decision per owner, in the owners' order.
    public func decisions(for request: AccessRequest, owners: [AgencyID]) -> [Decision] {
        owners.map { decide(for: request, owner: $0) }
    }
}
