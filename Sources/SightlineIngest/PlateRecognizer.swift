public import Foundation
public import SightlineCore

/// The Plate Recognizer Stream webhook body (`hook` and `data`). Plates arrive in lower case with
/// scores in 0...1; vehicle make and colour come as ranked lists.
public enum PlateRecognizer {
    struct Region: Decodable {
        var code: String?
        var score: Double?
    }

    struct Candidate: Decodable {
        var plate: String?
        var score: Double?
    }

    struct VehicleType: Decodable {
        var type: String?
    }

    struct MakeModel: Decodable {
        var make: String?
        var model: String?
    }

    struct Color: Decodable {
        var color: String?
    }

    struct Result: Decodable {
        var plate: String?
        var score: Double?
        var region: Region?
        var candidates: [Candidate]?
        var vehicle: VehicleType?
        var direction: Double?
        var model_make: [MakeModel]?
        var color: [Color]?
    }

    struct DataSection: Decodable {
        var camera_id: String?
        var timestamp: String?
        var results: [Result]?
    }

    struct Body: Decodable {
        var data: DataSection?
    }

    public static func submissions(from data: Data) throws(SightlineError) -> (path: String, reads: [ReadSubmission]) {
        let body = try BodyDecoding.decode(Body.self, from: data)
        guard let section = body.data else {
            throw SightlineError(.invalidField, "data is required", field: "data")
        }
        guard let timestamp = section.timestamp else {
            throw SightlineError(.invalidField, "data.timestamp is required", field: "data.timestamp")
        }
        return (
            "data.results",
            (section.results ?? []).map { result in
                let makeModel = result.model_make?.first
                return ReadSubmission(
                    plate: result.plate, region: result.region?.code, regionConfidence: result.region?.score,
                    time: timestamp, confidence: result.score,
                    candidates: result.candidates?.map { .init(plate: $0.plate, confidence: $0.score) },
                    camera: section.camera_id, direction: result.direction.map { .degrees($0) },
                    vehicle: VehicleDescription(
                        make: makeModel?.make, model: makeModel?.model, color: result.color?.first?.color,
                        type: result.vehicle?.type))
            }
        )
    }
}
