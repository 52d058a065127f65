import Foundation
import Hummingbird
import SightlineCore

extension Sightline {
    /// Prometheus text at `/metrics`: counts, latencies and sizes, no plate, user, key or token.
    func addMetricsRoutes(to router: Router<SightlineRequestContext>) {
        router.get("/metrics") { _, _ -> Response in
            let head = try catalog.treeHead()
            let covered = try catalog.checkpointNotes().last?.size ?? 0
            var scraped: [(String, [(String, String)], Double)] = [
                ("sightline_log_entries", [], Double(head.size)),
                ("sightline_log_entries_since_checkpoint", [], Double(head.size - covered)),
            ]
            if let signed = metrics.gauge("sightline_checkpoint_signed_timestamp_seconds") {
                scraped.append(
                    ("sightline_checkpoint_age_seconds", [], Double(Timestamp.now.milliseconds) / 1000 - signed))
            }
            for partition in try await store.partitions() {
                let label = [("partition", String(partition.partition))]
                scraped.append(("sightline_store_partition_bytes", label, Double(partition.bytes)))
                scraped.append(("sightline_store_partition_reads", label, Double(partition.reads)))
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render(adding: scraped))))
        }
    }
}
