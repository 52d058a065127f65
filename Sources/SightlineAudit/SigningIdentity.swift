import Crypto
public import Foundation

/// The log's signing key and origin, created on first start in the data directory with
/// owner-only permissions. The private key never leaves that file; the verifier key is published.
public struct SigningIdentity: Sendable {
    public let origin: String
    public let signer: NoteSigner

    private struct Stored: Codable {
        var origin: String
        var name: String
        var privateKey: String
    }

    public static func loadOrCreate(at url: URL) throws -> SigningIdentity {
        if FileManager.default.fileExists(atPath: url.path) {
            let stored = try JSONDecoder().decode(Stored.self, from: Data(contentsOf: url))
            guard let raw = Data(base64Encoded: stored.privateKey) else {
                throw AuditError.invalid("the log signing key file is damaged")
            }
            return SigningIdentity(
                origin: stored.origin,
                signer: try NoteSigner(name: stored.name, key: Curve25519.Signing.PrivateKey(rawRepresentation: raw)))
        }
        var generator = SystemRandomNumberGenerator()
        let id = (0..<6).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let key = Curve25519.Signing.PrivateKey()
        let stored = Stored(
            origin: "sightline.log/\(id)", name: "sightline-\(id)",
            privateKey: key.rawRepresentation.base64EncodedString())
        let data = try JSONEncoder().encode(stored)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600])
        else {
            throw AuditError.invalid("cannot write the log signing key to \(url.path)")
        }
        return SigningIdentity(origin: stored.origin, signer: try NoteSigner(name: stored.name, key: key))
    }
}
