import ArgumentParser
import Foundation
import SightlineAudit
import SightlineCore
import SightlineServer

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Export the tamper-evident log and verify exports offline.",
        subcommands: [Export.self, Verify.self, Checkpoint.self, Findings.self])

    struct Findings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the misuse detectors over the log.")
        @OptionGroup var data: DataDirectoryOption
        @Option(help: "Only entries this agency made or that concern it.") var agency: String?
        func run() async throws {
            let sightline = try Sightline.open(dataDirectory: data.url)
            let records = try sightline.catalog.entries(from: 0, to: .max).map { entry in
                (entry.index, try JSONDecoder().decode(LogRecord.self, from: Data(entry.entry.utf8)))
            }.filter { entry in
                agency.map { $0 == entry.1.actorAgency?.rawValue || $0 == entry.1.subjectAgency?.rawValue } ?? true
            }
            let agencies = Dictionary(uniqueKeysWithValues: try sightline.catalog.agencies().map { ($0.id, $0) })
            let findings = MisuseDetectors().findings(in: records.map { ($0.0, $0.1) }, agencies: agencies)
            if findings.isEmpty { print("No findings in \(records.count) entries.") }
            for finding in findings {
                print("\(finding.detector): \(finding.summary)")
                print("    entries: \(finding.entries.map(String.init).joined(separator: ", "))")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write entries.jsonl, checkpoints.jsonl and log-key.pub; the export is logged.")
        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The folder to write.") var out: String

        func run() async throws {
            let sightline = try Sightline.open(dataDirectory: data.url)
            let actor = Actor.localOperator(ProcessInfo.processInfo.environment["USER"] ?? "console")
            let result = try sightline.audit.export(
                to: URL(fileURLWithPath: out), by: actor, agency: AgencyID("local-operator"))
            print("Exported \(result.entries) entries to \(out); verifier key in \(out)/log-key.pub")
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign and print a checkpoint of the log now.")
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            print(try Sightline.open(dataDirectory: data.url).audit.checkpoint(), terminator: "")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify an export offline against a trusted key and the last checkpoint you trusted.",
            discussion: """
                Checks every checkpoint's signature, every entry against its leaf hash and its place, \
                every checkpoint's root against the entries, and that the log still extends the \
                checkpoint stored in --state; on success the newest checkpoint is stored there.
                """)
        @Argument(help: "The export folder.") var export: String
        @Option(
            help: "The verifier key, or a file holding it (default: the export's log-key.pub, trusted on first use).")
        var key: String?
        @Option(help: "Where the last trusted checkpoint is kept.") var state: String = "sightline-trusted-checkpoint"

        func run() async throws {
            let folder = URL(fileURLWithPath: export)
            let keyText: String
            if let key {
                keyText =
                    FileManager.default.fileExists(atPath: key) ? try String(contentsOfFile: key, encoding: .utf8) : key
            } else {
                keyText = try String(contentsOf: folder.appendingPathComponent("log-key.pub"), encoding: .utf8)
                report("No --key given: trusting the export's own key on first use. Pass the published key to be sure.")
            }
            let trusted =
                FileManager.default.fileExists(atPath: state) ? try String(contentsOfFile: state, encoding: .utf8) : nil
            do {
                let verifier = ExportVerifier(key: try NoteVerifier(verifierKey: keyText))
                let entries = try Data(contentsOf: folder.appendingPathComponent("entries.jsonl"))
                let started = Date()
                let result = try verifier.verify(
                    entries: entries, checkpoints: try AuditService.checkpointNotes(in: folder), trusted: trusted)
                try result.note.write(toFile: state, atomically: true, encoding: .utf8)
                print(
                    "Verified \(result.entries) entries and \(result.checkpointsChecked) checkpoints in "
                        + String(format: "%.2f s", Date().timeIntervalSince(started))
                        + "; newest checkpoint size \(result.checkpoint.size), root \(Data(result.checkpoint.root).base64EncodedString())"
                        + (trusted == nil ? "" : "; consistent with the checkpoint trusted before"))
            } catch let error as AuditError {
                report("VERIFICATION FAILED: \(error.description)")
                throw ExitCode(1)
            }
        }
    }
}
