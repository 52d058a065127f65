import SightlineCore
import SightlinePolicy
import Testing

/// Every rule of the deny-by-default policy, once allowing and once denying.
@Suite("Own-agency policy")
struct OwnAgencyPolicyTests {
    static func request(
        agency: AgencyID = "city", onBehalfOf: AgencyID = "city", purpose: Purpose = .stolenVehicle
    ) -> AccessRequest {
        AccessRequest(
            user: "u", agency: agency, onBehalfOf: onBehalfOf, purpose: purpose, caseNumber: "C-1",
            justification: "a documented reason", kind: .search)
    }

    @Test(
        "rules, each with the owner, the request and the decision",
        arguments: [
            ("own data, own agency", request(), AgencyID("city"), Decision.Outcome.allow, "own-agency.allow"),
            ("another owner's data", request(), "county", .deny, "own-agency.deny"),
            (
                "for another agency, even over the requester's own data", request(onBehalfOf: "federal"), "city", .deny,
                "own-agency.on-behalf-of"
            ),
            (
                "for another agency, over that agency's data", request(onBehalfOf: "county"), "county", .deny,
                "own-agency.on-behalf-of"
            ),
            ("a purpose no law allows", request(purpose: .personalUse), "city", .deny, "purpose.prohibited"),
        ])
    func rules(_ name: String, request: AccessRequest, owner: AgencyID, outcome: Decision.Outcome, rule: String) {
        let decision = OwnAgencyPolicy().decide(for: request, owner: owner)
        #expect(decision.outcome == outcome, "\(name)")
        #expect(decision.rule == rule, "\(name)")
        #expect(decision.owner == owner)
        #expect(!decision.reason.isEmpty)
    }

    @Test("the same request always gets the same decisions")
    func deterministic() {
        let owners: [AgencyID] = ["city", "county", "mall"]
        let first = OwnAgencyPolicy().decisions(for: Self.request(), owners: owners)
        #expect(first == OwnAgencyPolicy().decisions(for: Self.request(), owners: owners))
        #expect(first.map(\.allows) == [true, false, false])
    }
}
