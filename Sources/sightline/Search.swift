import ArgumentParser
import Foundation
import SightlineCore
import SightlineServer

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search plate reads for a case, through the same policy and log as the API.")

    @OptionGroup var data: DataDirectoryOption

    @Option(help: "Your user token (or set SIGHTLINE_TOKEN).")
    var token: String?

    @Option(help: "Plate or pattern: ? is one character, * any run.")
    var plate: String

    @Option(help: "Purpose, one of: \(Purpose.allCases.map(\.rawValue).joined(separator: ", ")).")
    var purpose: String

    @Option(name: .customLong("case"), help: "Case or incident number.")
    var caseNumber: String

    @Option(help: "Why this search is needed.")
    var justification: String

    @Option(help: "The agency this search is for.")
    var onBehalfOf: String

    @Option(help: "Earliest time (RFC 3339).") var from: String?
    @Option(help: "Latest time (RFC 3339).") var to: String?
    @Option(help: "Only this camera (repeatable).") var camera: [String] = []
    @Option(help: "Plate region such as US-CA.") var region: String?
    @Option(help: "OCR tolerance: 0 confusables (O/0, B/8, …), 1 or 2 edits besides; searches candidate readings too.")
    var tolerance: Int?
    @Option(help: "Vehicle make.") var make: String?
    @Option(help: "Vehicle colour.") var color: String?
    @Option(help: "Direction of travel (N, NE, …).") var direction: String?
    @Option(help: "Most reads to return.") var limit: Int = 100
    @Option(help: "An approved co-signature request for exactly this search.") var coSignature: String?
    @Flag(help: "Print the full JSON answer.") var json = false

    func run() async throws {
        try await withDeployment(data.url) { try await search(on: $0) }
    }

    private func search(on sightline: Sightline) async throws {
        func time(_ text: String?, _ name: String) throws -> Timestamp? {
            guard let text else { return nil }
            guard let value = Timestamp(rfc3339: text) else { throw ValidationError("--\(name) must be RFC 3339") }
            return value
        }
        do {
            let caller = try sightline.authenticator.caller(
                token ?? ProcessInfo.processInfo.environment["SIGHTLINE_TOKEN"])
            var query = SearchRequest.Query(
                plate: plate, from: try time(from, "from"), to: try time(to, "to"),
                cameras: camera.isEmpty ? nil : camera.map { CameraID($0) }, region: region, tolerance: tolerance,
                limit: limit)
            query.make = make
            query.color = color
            if let direction {
                guard let value = Direction(rawValue: direction.uppercased()) else {
                    throw ValidationError("--direction is one of N, NE, E, SE, S, SW, W, NW")
                }
                query.direction = value
            }
            let request = SearchRequest(
                query: query,
                purpose: purpose, case: caseNumber, justification: justification, onBehalfOf: AgencyID(onBehalfOf),
                coSignature: coSignature)
            let result = try await sightline.searches.search(request, by: caller)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
                return
            }
            print("Log record #\(result.logIndex): \(result.outcome.rawValue)")
            for decision in result.decisions {
                print("  \(decision.owner): \(decision.outcome.rawValue) by \(decision.rule)")
            }
            print("\(result.reads.count) reads\(result.truncated ? " (more matched; raise --limit)" : "")")
            for read in result.reads {
                let region = read.region ?? "-"
                print(
                    "  \(read.time)  \(read.plate.padding(toLength: 9, withPad: " ", startingAt: 0)) \(region.padding(toLength: 6, withPad: " ", startingAt: 0)) \(read.camera) (\(read.owner))  conf \(read.confidence)"
                )
                if let match = read.match, !match.differences.isEmpty || match.reading == .candidate {
                    print(
                        "      matched \(match.reading.rawValue) \(match.text): \(match.edits) edits, \(match.confusables) confusables; "
                            + match.differences.joined(separator: "; "))
                }
            }
        } catch let error as SightlineError {
            report("Search refused: \(error.message)" + (error.field.map { " [field \($0)]" } ?? ""))
            throw ExitCode(1)
        }
    }
}
