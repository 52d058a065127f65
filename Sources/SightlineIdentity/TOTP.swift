import Crypto
import Foundation
public import SightlineCore

/// Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits): the second
/// factor every authenticator app speaks.
public struct TOTP: Sendable {
    public let secret: [UInt8]
    public var step: Int64 = 30
    public var digits = 6

    public init(secret: [UInt8]) { self.secret = secret }

    /// A new random 160-bit secret.
    public static func generateSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The time step an instant falls in.
    public func counter(at time: Timestamp) -> Int64 { time.milliseconds / 1000 / step }

    /// The code for a time step (RFC 4226 dynamic truncation).
    public func code(forCounter counter: Int64) -> String {
        var big = UInt64(bitPattern: counter).bigEndian
        let message = withUnsafeBytes(of: &big) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value =
            (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(value % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    public func code(at time: Timestamp) -> String { code(forCounter: counter(at: time)) }

    /// The step a code matches, allowing one step of clock drift either way, and only steps after
    /// `lastUsed`, so an observed code cannot be replayed.
    public func match(_ code: String, at time: Timestamp, after lastUsed: Int64) -> Int64? {
        let now = counter(at: time)
        for candidate in [now, now - 1, now + 1] where candidate > lastUsed {
            if self.code(forCounter: candidate) == code { return candidate }
        }
        return nil
    }

    /// The `otpauth://` URI an authenticator app scans.
    public func provisioningURI(account: String, issuer: String = "Sightline") -> String {
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? account
        return
            "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuer)&algorithm=SHA1&digits=\(digits)&period=\(step)"
    }
}

/// RFC 4648 base32, the alphabet authenticator apps use for secrets.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: output, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        for character in text.uppercased().utf8 where character != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return output
    }
}
