public import Crypto
public import Foundation
public import SightlineCore

/// The server's webhook key, created on first start beside the log signing key with owner-only
/// permissions. A webhook's signing secret is derived from it and the webhook's id and nonce,
/// so the catalog never holds a secret and a stolen catalog signs nothing.
public struct WebhookKeys: Sendable {
    private let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    public static func loadOrCreate(at url: URL) throws -> WebhookKeys {
        if FileManager.default.fileExists(atPath: url.path) {
            let data = try Data(contentsOf: url)
            guard data.count == 32 else {
                throw SightlineError(.corrupt, "the webhook key file \(url.path) is damaged")
            }
            return WebhookKeys(key: SymmetricKey(data: data))
        }
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw SightlineError(.corrupt, "cannot write the webhook key to \(url.path)") }
        return WebhookKeys(key: key)
    }

    /// The secret a receiver verifies signatures with: `whsec_` and 64 hex digits.
    public func secret(for webhook: Webhook) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(webhook.id):\(webhook.nonce)".utf8), using: key)
        return "whsec_" + Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// The `Sightline-Signature` header value for a body sent at `time`:
    /// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>`.
    public func signature(for webhook: Webhook, body: Data, at time: Timestamp) -> String {
        Self.signature(secret: secret(for: webhook), body: body, seconds: time.milliseconds / 1000)
    }

    /// What a receiver computes to check a delivery; here so that tests and docs share one rule.
    public static func signature(secret: String, body: Data, seconds: Int64) -> String {
        var message = Data("\(seconds).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(seconds),v1=" + Data(mac).map { String(format: "%02x", $0) }.joined()
    }
}
