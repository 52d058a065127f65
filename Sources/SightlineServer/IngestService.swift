public import Foundation
public import SightlineCore
import SightlineIngest
public import SightlineStore

/// The formats `POST /v1/reads` and its siblings accept.
public enum IngestFormat: String, Sendable, CaseIterable {
    /// `{"reads": [...]}`, Sightline's own.
    case sightline
    /// OpenALPR `alpr_results` or `alpr_group`.
    case openALPR = "openalpr"
    /// The Plate Recognizer Stream webhook.
    case plateRecognizer = "platerecognizer"
}

/// What an acknowledged batch returns: the ids assigned, in the order of the batch.
public struct IngestReceipt: Hashable, Sendable, Codable {
    public var accepted: Int
    public var ids: [ReadID]
}

/// Device-authenticated ingest: decode, validate every record, match the hot lists, and append
/// the batch whole — or refuse it whole, naming the record and field at fault.
public struct IngestService: Sendable {
    public let catalog: Catalog
    public let store: any ReadStore
    public let alerts: AlertService
    /// Reads per camera per minute, for the live view.
    public let rates = ReadRates()
    let metrics: Metrics
    /// More reads than this in one request is refused; split the batch.
    public static let maximumBatch = 5_000

    /// The camera a device key authenticates.
    public func camera(forKey key: String?) throws -> Camera {
        guard let key, !key.isEmpty else {
            throw SightlineError(.unauthenticated, "a device key is required (Authorization: Bearer <key>)")
        }
        guard let camera = try catalog.camera(forDeviceKey: key) else {
            throw SightlineError(.unauthenticated, "unknown or revoked device key")
        }
        return camera
    }

    /// Decodes a body in `format` for `camera`, validates it and appends it durably.
    public func ingest(
        _ body: Data, format: IngestFormat, from camera: Camera, now: Timestamp = .now
    ) async throws
        -> IngestReceipt
    {
        let path: String
        let submissions: [ReadSubmission]
        switch format {
        case .sightline:
            path = "reads"
            submissions = try BodyDecoding.decode(ReadBatch.self, from: body).reads
        case .openALPR:
            (path, submissions) = try OpenALPR.submissions(from: body)
        case .plateRecognizer:
            (path, submissions) = try PlateRecognizer.submissions(from: body)
        }
        guard submissions.count <= Self.maximumBatch else {
            throw SightlineError(
                .tooLarge, "a batch holds at most \(Self.maximumBatch) reads; this one has \(submissions.count)",
                field: path)
        }
        guard !submissions.isEmpty else {
            throw SightlineError(.invalidField, "the batch holds no reads", field: path)
        }
        let reads = try ReadValidator(now: now).validate(submissions, from: camera, path: path)
        return try await append(reads, now: now)
    }

    /// Appends reads already validated (the simulator's feed, bulk import). Alerts the batch
    /// raises are stored before this returns and published to live subscribers as it returns.
    public func append(_ reads: [PlateRead], now: Timestamp = .now) async throws -> IngestReceipt {
        let started = ContinuousClock.now
        let hits = try alerts.match(reads, now: now)
        let ids = try await store.append(reads)
        rates.record(reads, at: now)
        let deliveries = try alerts.raise(hits, reads: reads, ids: ids, now: now)
        alerts.hub.publish(deliveries)
        let elapsed = ContinuousClock.now - started
        metrics.increment("sightline_ingest_reads_total", by: Double(ids.count))
        metrics.increment("sightline_ingest_batches_total")
        metrics.observe("sightline_ingest_batch_seconds", elapsed)
        if !deliveries.isEmpty {
            metrics.increment("sightline_alerts_total", by: Double(deliveries.count))
            metrics.observe("sightline_alert_seconds", elapsed)
        }
        return IngestReceipt(accepted: ids.count, ids: ids)
    }
}
