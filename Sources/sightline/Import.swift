import ArgumentParser
import Foundation
import SightlineCore
import SightlineIngest
import SightlineServer

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bulk-load data files.", subcommands: [ImportReads.self])
}

struct ImportReads: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reads",
        abstract: "Import plate reads from CSV or JSON Lines.",
        discussion: """
            Every record names its camera; the camera's agency owns the read. The whole file is \
            validated before anything is stored: one bad record stops the import with its line and \
            field, and nothing is written. CSV columns: \(BulkFile.csvColumns.joined(separator: ", ")).
            """)

    @OptionGroup var data: DataDirectoryOption

    @Argument(help: "The file to import (.csv, .jsonl or .ndjson).")
    var file: String

    @Option(help: "The file's format, when its name does not say: csv or jsonl.")
    var format: String?

    @Option(help: "Reads per durable batch.")
    var batch: Int = 5_000

    func run() async throws {
        guard let format = format.map({ BulkFile.Format(rawValue: $0) }) ?? BulkFile.format(of: file) else {
            throw ValidationError("say --format csv or --format jsonl")
        }
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try await withDeployment(data.url) { try await load(text, format: format, into: $0) }
    }

    private func load(_ text: String, format: BulkFile.Format, into sightline: Sightline) async throws {
        let cameras = Dictionary(uniqueKeysWithValues: try sightline.catalog.cameras().map { ($0.id.rawValue, $0) })
        let started = Date()
        let reads: [PlateRead]
        do {
            let records = try BulkFile.records(in: text, format: format)
            let validator = ReadValidator()
            var validated: [PlateRead] = []
            validated.reserveCapacity(records.count)
            var progress = ProgressBar("Validating", total: records.count)
            for (index, record) in records.enumerated() {
                guard let name = record.submission.camera, let camera = cameras[name] else {
                    throw SightlineError(
                        .invalidField,
                        "line \(record.line): camera \(record.submission.camera ?? "(none)") is not registered",
                        field: "camera", record: index)
                }
                do {
                    validated.append(
                        try validator.validate(record.submission, record: index, field: "", camera: camera))
                } catch {
                    throw SightlineError(
                        error.code, "line \(record.line): \(error.message)", field: error.field, record: index)
                }
                if index % 10_000 == 9_999 { progress.advance(by: 10_000) }
            }
            progress.advance(by: records.count % 10_000)
            reads = validated
        } catch let error as SightlineError {
            report("Import refused, nothing stored: \(error.message)" + (error.field.map { " [field \($0)]" } ?? ""))
            throw ExitCode(1)
        }
        var progress = ProgressBar("Storing", total: reads.count)
        for start in stride(from: 0, to: reads.count, by: max(1, batch)) {
            let slice = Array(reads[start..<min(start + max(1, batch), reads.count)])
            _ = try await sightline.ingest.append(slice)
            progress.advance(by: slice.count)
        }
        let seconds = Date().timeIntervalSince(started)
        let owners = Dictionary(grouping: reads, by: \.owner).mapValues(\.count)
        let days = Set(reads.map(\.time.compactDate)).count
        print("Imported \(reads.count) reads in \(String(format: "%.2f", seconds)) s into \(days) daily partitions.")
        for (owner, count) in owners.sorted(by: { $0.key < $1.key }) { print("  \(owner): \(count)") }
    }
}
