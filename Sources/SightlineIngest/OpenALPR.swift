public import Foundation
public import SightlineCore

/// OpenALPR / Rekor bodies: the per-frame `alpr_results` and the agent's per-vehicle `alpr_group`.
/// Confidences arrive as percentages and regions as `ca` or `us-ca`; both are mapped here, and
/// the rest is validated like any other read.
public enum OpenALPR {
    struct Candidate: Decodable {
        var plate: String?
        var confidence: Double?
    }

    struct Result: Decodable {
        var plate: String?
        var confidence: Double?
        var region: String?
        var region_confidence: Double?
        var candidates: [Candidate]?
    }

    struct Results: Decodable {
        var data_type: String?
        var epoch_time: Int64?
        var results: [Result]?
    }

    struct Attribute: Decodable {
        var name: String?
        var confidence: Double?
    }

    struct VehicleAttributes: Decodable {
        var color: [Attribute]?
        var make: [Attribute]?
        var make_model: [Attribute]?
        var body_type: [Attribute]?
    }

    struct BestPlate: Decodable {
        var plate: String?
        var confidence: Double?
        var region: String?
        var region_confidence: Double?
        var plate_crop_jpeg: String?
    }

    struct Group: Decodable {
        var data_type: String?
        var epoch_start: Int64?
        var country: String?
        var best_plate: BestPlate?
        var best_plate_number: String?
        var best_confidence: Double?
        var best_region: String?
        var best_region_confidence: Double?
        var candidates: [Candidate]?
        var travel_direction: Double?
        var gps_latitude: Double?
        var gps_longitude: Double?
        var vehicle: VehicleAttributes?
        var vehicle_crop_jpeg: String?
    }

    private struct Envelope: Decodable { var data_type: String? }

    /// Decodes either body into submissions; the array path used in errors is returned with them.
    public static func submissions(from data: Data) throws(SightlineError) -> (path: String, reads: [ReadSubmission]) {
        let kind = try BodyDecoding.decode(Envelope.self, from: data).data_type
        switch kind {
        case "alpr_results":
            let body = try BodyDecoding.decode(Results.self, from: data)
            guard let epoch = body.epoch_time else {
                throw SightlineError(.invalidField, "epoch_time is required", field: "epoch_time")
            }
            let time = Timestamp(milliseconds: epoch).rfc3339
            return (
                "results",
                (body.results ?? []).map { result in
                    ReadSubmission(
                        plate: result.plate, region: region(result.region, country: "us"),
                        regionConfidence: result.region_confidence.map { $0 / 100 }, time: time,
                        confidence: result.confidence.map { $0 / 100 },
                        candidates: result.candidates?.map {
                            .init(plate: $0.plate, confidence: $0.confidence.map { $0 / 100 })
                        })
                }
            )
        case "alpr_group":
            let body = try BodyDecoding.decode(Group.self, from: data)
            guard let epoch = body.epoch_start else {
                throw SightlineError(.invalidField, "epoch_start is required", field: "epoch_start")
            }
            let best = body.best_plate
            let vehicle = body.vehicle.map { v in
                VehicleDescription(
                    make: v.make?.first?.name, model: v.make_model?.first?.name, color: v.color?.first?.name,
                    type: v.body_type?.first?.name)
            }
            return (
                "group",
                [
                    ReadSubmission(
                        plate: best?.plate ?? body.best_plate_number,
                        region: region(best?.region ?? body.best_region, country: body.country ?? "us"),
                        regionConfidence: (best?.region_confidence ?? body.best_region_confidence).map { $0 / 100 },
                        time: Timestamp(milliseconds: epoch).rfc3339,
                        confidence: (best?.confidence ?? body.best_confidence).map { $0 / 100 },
                        candidates: body.candidates?.map {
                            .init(plate: $0.plate, confidence: $0.confidence.map { $0 / 100 })
                        },
                        latitude: body.gps_latitude == 0 && body.gps_longitude == 0 ? nil : body.gps_latitude,
                        longitude: body.gps_latitude == 0 && body.gps_longitude == 0 ? nil : body.gps_longitude,
                        direction: body.travel_direction.map { .degrees($0) }, vehicle: vehicle,
                        images: ReadSubmission.Images(plate: best?.plate_crop_jpeg, overview: body.vehicle_crop_jpeg))
                ]
            )
        default:
            throw SightlineError(
                .invalidField, "data_type must be alpr_results or alpr_group", field: "data_type")
        }
    }

    /// `ca` with country `us` becomes `US-CA`; `us-ca` stays as it is.
    static func region(_ code: String?, country: String) -> String? {
        guard let code, !code.isEmpty else { return nil }
        return code.contains("-") ? code : "\(country)-\(code)"
    }
}
