import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SightlineServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the HTTP API on the embedded store.")

    @OptionGroup var data: DataDirectoryOption
    @OptionGroup var listen: ListenOptions

    func run() async throws {
        let sightline = try Sightline.open(dataDirectory: data.url)
        let app = buildApplication(sightline, configuration: .init(host: listen.host, port: listen.port)) { port in
            report("Sightline listening on http://\(listen.host):\(port) (data in \(data.url.path))")
        }
        try await app.runService()
    }
}
