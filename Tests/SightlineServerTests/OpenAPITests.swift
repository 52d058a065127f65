import Foundation
import Hummingbird
import HummingbirdTesting
import SightlineServer
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    /// "METHOD /path" for every operation in the served document. The document keeps one layout
    /// (paths at two spaces, methods at four), which this reads without a YAML library.
    static func operations(in yaml: String) -> Set<String> {
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            guard inPaths else { continue }
            if let match = line.wholeMatch(of: /\ {2}(\/[^:]*):/) {
                path = String(match.1)
            } else if let match = line.wholeMatch(of: /\ {4}(get|put|post|delete|patch):/), let path {
                operations.insert("\(match.1.uppercased()) \(path)")
            } else if !line.hasPrefix(" ") && !line.isEmpty {
                inPaths = false
            }
        }
        return operations
    }

    @Test("/openapi.yaml describes every route the server has, and nothing it does not")
    func agrees() async throws {
        let fixture = try ServerFixture()
        let served = Set(
            buildRouter(fixture.sightline).routes.map { route in
                "\(route.method) \(route.path)".replacingOccurrences(of: "/app/**", with: "/app/{path}")
            })
        let yaml = try await fixture.test { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
                return String(buffer: response.body)
            }
        }
        let documented = Self.operations(in: yaml)
        #expect(documented.count > 50)
        #expect(served.subtracting(documented).isEmpty, "undocumented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "no such route: \(documented.subtracting(served).sorted())")
    }
}
