import Foundation

/// A small durable file naming, for a batch that spans partitions, the first row each partition
/// will receive. Present only while such a batch is being committed.
struct BatchMarker: Sendable {
    let url: URL
    let directory: URL

    init(directory: URL) {
        self.directory = directory
        self.url = directory.appendingPathComponent("pending-batch.json")
    }

    func read() throws -> [Int: Int64]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data = try Data(contentsOf: url)
        guard let decoded = try? JSONDecoder().decode([String: Int64].self, from: data) else {
            // A torn marker means the crash came before it was durable, so before any commit of
            // that batch: there is nothing to undo.
            return [:]
        }
        return Dictionary(uniqueKeysWithValues: decoded.compactMap { key, row in Int(key).map { ($0, row) } })
    }

    func write(_ firstRows: [Int: Int64]) throws {
        let data = try JSONEncoder().encode(Dictionary(uniqueKeysWithValues: firstRows.map { (String($0), $1) }))
        let handle = try FileHandleWriter(path: url.path)
        try handle.write(data)
        try handle.syncAndClose()
        try Self.syncDirectory(directory)
    }

    func clear() throws {
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        try Self.syncDirectory(directory)
    }

    /// Makes a directory's entries (a new or removed file) durable.
    static func syncDirectory(_ directory: URL) throws {
        let fd = open(directory.path, O_RDONLY)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }
}

/// Writes a whole file and fsyncs it.
struct FileHandleWriter {
    let fd: Int32

    init(path: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    func write(_ data: Data) throws {
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                guard written > 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
                offset += written
            }
        }
    }

    func syncAndClose() throws {
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }
}
