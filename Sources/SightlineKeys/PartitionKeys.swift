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
    ///
    /// Two batches of a new day may ask at once, in this process or in another server sharing
    /// the directory: the file is created exclusively (`O_EXCL`), and whoever loses reads the
    /// winner's key, so no row is ever sealed with a key that was then overwritten.
    public func key(for day: Int, create: Bool) throws -> SymmetricKey? {
        try cache.withLock { cache in
            if let known = cache[day] { return known }
            let file = url(for: day)
            if let key = try Self.read(file, day: day) {
                cache[day] = key
                return key
            }
            guard create else { return nil }
            let key = SymmetricKey(size: .bits256)
            let fd = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else {
                guard errno == EEXIST, let theirs = try Self.read(file, day: day) else {
                    throw SightlineError(.corrupt, "could not create the key of partition \(day): errno \(errno)")
                }
                cache[day] = theirs
                return theirs
            }
            defer { close(fd) }
            let written = key.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == 32, fsync(fd) == 0 else {
                throw SightlineError(.corrupt, "could not write the key of partition \(day)")
            }
            try Self.syncDirectory(directory)
            cache[day] = key
            return key
        }
    }

    private static func read(_ file: URL, day: Int) throws -> SymmetricKey? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        // A file another process is still writing reads short: its key is not there yet.
        guard data.count == 32 else {
            throw SightlineError(.corrupt, "the key file of partition \(day) is damaged or still being written")
        }
        return SymmetricKey(data: data)
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
