public import SightlineCore
import Synchronization

/// Reads received per camera over the last few minutes, counted as batches arrive, so the live
/// view can show each camera's rate without touching a stored read.
public final class ReadRates: Sendable {
    /// Minutes averaged over.
    public static let window: Int64 = 5
    private let counts = Mutex<[CameraID: [Int64: Int]]>([:])

    public init() {}

    func record(_ reads: [PlateRead], at now: Timestamp) {
        let minute = now.milliseconds / 60_000
        counts.withLock { counts in
            for read in reads { counts[read.camera, default: [:]][minute, default: 0] += 1 }
            for camera in counts.keys {
                counts[camera] = counts[camera]?.filter { $0.key > minute - Self.window }
            }
        }
    }

    /// Reads per minute for each camera that sent any in the window.
    public func perMinute(at now: Timestamp) -> [CameraID: Double] {
        let minute = now.milliseconds / 60_000
        return counts.withLock { counts in
            counts.compactMapValues { buckets in
                let total = buckets.filter { $0.key > minute - Self.window }.values.reduce(0, +)
                return total == 0 ? nil : Double(total) / Double(Self.window)
            }
        }
    }
}
