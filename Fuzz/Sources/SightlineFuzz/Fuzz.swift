import Foundation
import SightlineAudit
import SightlineCore
import SightlineIngest

/// One binary, many targets: `FUZZ_TARGET` names the parser the bytes go to. Every parser must
/// return or throw its documented error for any input — never crash, hang or run away with memory.
enum Target: String, CaseIterable {
    case sightlineReads = "sightline-reads"
    case openALPR = "openalpr"
    case plateRecognizer = "platerecognizer"
    case importCSV = "import-csv"
    case importJSONLines = "import-jsonl"
    case hotListNCIC = "hotlist-ncic"
    case hotListNCICCSV = "hotlist-ncic-csv"
    case hotListCLEW = "hotlist-clew"
    case hotListTCIC = "hotlist-tcic"
    case hotListCSV = "hotlist-csv"
    case platePattern = "plate-pattern"
    case checkpoint
    case proof
    case export

    static let current: Target = {
        guard let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"], let target = Target(rawValue: name) else {
            fatalError("set FUZZ_TARGET to one of: \(Target.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }()
}

let camera = Camera(
    id: "fuzz-cam", owner: "fuzz-pd", kind: .fixed, name: "fuzz",
    location: Coordinate(latitude: 38.5, longitude: -121.5),
    heading: 0)
let now = Timestamp(rfc3339: "2026-11-29T12:00:00Z")!
let signer = try! NoteSigner(name: "fuzz.example/log", key: .init(rawRepresentation: Data(repeating: 7, count: 32)))
let verifier = try! NoteVerifier(verifierKey: signer.verifierKey)

/// libFuzzer's driver; SwiftPM gives an executable its own `main`, so this one starts libFuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@main
enum Main {
    static func main() {
        _ = Target.current
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runDriver(&argc, &argv, fuzz))
    }
}

func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let text = String(decoding: data, as: UTF8.self)
    let validator = ReadValidator(now: now)
    switch Target.current {
    case .sightlineReads:
        if let batch = try? BodyDecoding.decode(ReadBatch.self, from: data) {
            _ = try? validator.validate(batch.reads, from: camera)
        }
    case .openALPR:
        if let (path, reads) = try? OpenALPR.submissions(from: data) {
            _ = try? validator.validate(reads, from: camera, path: path)
        }
    case .plateRecognizer:
        if let (path, reads) = try? PlateRecognizer.submissions(from: data) {
            _ = try? validator.validate(reads, from: camera, path: path)
        }
    case .importCSV: _ = try? BulkFile.records(in: text, format: .csv)
    case .importJSONLines: _ = try? BulkFile.records(in: text, format: .jsonLines)
    case .hotListNCIC: _ = try? HotListFile.parse(text, format: .ncic)
    case .hotListNCICCSV: _ = try? HotListFile.parse(text, format: .ncicCSV)
    case .hotListCLEW: _ = try? HotListFile.parse(text, format: .clew)
    case .hotListTCIC: _ = try? HotListFile.parse(text, format: .tcic)
    case .hotListCSV: _ = try? HotListFile.parse(text, format: .csv)
    case .platePattern:
        // The pattern, then the pattern against the rest of the input as a plate.
        let parts = text.split(separator: "\n", maxSplits: 1).map(String.init)
        if let pattern = try? PlatePattern(parts.first ?? "") {
            _ = pattern.matches(parts.count > 1 ? parts[1] : "7ABC123")
        }
    case .checkpoint:
        _ = try? verifier.verify(text)
        _ = try? Checkpoint(body: text)
        _ = try? NoteVerifier(verifierKey: text)
    case .proof:
        // Sizes and indices from the first 24 bytes, hashes from the rest.
        guard count >= 24 else { return 0 }
        let numbers = (0..<3).map { i in data.dropFirst(i * 8).prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) } }
        let hashes = stride(from: 24, to: count, by: 32).map { Array(data[$0..<min($0 + 32, count)]) }
        let leaf = hashes.first ?? []
        _ = Merkle.verifyInclusion(
            leaf: leaf, index: numbers[0], size: numbers[1], proof: Array(hashes.dropFirst()), root: leaf)
        _ = Merkle.verifyConsistency(
            oldSize: numbers[0], newSize: numbers[2], oldRoot: leaf, newRoot: hashes.last ?? [],
            proof: Array(hashes.dropFirst()))
    case .export:
        // An export's entries, then a checkpoint note after a NUL byte.
        let parts = Array(data).split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        _ = try? ExportVerifier(key: verifier).verify(
            entries: Data(parts.first ?? []),
            checkpoints: parts.count > 1 ? [String(decoding: parts[1], as: UTF8.self)] : [], trusted: nil)
    }
    return 0
}

/// libFuzzer's archive names this entry point even when its driver is started from our `main`.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzz(start, count) }
