public import SightlineCore

/// Everything a decision may depend on, taken as one consistent snapshot: the agencies, the law
/// pack each owner is under and how it tightened it, the grants and declarations on file, and the
/// time. Decisions are a pure function of this and the request.
public struct PolicyContext: Sendable {
    public var now: Timestamp
    public var agencies: [AgencyID: Agency]
    public var policies: [AgencyID: AgencyPolicy]
    public var packs: [String: LawPack]
    public var grants: [Grant]
    public var declarations: [Declaration]

    public init(
        now: Timestamp, agencies: [Agency], policies: [AgencyID: AgencyPolicy] = [:], packs: [String: LawPack],
        grants: [Grant] = [], declarations: [Declaration] = []
    ) {
        self.now = now
        self.agencies = Dictionary(uniqueKeysWithValues: agencies.map { ($0.id, $0) })
        self.policies = policies
        self.packs = packs
        self.grants = grants
        self.declarations = declarations
    }

    /// The pack in force for an owner's data.
    public func pack(for owner: Agency) -> LawPack? {
        packs[policies[owner.id]?.pack ?? LawPack.id(for: owner.jurisdiction, among: packs)]
    }
}
