public import Foundation
import GRDB
import SightlineCore

/// An online snapshot of an embedded deployment taken while it serves: the catalog (with the
/// log) first, then every day's partition, each copied with SQLite's backup API so each file is
/// a consistent point in time; then the days' keys, to a directory apart, as the live ones are.
/// Anything acknowledged before the snapshot began is in it: a read is in its partition before
/// its batch is acknowledged, and the catalog is copied before the partitions, so an alert or log
/// record in the copy never names a read the copy lacks.
public enum Backup {
    public struct Summary: Sendable {
        public var partitions: [Int] = []
        public var bytes: Int = 0
    }

    /// Files beside the catalog that the deployment needs: the log's signing key and the
    /// webhook key.
    static let keyFiles = ["log-signing-key.json", "webhook-key"]

    /// Snapshots `data` (keys in `keys`) into `out` and `outKeys`, which must not exist yet.
    public static func snapshot(
        data: URL, keys: URL, to out: URL, keys outKeys: URL, progress: (String) -> Void = { _ in }
    ) throws -> Summary {
        let files = FileManager.default
        for target in [out, outKeys] where files.fileExists(atPath: target.path) {
            throw SightlineError(.invalidField, "\(target.path) exists; a backup goes to a new directory")
        }
        guard !files.fileExists(atPath: data.appendingPathComponent("store.json").path) else {
            throw SightlineError(
                .invalidField,
                "this deployment keeps its reads in PostgreSQL: back them up with pg_dump (the catalog and log are here)"
            )
        }
        guard files.fileExists(atPath: data.appendingPathComponent("catalog.sqlite").path) else {
            throw SightlineError(.invalidField, "\(data.path) holds no Sightline catalog")
        }
        try files.createDirectory(at: out.appendingPathComponent("reads"), withIntermediateDirectories: true)
        try files.createDirectory(at: outKeys, withIntermediateDirectories: true)
        try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: outKeys.path)
        let reads = data.appendingPathComponent("reads")
        let marker = BatchMarker(directory: reads)
        // A batch spanning days that is being committed now is not acknowledged; its marker
        // goes with the copy so that opening it removes whatever part of the batch was copied.
        var pending = try marker.read() ?? [:]
        var summary = Summary()

        progress("catalog and log")
        summary.bytes += try copy(
            data.appendingPathComponent("catalog.sqlite"), to: out.appendingPathComponent("catalog.sqlite"))
        let days = try files.contentsOfDirectory(atPath: reads.path).compactMap { name -> Int? in
            name.hasSuffix(".sqlite") ? Int(name.dropLast(7)) : nil
        }.sorted()
        for day in days {
            progress("partition \(day)")
            summary.bytes += try copy(
                reads.appendingPathComponent("\(day).sqlite"), to: out.appendingPathComponent("reads/\(day).sqlite"))
            summary.partitions.append(day)
        }
        pending.merge(try marker.read() ?? [:]) { min($0, $1) }
        if !pending.isEmpty { try BatchMarker(directory: out.appendingPathComponent("reads")).write(pending) }

        progress("keys")
        for name in keyFiles where files.fileExists(atPath: data.appendingPathComponent(name).path) {
            try copyPrivate(data.appendingPathComponent(name), to: out.appendingPathComponent(name))
        }
        for day in summary.partitions where files.fileExists(atPath: keys.appendingPathComponent("\(day).key").path) {
            try copyPrivate(keys.appendingPathComponent("\(day).key"), to: outKeys.appendingPathComponent("\(day).key"))
        }
        return summary
    }

    /// Puts a snapshot back as a new deployment in `data` (keys in `keys`), which must not exist.
    public static func restore(from backup: URL, keys backupKeys: URL, to data: URL, keys: URL) throws {
        let files = FileManager.default
        for target in [data, keys] where files.fileExists(atPath: target.path) {
            throw SightlineError(.invalidField, "\(target.path) exists; restore into a new directory")
        }
        guard files.fileExists(atPath: backup.appendingPathComponent("catalog.sqlite").path) else {
            throw SightlineError(.invalidField, "\(backup.path) is not a Sightline backup (no catalog.sqlite)")
        }
        try files.createDirectory(at: data.deletingLastPathComponent(), withIntermediateDirectories: true)
        try files.copyItem(at: backup, to: data)
        try files.copyItem(at: backupKeys, to: keys)
    }

    /// SQLite's online backup of one database into a new file; the bytes copied.
    private static func copy(_ source: URL, to target: URL) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let reader = try DatabasePool(path: source.path, configuration: configuration)
        let writer = try DatabaseQueue(path: target.path)
        try reader.backup(to: writer)
        try writer.close()
        try reader.close()
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        return (try FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) ?? 0
    }

    private static func copyPrivate(_ source: URL, to target: URL) throws {
        try FileManager.default.copyItem(at: source, to: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
    }
}
