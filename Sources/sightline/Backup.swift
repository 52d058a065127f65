import ArgumentParser
import Foundation
import SightlineCore
import SightlineServer
import SightlineStore

/// `<directory>-keys`, where a deployment's day keys live, apart from its data.
func keysDirectory(of directory: URL) -> URL {
    URL(fileURLWithPath: directory.standardizedFileURL.path + "-keys")
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Snapshot a running embedded deployment: catalog, log and every day's reads, consistent and online.",
        discussion: """
            Writes <out> and, apart from it, <out>-keys with the days' keys (keep them apart, as the \
            live ones are). Safe while `serve` ingests: each file is copied with SQLite's backup API, \
            the catalog first, so everything acknowledged before the backup began is in it.
            """)

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "The new directory to write.") var out: String

    func run() async throws {
        let target = URL(fileURLWithPath: out).standardizedFileURL
        let start = ContinuousClock.now
        try await refusing("backup") {
            // A whole copy of the deployment is an event its auditors should see; it is logged
            // first, so the copy holds its own record.
            try Catalog(path: data.url.appendingPathComponent("catalog.sqlite")).logOperation(
                "deployment.backup", "backup to \(target.path)")
            let summary = try Backup.snapshot(
                data: data.url, keys: keysDirectory(of: data.url), to: target, keys: keysDirectory(of: target)
            ) { step in report("backing up \(step)…") }
            report(
                "Backed up the catalog and \(summary.partitions.count) partitions (\(summary.bytes / 1024) KiB) to \(target.path), keys to \(keysDirectory(of: target).path), in \(ContinuousClock.now - start)."
            )
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Bring a backup back as a new data directory, then verify its log and count its reads.")

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "The backup directory (its keys beside it, in <from>-keys).") var from: String

    func run() async throws {
        let source = URL(fileURLWithPath: from).standardizedFileURL
        try await refusing("restore") {
            try Backup.restore(
                from: source, keys: keysDirectory(of: source), to: data.url, keys: keysDirectory(of: data.url))
            let sightline = try Sightline.open(dataDirectory: data.url)
            try sightline.catalog.logOperation("deployment.restore", "restored from \(source.path)")
            let verified = try sightline.audit.verifyStored()
            let partitions = try await sightline.store.partitions()
            report(
                "Restored to \(data.url.path): the log's \(verified.entries) entries verify against \(verified.checkpointsChecked) checkpoints; \(partitions.reduce(0) { $0 + $1.reads }) reads in \(partitions.count) partitions."
            )
        }
    }
}

extension Catalog {
    /// Logs an operation on the whole deployment, as the local operator running the command.
    func logOperation(_ action: String, _ what: String) throws {
        let actor = Actor.localOperator(ProcessInfo.processInfo.environment["USER"] ?? NSUserName())
        try append(
            .change(
                ChangeRecord(
                    time: .now, actor: actor.user, actorAgency: actor.agency, action: action, agency: actor.agency,
                    subject: "deployment", before: nil, after: what)))
    }
}
