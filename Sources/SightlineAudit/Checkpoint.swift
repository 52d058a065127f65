public import Crypto
import Foundation

/// A log checkpoint: the origin naming the log, its size, and its root hash (C2SP tlog-checkpoint).
public struct Checkpoint: Hashable, Sendable {
    public var origin: String
    public var size: Int64
    public var root: Merkle.Hash

    public init(origin: String, size: Int64, root: Merkle.Hash) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The note body: three lines, each ending in a newline.
    public var body: String { "\(origin)\n\(size)\n\(Data(root).base64EncodedString())\n" }

    /// Parses a note body (extension lines after the root are allowed and ignored).
    public init(body: String) throws {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard body.hasSuffix("\n"), lines.count >= 4, !lines[0].isEmpty,
            let size = Int64(lines[1]), size >= 0, String(size) == lines[1],
            let root = Data(base64Encoded: String(lines[2])), root.count == 32
        else { throw AuditError.invalid("the checkpoint is not origin, size and a 32-byte base64 root, one per line") }
        self.init(origin: String(lines[0]), size: size, root: Array(root))
    }
}

/// Signs checkpoints as C2SP signed notes with Ed25519.
public struct NoteSigner: Sendable {
    public let name: String
    let key: Curve25519.Signing.PrivateKey

    public init(name: String, key: Curve25519.Signing.PrivateKey) throws {
        guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "+" || $0.isNewline }) else {
            throw AuditError.invalid("a key name has no spaces, plus signs or newlines")
        }
        self.name = name
        self.key = key
    }

    /// The verifier key to publish: `name+keyid+base64(0x01 || public key)`.
    public var verifierKey: String {
        let publicKey = key.publicKey.rawRepresentation
        let id = NoteVerifier.keyID(name: name, publicKey: Array(publicKey))
        return
            "\(name)+\(id.map { String(format: "%02x", $0) }.joined())+\(Data([0x01] + publicKey).base64EncodedString())"
    }

    /// The signed note: the body, a blank line, and `— name base64(keyid || signature)`.
    public func sign(_ checkpoint: Checkpoint) throws -> String {
        let body = checkpoint.body
        let signature = try key.signature(for: Data(body.utf8))
        let id = NoteVerifier.keyID(name: name, publicKey: Array(key.publicKey.rawRepresentation))
        return body + "\n" + "\u{2014} \(name) \(Data(id + Array(signature)).base64EncodedString())\n"
    }
}

/// Verifies signed notes against one trusted verifier key.
public struct NoteVerifier: Sendable {
    public let name: String
    let keyID: [UInt8]
    let key: Curve25519.Signing.PublicKey

    /// Parses a published verifier key, `name+keyid+base64(0x01 || public key)`.
    public init(verifierKey: String) throws {
        let parts = verifierKey.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 2)
        guard parts.count == 3, parts[1].count == 8, let keyData = Data(base64Encoded: String(parts[2])),
            keyData.count == 33, keyData.first == 0x01,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData.dropFirst())
        else { throw AuditError.invalid("the verifier key is not name+keyid+base64(0x01||ed25519 key)") }
        let id = Self.keyID(name: String(parts[0]), publicKey: Array(keyData.dropFirst()))
        guard id.map({ String(format: "%02x", $0) }).joined() == parts[1] else {
            throw AuditError.invalid("the verifier key's id does not match its name and key")
        }
        self.name = String(parts[0])
        self.keyID = id
        self.key = key
    }

    /// The 4-byte key id: the first bytes of SHA-256(name || 0x0A || 0x01 || public key).
    static func keyID(name: String, publicKey: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array(name.utf8) + [0x0A, 0x01] + publicKey).prefix(4))
    }

    /// The checkpoint in `note`, if this key signed it.
    public func verify(_ note: String) throws -> Checkpoint {
        guard let split = note.range(of: "\n\n") else { throw AuditError.invalid("the note has no signature block") }
        let body = String(note[note.startIndex...split.lowerBound])
        let signatures = note[split.upperBound...].split(separator: "\n")
        var signedByUs = false
        for line in signatures {
            let fields = line.split(separator: " ")
            guard fields.count == 3, fields[0] == "\u{2014}" else {
                throw AuditError.invalid("malformed signature line")
            }
            guard fields[1] == name, let blob = Data(base64Encoded: String(fields[2])), blob.count == 68,
                Array(blob.prefix(4)) == keyID
            else { continue }
            guard key.isValidSignature(blob.dropFirst(4), for: Data(body.utf8)) else {
                throw AuditError.invalid("the checkpoint's signature by \(name) does not verify")
            }
            signedByUs = true
        }
        guard signedByUs else {
            throw AuditError.invalid("the checkpoint carries no signature by the trusted key \(name)")
        }
        return try Checkpoint(body: body)
    }
}
