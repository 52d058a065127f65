import Foundation
public import SightlineCore

/// Bulk files for `sightline import reads`: JSON Lines (one Sightline read per line, `camera`
/// required) or CSV with a header row. Each record remembers its line for error messages.
public enum BulkFile {
    public enum Format: String, Sendable, CaseIterable {
        case jsonLines = "jsonl"
        case csv
    }

    public struct Record: Sendable {
        /// One-based line number in the file.
        public var line: Int
        public var submission: ReadSubmission
    }

    /// The CSV columns understood; `time`, `camera`, `plate` and `confidence` are required.
    /// `candidates` holds `PLATE:confidence` pairs separated by `;`.
    public static let csvColumns = [
        "time", "camera", "plate", "confidence", "region", "region_confidence", "latitude", "longitude", "direction",
        "make", "model", "color", "type", "candidates",
    ]

    public static func format(of path: String) -> Format? {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonLines }
        return nil
    }

    /// Parses the whole text; the first bad record stops the parse with its index and line.
    public static func records(in text: String, format: Format) throws(SightlineError) -> [Record] {
        switch format {
        case .jsonLines: try jsonLines(text)
        case .csv: try csv(text)
        }
    }

    static func jsonLines(_ text: String) throws(SightlineError) -> [Record] {
        var records: [Record] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            do {
                let submission = try BodyDecoding.decode(ReadSubmission.self, from: Data(trimmed.utf8))
                records.append(Record(line: offset + 1, submission: submission))
            } catch {
                throw SightlineError(
                    error.code, "line \(offset + 1): \(error.message)", field: error.field ?? "line",
                    record: records.count)
            }
        }
        return records
    }

    static func csv(_ text: String) throws(SightlineError) -> [Record] {
        let rows = try CSVRows.parse(text)
        guard let header = rows.first else { return [] }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for name in names where !csvColumns.contains(name) {
            throw SightlineError(.invalidField, "line 1: unknown column \(name.debugDescription)", field: name)
        }
        for required in ["time", "camera", "plate", "confidence"] where !names.contains(required) {
            throw SightlineError(.invalidField, "line 1: column \(required) is required", field: required)
        }
        var records: [Record] = []
        for row in rows.dropFirst() {
            if row.fields.count == 1, row.fields[0].isEmpty { continue }
            let index = records.count
            guard row.fields.count == names.count else {
                throw SightlineError(
                    .invalidField, "line \(row.line): \(row.fields.count) fields, header has \(names.count)",
                    field: "line", record: index)
            }
            var value: [String: String] = [:]
            for (name, field) in zip(names, row.fields) where !field.isEmpty { value[name] = field }
            func number(_ name: String) throws(SightlineError) -> Double? {
                guard let text = value[name] else { return nil }
                guard let number = Double(text) else {
                    throw SightlineError(
                        .invalidField, "line \(row.line): \(name) is not a number", field: name, record: index)
                }
                return number
            }
            var candidates: [ReadSubmission.Candidate]?
            if let list = value["candidates"] {
                candidates = try list.split(separator: ";").map { pair throws(SightlineError) in
                    let parts = pair.split(separator: ":")
                    guard parts.count == 2, let confidence = Double(parts[1]) else {
                        throw SightlineError(
                            .invalidField, "line \(row.line): candidates must be PLATE:confidence pairs separated by ;",
                            field: "candidates", record: index)
                    }
                    return ReadSubmission.Candidate(plate: String(parts[0]), confidence: confidence)
                }
            }
            let direction: ReadSubmission.DirectionValue? = value["direction"].map { text in
                Double(text).map { .degrees($0) } ?? .compass(text)
            }
            let vehicle = VehicleDescription(
                make: value["make"], model: value["model"], color: value["color"], type: value["type"])
            records.append(
                Record(
                    line: row.line,
                    submission: ReadSubmission(
                        plate: value["plate"], region: value["region"],
                        regionConfidence: try number("region_confidence"),
                        time: value["time"], confidence: try number("confidence"), candidates: candidates,
                        camera: value["camera"], latitude: try number("latitude"), longitude: try number("longitude"),
                        direction: direction, vehicle: vehicle.isEmpty ? nil : vehicle)))
        }
        return records
    }
}

/// RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks.
enum CSVRows {
    struct Row {
        var line: Int
        var fields: [String]
    }

    static func parse(_ text: String) throws(SightlineError) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var line = 1
        var rowStart = 1
        var bytes = Array(text.utf8).makeIterator()
        var pending: UInt8? = nil
        func next() -> UInt8? {
            if let p = pending {
                pending = nil
                return p
            }
            return bytes.next()
        }
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while let byte = next() {
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    let following = next()
                    if following == UInt8(ascii: "\"") {
                        field.append(byte)
                    } else {
                        quoted = false
                        pending = following
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                guard field.isEmpty else {
                    throw SightlineError(
                        .invalidField, "line \(line): a quote inside an unquoted field", field: "line",
                        record: max(0, rows.count - 1))
                }
                quoted = true
            case UInt8(ascii: ","): endField()
            case UInt8(ascii: "\r"): continue
            case UInt8(ascii: "\n"):
                endField()
                rows.append(Row(line: rowStart, fields: fields))
                fields = []
                line += 1
                rowStart = line
            default: field.append(byte)
            }
        }
        guard !quoted else {
            throw SightlineError(
                .invalidField, "line \(rowStart): a quoted field is not closed", field: "line",
                record: max(0, rows.count - 1))
        }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            rows.append(Row(line: rowStart, fields: fields))
        }
        return rows
    }
}
