import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SightlineServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the HTTP API, on the embedded store or on PostgreSQL (--postgres-url).")

    @OptionGroup var data: DataDirectoryOption
    @OptionGroup var listen: ListenOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await store.withSightline(dataDirectory: data.url) { sightline in
            let app = buildApplication(sightline, configuration: .init(host: listen.host, port: listen.port)) { port in
                report("Sightline listening on http://\(listen.host):\(port) (data in \(data.url.path))")
            }
            try await app.runService()
        }
    }
}
