import ArgumentParser
import Foundation
import SightlineCore
import SightlineServer

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Explain the policy engine's decisions.", subcommands: [Explain.self])

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show, owner by owner, whether a search would be allowed and by which rule; reads no data.")
        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The requesting agency.") var agency: String
        @Option(help: "The agency the search is for (default: the requester).") var onBehalfOf: String?
        @Option var purpose: String
        @Option var justification: String
        @Option(name: .customLong("case")) var caseNumber: String = "EXPLAIN"
        @Option(help: "Earliest time searched (RFC 3339).") var from: String?
        @Option(help: "search or timeline.") var kind: String = "search"

        func run() async throws {
            try await refusing("policy explain") {
                let sightline = try Sightline.open(dataDirectory: data.url)
                guard let queryKind = QueryKind(rawValue: kind) else {
                    throw SightlineError(.invalidField, "kind must be search or timeline", field: "kind")
                }
                let start = try from.map { text in
                    guard let time = Timestamp(rfc3339: text) else {
                        throw SightlineError(.invalidField, "from must be RFC 3339", field: "from")
                    }
                    return time
                }
                let hypothetical = User(id: "explain", agency: AgencyID(agency), name: "hypothetical requester")
                let request = SearchRequest(
                    query: .init(plate: "EXPLAIN1", from: start), purpose: purpose, case: caseNumber,
                    justification: justification, onBehalfOf: AgencyID(onBehalfOf ?? agency))
                for decision in try sightline.searches.explain(request, as: hypothetical, kind: queryKind) {
                    print("\(decision.owner): \(decision.outcome.rawValue.uppercased()) by \(decision.rule)")
                    print("    \(decision.reason)")
                }
            }
        }
    }
}
