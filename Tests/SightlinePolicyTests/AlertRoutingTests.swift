import SightlineCore
import SightlinePolicy
import Testing

/// Who receives an alert: each way one can be let through or held back, against the shipped packs.
@Suite("Alert routing")
struct AlertRoutingTests {
    static let now = LawPolicyTests.now
    static let day = Timestamp.millisecondsPerDay

    static func grant(
        _ issuer: AgencyID, _ recipient: AgencyID, _ kinds: [QueryKind], purposes: [Purpose] = [.stolenVehicle]
    )
        -> Grant
    {
        Grant(
            id: "g-\(issuer)-\(recipient)-\(kinds.map(\.rawValue).joined(separator: "+"))", issuer: issuer,
            recipient: recipient, purposes: purposes, kinds: kinds, start: now.adding(milliseconds: -day),
            expiry: now.adding(milliseconds: 30 * day), issuedBy: "admin")
    }

    static func listed(
        _ owner: AgencyID, _ category: HotListCategory = .stolenVehicle, audience: HotListAudience = .shared
    ) -> ListedEntry {
        ListedEntry(
            owner: owner, list: "hot",
            entry: HotListEntry(plate: "7ABC123", category: category, caseNumber: "C-9", audience: audience))
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var listed: ListedEntry
        var camera: AgencyID
        var grants: [Grant] = []
        var declarations: [Declaration] = []
        /// Recipients with the camera-owner and list-owner grants that let each through.
        var expected: [AgencyID]
        var suppressed = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "own list, own camera", listed: listed("ca-city"), camera: "ca-city", expected: ["ca-city"]),
        Case(
            name: "another agency's camera without an alerts grant reaches nobody", listed: listed("ca-city"),
            camera: "ca-county", expected: []),
        Case(
            name: "the camera owner's alerts grant lets the list owner hear of its reads", listed: listed("ca-city"),
            camera: "ca-mall", grants: [grant("ca-mall", "ca-city", [.alerts])], expected: ["ca-city"]),
        Case(
            name: "an alerts grant for another purpose does not cover a stolen-vehicle entry",
            listed: listed("ca-city"), camera: "ca-mall",
            grants: [grant("ca-mall", "ca-city", [.alerts], purposes: [.amberAlert])], expected: []),
        Case(
            name: "a shared list reaches the camera owner it is shared with", listed: listed("ca-city"),
            camera: "ca-county", grants: [grant("ca-city", "ca-county", [.hotListSharing])], expected: ["ca-county"]),
        Case(
            name: "a shared list reaches a third agency only if the camera owner also sends it alerts",
            listed: listed("ca-city"), camera: "ca-city",
            grants: [grant("ca-city", "ca-county", [.hotListSharing])], expected: ["ca-city"]),
        Case(
            name: "with both grants the third agency hears of it", listed: listed("ca-city"), camera: "ca-city",
            grants: [grant("ca-city", "ca-county", [.hotListSharing, .alerts])], expected: ["ca-city", "ca-county"]),
        Case(
            name: "an entry kept to its agency is not shared, whatever the grants",
            listed: listed("ca-city", audience: .agency), camera: "ca-city",
            grants: [grant("ca-city", "ca-county", [.hotListSharing, .alerts])], expected: ["ca-city"]),
        Case(
            name: "California reads never alert a federal agency, even under a grant", listed: listed("fed"),
            camera: "ca-city", grants: [grant("ca-city", "fed", [.alerts])], expected: []),
        Case(
            name: "a California list is not shared out of state", listed: listed("ca-city"), camera: "nv-city",
            grants: [grant("ca-city", "nv-city", [.hotListSharing]), grant("nv-city", "ca-city", [.alerts])],
            expected: ["ca-city"]),
        Case(
            name: "an immigration entry read by a California camera raises nothing",
            listed: listed("in-city", .immigrationViolator), camera: "ca-city",
            grants: [grant("ca-city", "in-city", [.alerts], purposes: [.immigrationEnforcement])], expected: [],
            suppressed: true),
        Case(
            name: "an Illinois agency does not receive an immigration entry shared with it",
            listed: listed("in-city", .immigrationViolator), camera: "in-city",
            grants: [grant("in-city", "il-city", [.hotListSharing, .alerts], purposes: [.immigrationEnforcement])],
            expected: ["in-city"]),
        Case(
            name: "Illinois reads reach an out-of-state list owner only with a declaration on file",
            listed: listed("in-city"), camera: "il-city", grants: [grant("il-city", "in-city", [.alerts])],
            expected: []),
        Case(
            name: "with the declaration on file they do", listed: listed("in-city"), camera: "il-city",
            grants: [grant("il-city", "in-city", [.alerts])],
            declarations: [
                Declaration(
                    owner: "il-city", recipient: "in-city", documentSHA256: String(repeating: "a", count: 64),
                    expiry: now.adding(milliseconds: 30 * day), filedBy: "admin")
            ], expected: ["in-city"]),
    ]

    @Test("routing", arguments: cases)
    func route(_ c: Case) throws {
        let context = PolicyContext(
            now: Self.now, agencies: LawPolicyTests.agencies, packs: try LawPack.shipped(), grants: c.grants,
            declarations: c.declarations)
        let route = AlertRouting(policy: LawPolicy(context: context)).route(
            c.listed, cameraOwner: c.camera, readAt: Self.now.adding(milliseconds: -60_000))
        #expect(route.recipients.map(\.agency) == c.expected)
        #expect((route.suppressed != nil) == c.suppressed)
        for recipient in route.recipients {
            // Every recipient other than an owner names the grant that let it through.
            #expect((recipient.agency == c.camera) == (recipient.cameraGrant == nil))
            #expect((recipient.agency == c.listed.owner) == (recipient.listGrant == nil))
        }
    }
}
