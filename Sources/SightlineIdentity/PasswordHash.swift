import Crypto
import CryptoExtras
import Foundation
import SightlineCore

/// Passwords are stored as scrypt hashes with a random salt: slow and memory-hard, so a stolen
/// catalog does not give up its passwords. The encoded form names its parameters, so they can be
/// raised later without invalidating stored hashes.
public enum PasswordHash {
    /// N = 2^15, r = 8, p = 1: about 32 MiB and tens of milliseconds per check.
    public static let rounds = 1 << 15
    public static let minimumLength = 12

    /// `scrypt$N$r$p$salt$hash`, salt and hash in base64.
    public static func make(_ password: String) throws -> String {
        guard password.count >= minimumLength else {
            throw SightlineError(
                .invalidField, "a password needs at least \(minimumLength) characters", field: "password")
        }
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hash = try derive(password, salt: salt, rounds: rounds, blockSize: 8, parallelism: 1)
        return "scrypt$\(rounds)$8$1$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Whether `password` matches the encoded hash; compared in constant time.
    public static func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$")
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]),
            let p = Int(parts[3]), let salt = Data(base64Encoded: String(parts[4])),
            let expected = Data(base64Encoded: String(parts[5])),
            let actual = try? derive(password, salt: Array(salt), rounds: n, blockSize: r, parallelism: p)
        else { return false }
        guard actual.count == expected.count else { return false }
        return zip(actual, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func derive(
        _ password: String, salt: [UInt8], rounds: Int, blockSize: Int, parallelism: Int
    ) throws
        -> [UInt8]
    {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: rounds, blockSize: blockSize,
            parallelism: parallelism)
        return key.withUnsafeBytes { Array($0) }
    }
}
