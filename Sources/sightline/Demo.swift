import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SightlineCore
import SightlineServer
import SightlineSimulator

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the demo city: agencies, cameras and users, with live reads from simulated traffic.",
        discussion: "Credentials for every demo user and camera are written to <data-dir>/demo-credentials.json.")

    @OptionGroup var data: DataDirectoryOption
    @OptionGroup var listen: ListenOptions
    @OptionGroup var store: StoreOptions

    @Option(help: "Vehicles in the city.")
    var vehicles: Int = 2_000

    @Option(help: "Seed for the simulation; the same seed gives the same city.")
    var seed: UInt64 = 2026

    @Option(help: "Simulated seconds per real second.")
    var speed: Double = 30

    @Option(help: "Hours of past traffic loaded before serving, when the store is empty.")
    var historyHours: Int = 24

    func run() async throws {
        var configuration = DemoCity.Configuration()
        configuration.vehicles = vehicles
        configuration.seed = seed
        let city = DemoCity(configuration)
        try await store.withSightline(dataDirectory: data.url) { try await serve(city, on: $0) }
    }

    private func serve(_ city: DemoCity, on sightline: Sightline) async throws {
        var sightline = sightline
        sightline.basemap = city.basemap
        let url = "http://\(listen.host):\(listen.port)"
        let credentials = try DemoSetup.seed(city, into: sightline, url: url)
        let credentialsFile = data.url.appendingPathComponent("demo-credentials.json")
        try DemoSetup.write(credentials, to: credentialsFile)

        if try await sightline.store.partitions().isEmpty, historyHours > 0 {
            let now = Timestamp.now
            let history = city.reads(
                in: TimeWindow(from: now.adding(milliseconds: -Int64(historyHours) * 3_600_000), to: now))
            var progress = ProgressBar("Loading \(historyHours) h of history", total: history.count)
            for start in stride(from: 0, to: history.count, by: 5_000) {
                let batch = Array(history[start..<min(start + 5_000, history.count)])
                _ = try await sightline.ingest.append(batch)
                progress.advance(by: batch.count)
            }
        }

        let logger = Logger(label: "sightline.demo")
        let feed = LiveFeed(city: city, ingest: sightline.ingest, speed: speed, logger: logger)
        let app = buildApplication(
            sightline, configuration: .init(host: listen.host, port: listen.port), services: [feed], logger: logger
        ) { port in
            let investigator = credentials.users[0]
            let officer = credentials.users.first { $0.role == .officer } ?? investigator
            let camera = credentials.cameras[0]
            report(
                """

                Sightline demo: \(city.cameras.count) cameras of \(city.agencies.count) agencies, \(city.vehicles.count) vehicles, \(speed)x time.
                Serving http://\(listen.host):\(port)   (data: \(data.url.path))
                Credentials: \(credentialsFile.path)

                Dashboard: open http://\(listen.host):\(port)/ and sign in as any demo user, one per role:
                  \(credentials.users.map { "\($0.id) (\($0.role.rawValue))" }.joined(separator: ", "))
                  The password and the current one-time code: swift run sightline demo-code rpd-officer --data-dir \(data.path)
                  Public transparency reports, no sign-in: http://\(listen.host):\(port)/#/public

                Post a read as camera \(camera.id):
                  curl -s -X POST http://\(listen.host):\(port)/v1/reads -H 'Authorization: Bearer \(camera.deviceKey)' \\
                    -H 'Content-Type: application/json' \\
                    -d '{"reads":[{"plate":"7ABC123","time":"'$(date -u +%Y-%m-%dT%H:%M:%SZ)'","confidence":0.93}]}'
                Search it as \(investigator.id) (\(investigator.agency)):
                  curl -s -X POST http://\(listen.host):\(port)/v1/searches -H 'Authorization: Bearer \(investigator.token)' \\
                    -H 'Content-Type: application/json' \\
                    -d '{"query":{"plate":"7ABC123"},"purpose":"stolen-vehicle","case":"RPD-2026-0001","justification":"Reported stolen on Main St","onBehalfOf":"\(investigator.agency)"}'
                Sign in (users, passwords and TOTP secrets for every role are in the credentials file):
                  curl -s -X POST http://\(listen.host):\(port)/v1/sessions -H 'Content-Type: application/json' \\
                    -d '{"user":"\(investigator.id)","password":"\(investigator.password)","code":"<current TOTP code>"}'
                Follow Riverton PD's hot-list alerts live (the planted plates are on its list; resume with Last-Event-ID):
                  curl -sN http://\(listen.host):\(port)/v1/alerts/stream?after=0 -H 'Authorization: Bearer \(officer.token)'
                Who can reach Riverton PD's data: curl -s http://\(listen.host):\(port)/v1/agencies/riverton-pd/access
                Planted plates: \(city.planted.map(\.plate).joined(separator: ", "))
                """)
        }
        try await app.runService()
    }
}
