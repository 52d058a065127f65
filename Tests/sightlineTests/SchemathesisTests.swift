import Foundation
import SightlineCore
import Testing

@testable import sightline

/// schemathesis (from PyPI) generates requests from /openapi.yaml and checks every answer.
enum Schemathesis {
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin"
        return path.split(separator: ":").map { "\($0)/st" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}

@Suite("API against its document")
struct SchemathesisTests {
    @Test("schemathesis installed where CI runs")
    func installed() {
        if ProcessInfo.processInfo.environment["CI"] != nil {
            #expect(Schemathesis.executable != nil, "CI must pip install schemathesis")
        }
    }

    @Test(
        "schemathesis finds no server error and no answer outside the document, as a supervisor and an administrator",
        .enabled(if: Schemathesis.executable != nil, "schemathesis (st) not installed: skipped"))
    func generated() async throws {
        let live = try LiveCity()
        defer { live.remove() }
        _ = try await live.sightline.ingest.append([try live.read(of: "8SLN472")])
        try await live.serve { server in
            for user in ["rpd-supervisor", "rpd-admin"] as [UserID] {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Schemathesis.executable!)
                process.currentDirectoryURL = live.directory  // where it keeps its example database
                process.arguments = [
                    "run", "\(server)/openapi.yaml", "--url", server, "-H", "Authorization: Bearer \(live.token(user))",
                    "--checks",
                    "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                    "--max-examples", "5", "--exclude-path", "/v1/alerts/stream", "--exclude-path", "/v1/sessions",
                    "--request-timeout", "20", "--no-color",
                ]
                // To a file, polled: blocking a thread of the shared pool on a pipe could starve
                // the very server schemathesis is talking to.
                let log = live.directory.appendingPathComponent("schemathesis-\(user).log")
                _ = FileManager.default.createFile(atPath: log.path, contents: nil)
                let handle = try FileHandle(forWritingTo: log)
                process.standardOutput = handle
                process.standardError = handle
                try process.run()
                while process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
                try handle.close()
                let text = try String(contentsOf: log, encoding: .utf8)
                #expect(process.terminationStatus == 0, "\(user): \(text.suffix(3000))")
                #expect(text.contains("passed"), "\(user): \(text.suffix(1000))")
            }
        }
    }
}
