import Foundation
import SightlineCore
import SightlineIngest
import SightlineServer
import SightlineSimulator
import SightlineStore

/// Everything a person needs to try the demo, written to `<data-dir>/demo-credentials.json`.
/// Secrets appear here in clear because this file exists to hand them out; the catalog holds
/// only digests of tokens and keys, and scrypt hashes of passwords.
struct DemoCredentials: Codable {
    struct UserCredential: Codable {
        var id: UserID
        var agency: AgencyID
        var role: Role
        var name: String
        /// An API token, to skip signing in from scripts.
        var token: String
        var password: String
        /// Base32 TOTP secret: `oathtool --totp -b SECRET` prints the current code.
        var totpSecret: String
    }

    struct CameraCredential: Codable {
        var id: CameraID
        var owner: AgencyID
        var name: String
        var latitude: Double
        var longitude: Double
        var deviceKey: String
    }

    var url: String
    var agencies: [Agency]
    var users: [UserCredential]
    var cameras: [CameraCredential]
    var grants: [Grant]
    var plantedPlates: [DemoCity.PlantedPlate]
}

enum DemoSetup {
    static let operators = AgencyID("sightline-operators")

    /// One user for every role, in the agencies that have cameras, and a federal agent.
    static let users: [(UserID, AgencyID, Role, String)] = [
        ("rpd-investigator", DemoCity.cityPolice, .investigator, "Riley Park, Riverton PD investigator"),
        ("rpd-officer", DemoCity.cityPolice, .officer, "Omar Ortiz, Riverton PD patrol officer"),
        ("rpd-supervisor", DemoCity.cityPolice, .supervisor, "Sergeant Sam Reyes, Riverton PD"),
        ("rpd-admin", DemoCity.cityPolice, .agencyAdministrator, "Alex Kim, Riverton PD administrator"),
        ("rpd-auditor", DemoCity.cityPolice, .auditor, "Audrey Fox, Riverton PD internal audit"),
        ("hcso-deputy", DemoCity.sheriff, .investigator, "Dana Hale, Harlan County deputy"),
        ("hcso-admin", DemoCity.sheriff, .agencyAdministrator, "Lee Moss, Harlan County administrator"),
        ("ngm-security", DemoCity.mall, .investigator, "Sam Nguyen, Northgate security manager"),
        ("fed-agent", DemoCity.federal, .investigator, "Frankie Lee, federal task force"),
        ("sysadmin", operators, .systemAdministrator, "Sightline system administrator"),
    ]

    /// Adds the city's agencies, cameras and users where missing, and issues fresh credentials,
    /// revoking the ones a previous run handed out. Every change is logged as the demo operator.
    static func seed(_ city: DemoCity, into sightline: Sightline, url: String) throws -> DemoCredentials {
        let catalog = sightline.catalog
        let actor = Actor.localOperator("demo")
        let agencies =
            city.agencies + [
                Agency(
                    id: operators, name: "Sightline operators", kind: .stateAgency,
                    jurisdiction: Jurisdiction(country: "US", state: "CA"))
            ]
        let knownAgencies = Set(try catalog.agencies().map(\.id))
        for agency in agencies where !knownAgencies.contains(agency.id) { try catalog.add(agency, by: actor) }
        let knownCameras = Set(try catalog.cameras().map(\.id))
        for camera in city.cameras where !knownCameras.contains(camera.id) { try catalog.add(camera, by: actor) }

        var cameraCredentials: [DemoCredentials.CameraCredential] = []
        for camera in city.cameras {
            try catalog.revokeDeviceKeys(of: camera.id, by: actor)
            cameraCredentials.append(
                .init(
                    id: camera.id, owner: camera.owner, name: camera.name, latitude: camera.location.latitude,
                    longitude: camera.location.longitude,
                    deviceKey: try catalog.issueDeviceKey(for: camera.id, by: actor)))
        }
        let password = "demo-" + Secret.generate(prefix: "").prefix(16)
        var userCredentials: [DemoCredentials.UserCredential] = []
        let knownUsers = Set(try catalog.users().map(\.id))
        for (id, agency, role, name) in users {
            let user = User(id: id, agency: agency, name: name, role: role)
            let enrolment: Enrolment
            if knownUsers.contains(id) {
                try catalog.revokeTokens(of: id, by: actor)
                enrolment = try sightline.admin.resetCredentials(of: id, password: password, operator: "demo")
            } else {
                enrolment = try sightline.admin.enrol(user, password: password, operator: "demo")
            }
            userCredentials.append(
                .init(
                    id: id, agency: agency, role: role, name: name,
                    token: try catalog.issueToken(for: id, by: actor), password: password,
                    totpSecret: enrolment.totpSecret))
        }
        // Riverton shares with the county sheriff for serious cases, as California law allows.
        let now = Timestamp.now
        if try !catalog.grants(issuedBy: DemoCity.cityPolice).contains(where: {
            $0.recipient == DemoCity.sheriff && $0.isActive(at: now)
        }) {
            try catalog.issue(
                Grant(
                    id: "g-demo-rpd-hcso", issuer: DemoCity.cityPolice, recipient: DemoCity.sheriff,
                    purposes: [.stolenVehicle, .amberAlert, .violentFelony], kinds: [.search, .timeline], start: now,
                    expiry: now.adding(milliseconds: 90 * Timestamp.millisecondsPerDay), issuedBy: "rpd-admin"),
                by: actor)
        }
        try seedAlerts(city, into: sightline, adminToken: userCredentials.first { $0.id == "rpd-admin" }!.token)
        return DemoCredentials(
            url: url, agencies: agencies, users: userCredentials, cameras: cameraCredentials,
            grants: try catalog.grants(), plantedPlates: city.planted)
    }

    /// Riverton's hot list of the planted plates, and the grants that let alerts flow: the mall
    /// and the county send Riverton alerts raised on their cameras, and Riverton shares its list
    /// with the county.
    static func seedAlerts(_ city: DemoCity, into sightline: Sightline, adminToken: String) throws {
        let catalog = sightline.catalog
        let actor = Actor.localOperator("demo")
        let now = Timestamp.now
        let purposes: [Purpose] = [.stolenVehicle, .amberAlert, .violentFelony, .otherFelony, .warrantService]
        let grants: [(String, AgencyID, AgencyID, [QueryKind])] = [
            ("g-demo-ngm-rpd-alerts", DemoCity.mall, DemoCity.cityPolice, [.alerts]),
            ("g-demo-hcso-rpd-alerts", DemoCity.sheriff, DemoCity.cityPolice, [.alerts]),
            ("g-demo-rpd-hcso-hotlists", DemoCity.cityPolice, DemoCity.sheriff, [.hotListSharing, .alerts]),
        ]
        let existing = Set(try catalog.grants().filter { $0.isActive(at: now) }.map(\.id))
        for (id, issuer, recipient, kinds) in grants where !existing.contains(id) {
            try catalog.issue(
                Grant(
                    id: id, issuer: issuer, recipient: recipient, purposes: purposes, kinds: kinds, start: now,
                    expiry: now.adding(milliseconds: 90 * Timestamp.millisecondsPerDay), issuedBy: "demo"),
                by: actor)
        }
        let rows = [
            "plate,state,category,reason,case,priority",
            "\(city.planted[0].plate),CA,V,stolen from the Riverton transit centre lot,RPD-2026-0107,2",
            "\(city.planted[1].plate),CA,F,used in an armed robbery on Main St,RPD-2026-0111,1",
            "\(city.planted[2].plate),NV,agency,seen near a burglary series,RPD-2026-0093,4",
        ]
        _ = try sightline.admin.importHotList(
            named: "riverton-stolen", format: .csv, text: rows.joined(separator: "\n") + "\n",
            by: try sightline.authenticator.caller(adminToken))
    }

    static func write(_ credentials: DemoCredentials, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(credentials)
        _ = FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        try data.write(to: url)
    }
}
