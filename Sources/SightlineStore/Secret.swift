import Crypto
import Foundation

/// Device keys and API tokens: 256 random bits shown once, stored only as a SHA-256 digest.
/// A slow password hash would add nothing here — the secret has full entropy — and would cost
/// a key-stretching round on every ingest request.
public enum Secret {
    /// A new secret with a readable prefix (`slk_` for device keys, `slt_` for user tokens) so a
    /// leaked one can be recognised by secret scanners.
    public static func generate(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The digest stored in place of the secret.
    public static func digest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
