import ArgumentParser
import Foundation
import SightlineCore
import SightlineServer

/// The case fields every analytic carries, and where to run it.
struct CaseOptions: ParsableArguments {
    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Your user token (or set SIGHTLINE_TOKEN).") var token: String?
    @Option(help: "Purpose, one of: \(Purpose.allCases.map(\.rawValue).joined(separator: ", ")).") var purpose: String
    @Option(name: .customLong("case"), help: "Case or incident number.") var caseNumber: String
    @Option(help: "Why this analytic is needed.") var justification: String
    @Option(help: "The agency it is for.") var onBehalfOf: String
    @Option(help: "An approved co-signature request for exactly this analytic.") var coSignature: String?

    func request() -> AnalyticsRequest {
        var request = AnalyticsRequest(
            purpose: purpose, case: caseNumber, justification: justification, onBehalfOf: AgencyID(onBehalfOf))
        request.coSignature = coSignature
        return request
    }

    func run(_ body: (Sightline, Caller) async throws -> AnalyticsResult) async throws {
        try await refusing("analytic") {
            try await withDeployment(data.url) { sightline in
                let caller = try sightline.authenticator.caller(
                    token ?? ProcessInfo.processInfo.environment["SIGHTLINE_TOKEN"])
                try printJSON(try await body(sightline, caller))
            }
        }
    }
}

/// The plate an analytic starts from, and the window to look in.
struct TargetOptions: ParsableArguments {
    @Option(help: "The target plate.") var plate: String
    @Option(help: "Earliest time (RFC 3339).") var from: String?
    @Option(help: "Latest time (RFC 3339).") var to: String?

    func request(_ options: CaseOptions) throws -> AnalyticsRequest {
        var request = options.request()
        request.plate = plate
        request.from = try timestamp(from, "from")
        request.to = try timestamp(to, "to")
        return request
    }
}

func timestamp(_ text: String?, _ name: String) throws -> Timestamp? {
    guard let text else { return nil }
    guard let value = Timestamp(rfc3339: text) else { throw ValidationError("--\(name) must be RFC 3339") }
    return value
}

struct AnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics", abstract: "Case-bound analytics, through the same policy and log as the API.",
        subcommands: [Stakeout.self, Convoy.self, Locate.self])

    struct Stakeout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plates seen at several scenes of a case.",
            discussion: "Each --scene is CAMERA[+CAMERA…]@FROM/TO with RFC 3339 times, at most a day apart.")
        @OptionGroup var options: CaseOptions
        @Option(help: "A scene: cameras and a time window (repeat, 2 to 10).") var scene: [String]
        @Option(help: "Scenes a plate must appear at (default: all).") var minScenes: Int?

        func run() async throws {
            var request = options.request()
            request.scenes = try scene.map { text in
                let parts = text.split(separator: "@", maxSplits: 1)
                let times = parts.count == 2 ? parts[1].split(separator: "/", maxSplits: 1) : []
                guard times.count == 2 else { throw ValidationError("--scene is CAMERA[+CAMERA…]@FROM/TO") }
                return AnalyticsRequest.Scene(
                    cameras: parts[0].split(separator: "+").map { CameraID(String($0)) },
                    from: try timestamp(String(times[0]), "scene"), to: try timestamp(String(times[1]), "scene"))
            }
            request.minScenes = minScenes
            try await options.run { try await $0.searches.stakeout(request, by: $1) }
        }
    }

    struct Convoy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Vehicles travelling with a target plate.")
        @OptionGroup var options: CaseOptions
        @OptionGroup var target: TargetOptions
        @Option(help: "Seconds either side of the target at the same camera.") var gapSeconds: Int = 60
        @Option(help: "Distinct cameras shared with the target.") var minCameras: Int = 2

        func run() async throws {
            var request = try target.request(options)
            request.gapSeconds = gapSeconds
            request.minCameras = minCameras
            try await options.run { try await $0.searches.convoy(request, by: $1) }
        }
    }

    struct Locate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Where and when a plate is most often seen.")
        @OptionGroup var options: CaseOptions
        @OptionGroup var target: TargetOptions

        func run() async throws {
            let request = try target.request(options)
            try await options.run { try await $0.searches.locate(request, by: $1) }
        }
    }
}
