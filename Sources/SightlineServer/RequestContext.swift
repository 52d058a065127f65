import Foundation
public import Hummingbird

/// The per-request context. Its upload limit is the server's body limit: large enough for a full
/// batch with images, small enough that one client cannot exhaust memory.
public struct SightlineRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) { coreContext = .init(source: source) }

    /// 16 MiB.
    public static let bodyLimit = 16 << 20
    public var maxUploadSize: Int { Self.bodyLimit }
}

extension Request {
    /// The credential from `Authorization: Bearer <credential>`.
    var bearer: String? {
        guard let value = headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}
