import Foundation
import SightlineCore
import SightlineServer
import SightlineSimulator

/// Everything a person needs to try the demo, written to `<data-dir>/demo-credentials.json`.
/// Secrets appear here in clear because this file exists to hand them out; the catalog holds
/// only their digests.
struct DemoCredentials: Codable {
    struct UserCredential: Codable {
        var id: UserID
        var agency: AgencyID
        var name: String
        var token: String
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
    var plantedPlates: [DemoCity.PlantedPlate]
}

enum DemoSetup {
    static let users: [(UserID, AgencyID, String)] = [
        ("rpd-investigator", DemoCity.cityPolice, "Riley Park, Riverton PD investigator"),
        ("rpd-officer", DemoCity.cityPolice, "Omar Ortiz, Riverton PD patrol officer"),
        ("hcso-deputy", DemoCity.sheriff, "Dana Hale, Harlan County deputy"),
        ("ngm-security", DemoCity.mall, "Sam Nguyen, Northgate security manager"),
        ("fed-agent", DemoCity.federal, "Frankie Lee, federal task force"),
    ]

    /// Adds the city's agencies, cameras and users where missing, and issues fresh credentials,
    /// revoking the ones a previous run handed out.
    static func seed(_ city: DemoCity, into sightline: Sightline, url: String) throws -> DemoCredentials {
        let catalog = sightline.catalog
        let knownAgencies = Set(try catalog.agencies().map(\.id))
        for agency in city.agencies where !knownAgencies.contains(agency.id) { try catalog.add(agency) }
        let knownCameras = Set(try catalog.cameras().map(\.id))
        for camera in city.cameras where !knownCameras.contains(camera.id) { try catalog.add(camera) }
        let knownUsers = Set(try catalog.users().map(\.id))
        for (id, agency, name) in users where !knownUsers.contains(id) {
            try catalog.add(User(id: id, agency: agency, name: name))
        }
        var cameraCredentials: [DemoCredentials.CameraCredential] = []
        for camera in city.cameras {
            try catalog.revokeDeviceKeys(of: camera.id)
            cameraCredentials.append(
                .init(
                    id: camera.id, owner: camera.owner, name: camera.name, latitude: camera.location.latitude,
                    longitude: camera.location.longitude, deviceKey: try catalog.issueDeviceKey(for: camera.id)))
        }
        var userCredentials: [DemoCredentials.UserCredential] = []
        for (id, agency, name) in users {
            try catalog.revokeTokens(of: id)
            userCredentials.append(.init(id: id, agency: agency, name: name, token: try catalog.issueToken(for: id)))
        }
        return DemoCredentials(
            url: url, agencies: city.agencies, users: userCredentials, cameras: cameraCredentials,
            plantedPlates: city.planted)
    }

    static func write(_ credentials: DemoCredentials, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(credentials)
        _ = FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        try data.write(to: url)
    }
}
