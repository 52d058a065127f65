import SightlineCore
import SightlinePolicy
import Testing

/// The decision table: each rule of `LawPolicy`, once where it allows and once where it refuses,
/// against the law packs Sightline ships.
@Suite("Law policy")
struct LawPolicyTests {
    static let now = Timestamp(rfc3339: "2026-11-29T12:00:00Z")!
    static let day = Timestamp.millisecondsPerDay

    static func agency(_ id: AgencyID, _ kind: AgencyKind, _ country: String, _ state: String?) -> Agency {
        Agency(id: id, name: id.rawValue, kind: kind, jurisdiction: Jurisdiction(country: country, state: state))
    }

    static let agencies = [
        agency("ca-city", .localPolice, "US", "CA"), agency("ca-county", .sheriff, "US", "CA"),
        agency("ca-mall", .privateOwner, "US", "CA"), agency("fed", .federal, "US", nil),
        agency("nv-city", .localPolice, "US", "NV"), agency("il-city", .localPolice, "US", "IL"),
        agency("in-city", .localPolice, "US", "IN"), agency("va-city", .localPolice, "US", "VA"),
        agency("mn-city", .localPolice, "US", "MN"), agency("nl-city", .localPolice, "NL", nil),
        agency("gb-city", .localPolice, "GB", nil), agency("tx-city", .localPolice, "US", "TX"),
    ]

    static func grant(
        _ issuer: AgencyID, _ recipient: AgencyID, purposes: [Purpose] = [.stolenVehicle],
        expiry: Timestamp = now.adding(milliseconds: 30 * day), revoked: Timestamp? = nil
    ) -> Grant {
        Grant(
            id: "g-\(issuer)-\(recipient)", issuer: issuer, recipient: recipient, purposes: purposes,
            kinds: [.search, .timeline], start: now.adding(milliseconds: -day), expiry: expiry, issuedBy: "admin",
            revoked: revoked)
    }

    static func request(
        _ agency: AgencyID, for beneficiary: AgencyID? = nil, purpose: Purpose = .stolenVehicle,
        justification: String = "Vehicle reported stolen from Main St", daysBack: Int64? = 7, coSigned: Bool = false
    ) -> AccessRequest {
        AccessRequest(
            user: "u", agency: agency, onBehalfOf: beneficiary ?? agency, purpose: purpose, caseNumber: "C-1",
            justification: justification, kind: .search,
            window: daysBack.map { TimeWindow(from: now.adding(milliseconds: -$0 * day), to: now) },
            coSignedBy: coSigned ? "sup" : nil)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var request: AccessRequest
        var owner: AgencyID
        var grants: [Grant] = []
        var declarations: [Declaration] = []
        var policies: [AgencyID: AgencyPolicy] = [:]
        var outcome: Decision.Outcome
        var rule: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "own data, own agency", request: request("ca-city"), owner: "ca-city", outcome: .allow,
            rule: "own-agency.allow"),
        Case(
            name: "personal use, own data", request: request("ca-city", purpose: .personalUse), owner: "ca-city",
            outcome: .deny, rule: "purpose.prohibited"),
        // California: SB 34 sharing and SB 54.
        Case(
            name: "CA to a CA sheriff with a grant", request: request("ca-county"), owner: "ca-city",
            grants: [grant("ca-city", "ca-county")], outcome: .allow, rule: "grant.allow"),
        Case(
            name: "CA to a CA sheriff without a grant", request: request("ca-county"), owner: "ca-city",
            outcome: .deny, rule: "grant.none"),
        Case(
            name: "CA to a federal agency, even with a grant", request: request("fed"), owner: "ca-city",
            grants: [grant("ca-city", "fed")], outcome: .deny, rule: "us-ca.recipients"),
        Case(
            name: "CA to an out-of-state police department with a grant", request: request("nv-city"), owner: "ca-city",
            grants: [grant("ca-city", "nv-city")], outcome: .deny, rule: "us-ca.recipients"),
        Case(
            name: "CA to a private owner with a grant", request: request("ca-mall"), owner: "ca-city",
            grants: [grant("ca-city", "ca-mall")], outcome: .deny, rule: "us-ca.recipients"),
        Case(
            name: "CA officer on behalf of a federal agency, own data", request: request("ca-city", for: "fed"),
            owner: "ca-city", outcome: .deny, rule: "us-ca.recipients"),
        Case(
            name: "CA immigration enforcement, own data", request: request("ca-city", purpose: .immigrationEnforcement),
            owner: "ca-city", outcome: .deny, rule: "us-ca.purpose-prohibited"),
        Case(
            name: "CA stolen vehicle with 'ICE detainer' as justification",
            request: request("ca-city", justification: "ICE detainer"),
            owner: "ca-city", outcome: .deny, rule: "us-ca.screening"),
        Case(
            name: "CA justification that merely contains 'ice' inside a word",
            request: request("ca-city", justification: "Notice of stolen vehicle"),
            owner: "ca-city", outcome: .allow, rule: "own-agency.allow"),
        // Grants: scope, expiry, revocation.
        Case(
            name: "grant not covering the purpose", request: request("ca-county", purpose: .misdemeanor),
            owner: "ca-city",
            grants: [grant("ca-city", "ca-county")], outcome: .deny, rule: "grant.scope"),
        Case(
            name: "expired grant", request: request("ca-county"), owner: "ca-city",
            grants: [grant("ca-city", "ca-county", expiry: now.adding(milliseconds: -1))], outcome: .deny,
            rule: "grant.expired"),
        Case(
            name: "revoked grant", request: request("ca-county"), owner: "ca-city",
            grants: [grant("ca-city", "ca-county", revoked: now.adding(milliseconds: -1))], outcome: .deny,
            rule: "grant.revoked"),
        // Illinois: declaration for out-of-state agencies; no immigration or reproductive-health use.
        Case(
            name: "IL to an out-of-state agency without a declaration", request: request("in-city"), owner: "il-city",
            grants: [grant("il-city", "in-city")], outcome: .deny, rule: "us-il.declaration"),
        Case(
            name: "IL to an out-of-state agency with a declaration", request: request("in-city"), owner: "il-city",
            grants: [grant("il-city", "in-city")],
            declarations: [
                Declaration(
                    owner: "il-city", recipient: "in-city", documentSHA256: "ab", expiry: now.adding(milliseconds: day),
                    filedBy: "admin")
            ],
            outcome: .allow, rule: "grant.allow"),
        Case(
            name: "IL immigration purpose even with a declaration",
            request: request("in-city", purpose: .immigrationEnforcement), owner: "il-city",
            grants: [grant("il-city", "in-city", purposes: [.immigrationEnforcement])],
            declarations: [
                Declaration(
                    owner: "il-city", recipient: "in-city", documentSHA256: "ab", expiry: now.adding(milliseconds: day),
                    filedBy: "admin")
            ],
            outcome: .deny, rule: "us-il.purpose-prohibited"),
        Case(
            name: "IL reproductive-health enforcement",
            request: request("il-city", purpose: .reproductiveHealthEnforcement), owner: "il-city",
            outcome: .deny, rule: "us-il.purpose-prohibited"),
        // Virginia: listed purposes, longer justification, 21 days.
        Case(
            name: "VA listed purpose", request: request("va-city", purpose: .violentFelony), owner: "va-city",
            outcome: .allow, rule: "own-agency.allow"),
        Case(
            name: "VA unlisted purpose", request: request("va-city", purpose: .trafficSafety), owner: "va-city",
            outcome: .deny, rule: "us-va.purpose-not-listed"),
        Case(
            name: "VA short justification", request: request("va-city", justification: "stolen car"), owner: "va-city",
            outcome: .deny, rule: "us-va.justification"),
        Case(
            name: "VA window entirely past 21 days",
            request: AccessRequest(
                user: "u", agency: "va-city", onBehalfOf: "va-city", purpose: .stolenVehicle, caseNumber: "C",
                justification: "Vehicle reported stolen from Main St", kind: .search,
                window: TimeWindow(from: now.adding(milliseconds: -60 * day), to: now.adding(milliseconds: -30 * day))),
            owner: "va-city", outcome: .deny, rule: "retention.window"),
        // Screening routed to co-signature where the pack says so.
        Case(
            name: "MN justification naming deportation",
            request: request("mn-city", justification: "possible deportation case"), owner: "mn-city",
            outcome: .coSign, rule: "us-mn.screening"),
        Case(
            name: "MN same search once co-signed",
            request: request("mn-city", justification: "possible deportation case", coSigned: true), owner: "mn-city",
            outcome: .allow, rule: "own-agency.allow"),
        // UK model: age tier.
        Case(
            name: "GB search within 90 days", request: request("gb-city", daysBack: 30), owner: "gb-city",
            outcome: .allow, rule: "own-agency.allow"),
        Case(
            name: "GB search reaching back 200 days", request: request("gb-city", daysBack: 200), owner: "gb-city",
            outcome: .coSign, rule: "gb.co-sign-age"),
        Case(
            name: "GB search reaching back 200 days, co-signed",
            request: request("gb-city", daysBack: 200, coSigned: true), owner: "gb-city", outcome: .allow,
            rule: "own-agency.allow"),
        // Agency tightenings.
        Case(
            name: "agency refuses a purpose its pack allows", request: request("tx-city", purpose: .trafficSafety),
            owner: "tx-city",
            policies: ["tx-city": AgencyPolicy(pack: "default", prohibitedPurposes: [.trafficSafety])], outcome: .deny,
            rule: "agency.purpose-prohibited"),
        Case(
            name: "agency co-signature after 10 days", request: request("tx-city", daysBack: 20), owner: "tx-city",
            policies: ["tx-city": AgencyPolicy(pack: "default", coSignAfterDays: 10)], outcome: .coSign,
            rule: "default.co-sign-age"),
        Case(
            name: "default pack: another agency with a grant", request: request("nv-city"), owner: "tx-city",
            grants: [grant("tx-city", "nv-city")], outcome: .allow, rule: "grant.allow"),
        Case(
            name: "on behalf of an agency the owner never granted", request: request("ca-county", for: "ca-mall"),
            owner: "ca-county",
            outcome: .deny, rule: "us-ca.recipients"),
        Case(
            name: "data of an agency Sightline does not know", request: request("ca-city"), owner: "nowhere",
            outcome: .deny, rule: "owner.unknown"),
        Case(
            name: "on behalf of an agency Sightline does not know", request: request("ca-city", for: "nowhere"),
            owner: "ca-city", outcome: .deny, rule: "recipient.unknown"),
        Case(
            name: "a grant for searches does not cover alerts",
            request: AccessRequest(
                user: "u", agency: "ca-county", onBehalfOf: "ca-county", purpose: .stolenVehicle, caseNumber: "C",
                justification: "Vehicle reported stolen", kind: .alerts),
            owner: "ca-city", grants: [grant("ca-city", "ca-county")], outcome: .deny, rule: "grant.scope"),
    ]

    @Test("decision table", arguments: cases)
    func table(_ c: Case) throws {
        let packs = try LawPack.shipped()
        let context = PolicyContext(
            now: Self.now, agencies: Self.agencies, policies: c.policies, packs: packs, grants: c.grants,
            declarations: c.declarations)
        let decision = LawPolicy(context: context).decide(for: c.request, owner: c.owner)
        #expect(decision.outcome == c.outcome, "\(decision.reason)")
        #expect(decision.rule == c.rule, "\(decision.reason)")
        #expect(!decision.reason.isEmpty)
    }

    @Test("retention clips the window instead of refusing it; hit-only owners disclose no reads")
    func clippingAndDisclosure() throws {
        let context = PolicyContext(now: Self.now, agencies: Self.agencies, packs: try LawPack.shipped())
        let policy = LawPolicy(context: context)
        let va = policy.decide(for: Self.request("va-city", purpose: .violentFelony, daysBack: 500), owner: "va-city")
        #expect(va.allows)
        #expect(va.notBefore == Self.now.adding(milliseconds: -21 * Self.day))
        let nl = policy.decide(for: Self.request("nl-city"), owner: "nl-city")
        #expect(nl.allows)
        #expect(nl.disclosure == .hitOnly)
        #expect(policy.decide(for: Self.request("ca-city"), owner: "ca-city").disclosure == .reads)
    }

    @Test("every shipped pack loads, cites its source, and agencies find theirs")
    func packs() throws {
        let packs = try LawPack.shipped()
        #expect(
            Set(packs.keys) == [
                "default", "us-ca", "us-il", "us-va", "us-mn", "us-nh", "us-me", "us-ar", "us-tn", "us-vt", "nl", "gb",
            ])
        for pack in packs.values { #expect(!pack.citations.isEmpty, "\(pack.id)") }
        #expect(LawPack.id(for: Jurisdiction(country: "US", state: "CA"), among: packs) == "us-ca")
        #expect(LawPack.id(for: Jurisdiction(country: "US", state: "TX"), among: packs) == "default")
        #expect(LawPack.id(for: Jurisdiction(country: "NL"), among: packs) == "nl")
        #expect(packs["us-nh"]?.retention?.nonHitMaximumMinutes == 3)
    }

    @Test("an agency may tighten its pack but never loosen it")
    func tightenNotLoosen() throws {
        let packs = try LawPack.shipped()
        let va = try #require(packs["us-va"])
        #expect(throws: Never.self) { try va.check(AgencyPolicy(pack: "us-va", retentionDays: 14)) }
        #expect(throws: SightlineError.self) { try va.check(AgencyPolicy(pack: "us-va", retentionDays: 30)) }
        let gb = try #require(packs["gb"])
        #expect(throws: Never.self) { try gb.check(AgencyPolicy(pack: "gb", coSignAfterDays: 30)) }
        #expect(throws: SightlineError.self) { try gb.check(AgencyPolicy(pack: "gb", coSignAfterDays: 365)) }
        #expect(va.retentionDays(tightenedBy: AgencyPolicy(pack: "us-va", retentionDays: 14)) == 14)
    }

    @Test("screening matches whole words and phrases, ignoring case")
    func screening() throws {
        let screening = try #require(try LawPack.shipped()["us-ca"]?.screening)
        #expect(screening.match("per ICE request") == "ICE")
        #expect(screening.match("ice cream truck") == "ICE")
        #expect(screening.match("Notice: justice served") == nil)
        #expect(screening.match("Removal Proceedings pending") == "removal proceedings")
        #expect(screening.match("removal of proceeds") == nil)
    }
}
