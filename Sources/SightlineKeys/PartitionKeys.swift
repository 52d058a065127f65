public import Crypto
public import Foundation
import SightlineCore
import Synchronization

/// One data key per day partition, each in its own file under a directory kept apart from the
/// data (by default beside the data directory, not in it, so that a backup of the data does not
/// carry its keys). Destroying a day destroys its key: every copy of the day's file — a backup,
/// a replica, blocks the file system never reused — is then ciphertext no one can open
/// (crypto-shredding).
public final class PartitionKeys: Sendable {
    public let directory: URL
    private let cache = Mutex<[Int: SymmetricKey]>([:])

    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    public func url(for day: Int) -> URL { directory.appendingPathComponent("\(day).key") }

    /// The day's key, created on first use; nil when the day had a key that was destroyed.
    public func key(for day: Int, create: Bool) throws -> SymmetricKey? {
        if let known = cache.withLock({ $0[day] }) { return known }
        let file = url(for: day)
        if let data = FileManager.default.contents(atPath: file.path) {
            guard data.count == 32 else {
                throw SightlineError(.corrupt, "the key file of partition \(day) is damaged")
            }
            let key = SymmetricKey(data: data)
            cache.withLock { $0[day] = key }
            return key
        }
        guard create else { return nil }
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: file.path, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw SightlineError(.corrupt, "could not write the key of partition \(day)") }
        let handle = try FileHandle(forWritingTo: file)
        try handle.synchronize()
        try handle.close()
        try Self.syncDirectory(directory)
        cache.withLock { $0[day] = key }
        return key
    }

    /// Overwrites the key file, removes it, and forgets the key.
    public func destroy(day: Int) throws {
        cache.withLock { _ = $0.removeValue(forKey: day) }
        let file = url(for: day)
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data(count: 32))
        try handle.synchronize()
        try handle.close()
        try FileManager.default.removeItem(at: file)
        try Self.syncDirectory(directory)
    }
}

extension PartitionKeys {
    /// Makes a directory's entries (a new or removed key file) durable.
    static func syncDirectory(_ directory: URL) throws {
        let fd = open(directory.path, O_RDONLY)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }
}

/// AES-GCM with one partition's key: each sealed value carries its own random nonce and tag
/// (28 bytes), so equal plaintexts do not look equal on disk. Tags are keyed digests for
/// equality lookups where a database must find a value it cannot read.
public struct Sealer: Sendable {
    let key: SymmetricKey
    private let tagKey: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
        // A key of its own for tags, derived so that a tag reveals nothing about the sealing key.
        self.tagKey = SymmetricKey(
            data: HMAC<SHA256>.authenticationCode(for: Data("sightline tag key".utf8), using: key))
    }

    public func seal(_ bytes: some DataProtocol) throws -> Data {
        guard let combined = try AES.GCM.seal(bytes, using: key).combined else {
            throw SightlineError(.corrupt, "AES-GCM gave no combined box")
        }
        return combined
    }

    public func seal(_ text: String) throws -> Data { try seal(Data(text.utf8)) }

    public func open(_ sealed: Data) throws -> Data {
        try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key)
    }

    public func openText(_ sealed: Data) throws -> String { String(decoding: try open(sealed), as: UTF8.self) }

    /// A 16-byte keyed digest of `text` in a `domain`: equal texts of one day tag equally, and
    /// without the key a tag cannot be tested against a guess.
    public func tag(_ text: String, domain: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data((domain + ":" + text).utf8), using: tagKey).prefix(16))
    }
}
