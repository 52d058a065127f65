public import SightlineCore

/// Hot-list files as agencies receive them. Every parser returns entries with their line numbers
/// and the lines it skipped with a reason, or fails on the first bad line naming it and the field.
public enum HotListFile {
    public enum Format: String, Sendable, CaseIterable {
        /// NCIC vehicle extract, fixed width.
        case ncic
        /// The comma-separated NCIC variant some states send.
        case ncicCSV = "ncic-csv"
        /// California DOJ CLEW tables: svs.tbl, sfr.tbl, slr.tbl.
        case clew
        /// Texas TCIC CSV.
        case tcic
        /// Generic CSV with a header: plate, state, category, reason, case, expiry, priority.
        case csv
    }

    public struct Parsed: Sendable {
        public var entries: [HotListEntry]
        /// Lines passed over, with why (known false-alert plates, for example).
        public var skipped: [(line: Int, reason: String)]
    }

    /// Plates that cameras read from blank or damaged plates; listing them floods officers with
    /// false alerts, so they are skipped with a warning.
    public static let falseAlertPlates: Set<String> = ["0", "00", "000", "0000", "NOPLATE", "NONE", "UNK", "UNKNOWN"]

    /// Parses `text`. `category` is what a CLEW table holds (its file name says: svs, sfr, slr).
    public static func parse(
        _ text: String, format: Format, category clewCategory: HotListCategory = .stolenVehicle,
        falseAlerts: Set<String> = falseAlertPlates
    ) throws(SightlineError) -> Parsed {
        // An empty upload is far more often a failed export than a decision to clear a list; a
        // list is cleared on purpose by a file with its header and no rows.
        guard !text.allSatisfy(\.isWhitespace) else {
            throw SightlineError(.invalidField, "the file is empty", field: "file", record: 0)
        }
        var parser = LineParser(falseAlerts: falseAlerts)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        switch format {
        case .ncic: try parser.ncic(lines)
        case .ncicCSV: try parser.ncicCSV(lines)
        case .clew: try parser.clew(lines, category: clewCategory)
        case .tcic: try parser.tcic(lines)
        case .csv: try parser.generic(lines)
        }
        return Parsed(entries: parser.entries, skipped: parser.skipped)
    }

    /// The CLEW table a file name names.
    public static func clewCategory(forFileName name: String) -> HotListCategory? {
        switch name.lowercased().split(separator: "/").last.map(String.init) {
        case "svs.tbl": .stolenVehicle
        case "sfr.tbl": .felonyVehicle
        case "slr.tbl": .stolenPlate
        default: nil
        }
    }
}

struct LineParser {
    let falseAlerts: Set<String>
    var entries: [HotListEntry] = []
    var skipped: [(line: Int, reason: String)] = []

    func fail(_ line: Int, _ field: String, _ message: String) -> SightlineError {
        SightlineError(.invalidField, "line \(line): \(message)", field: field, record: line)
    }

    func column(_ line: Substring, _ range: ClosedRange<Int>) -> String {
        let bytes = Array(line.utf8)
        guard range.lowerBound < bytes.count else { return "" }
        let slice = bytes[range.lowerBound...min(range.upperBound, bytes.count - 1)]
        return String(decoding: slice, as: UTF8.self).trimmingSpaces()
    }

    func date(_ text: String, line: Int, field: String) throws(SightlineError) -> Timestamp? {
        if text.isEmpty { return nil }
        guard text.count == 8, let value = Int(text), let day = Timestamp(compactDate: value) else {
            throw fail(line, field, "\(field) \(text.debugDescription) is not a yyyymmdd date")
        }
        return day
    }

    /// Adds an entry unless its plate is missing (an error) or a known false alert (a warning).
    mutating func add(
        line: Int, plate raw: String, state: String, category: HotListCategory, incident: Timestamp? = nil,
        vehicle: VehicleDescription = .init(), reason: String? = nil, caseNumber: String? = nil,
        expiry: Timestamp? = nil,
        priority: Int? = nil
    ) throws(SightlineError) {
        guard !raw.isEmpty else { throw fail(line, "plate", "the plate is empty") }
        guard let plate = Plate.normalize(raw) else {
            throw fail(line, "plate", "plate \(raw.debugDescription) is not 1–\(Plate.maximumLength) letters or digits")
        }
        if falseAlerts.contains(plate) {
            skipped.append((line, "plate \(plate) is a known false-alert plate"))
            return
        }
        let region: String?
        if state.isEmpty {
            region = nil
        } else {
            guard state.count == 2, state.allSatisfy({ $0.isLetter }) else {
                throw fail(line, "state", "state \(state.debugDescription) is not a two-letter code")
            }
            region = "US-\(state.uppercased())"
        }
        entries.append(
            HotListEntry(
                plate: plate, region: region, category: category, reason: reason ?? category.name,
                caseNumber: caseNumber,
                effective: incident, expiry: expiry, priority: priority ?? Self.priority(of: category),
                vehicle: vehicle,
                line: line))
    }

    static func priority(of category: HotListCategory) -> Int {
        switch category {
        case .amber, .violentPerson, .gangOrTerrorist: 1
        case .felonyVehicle, .wantedPerson, .missingPerson, .protectionOrder: 2
        default: 3
        }
    }

    func category(_ code: Character?, line: Int) throws(SightlineError) -> HotListCategory {
        guard let code, let category = HotListCategory(rawValue: String(code).uppercased()), category != .agency else {
            throw fail(
                line, "type",
                "list type \(code.map { String($0).debugDescription } ?? "(none)") is not an NCIC file code")
        }
        return category
    }

    // MARK: Formats

    /// Fixed width, zero-based: type 0, incident date 19–26, plate 27–36, state 37–38, tag year
    /// 39–42, plate type 43–44, vehicle year 45–48, make 49–52, model 53–55, style 56–57, colour 58–.
    mutating func ncic(_ lines: [Substring]) throws(SightlineError) {
        for (offset, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            let number = offset + 1
            guard line.utf8.count >= 39 else {
                throw fail(number, "line", "a record is at least 39 characters; this has \(line.utf8.count)")
            }
            let vehicle = VehicleDescription(
                make: column(line, 49...52).nilIfEmpty, model: column(line, 53...55).nilIfEmpty,
                color: column(line, 58...(line.utf8.count + 60)).nilIfEmpty, type: column(line, 56...57).nilIfEmpty)
            try add(
                line: number, plate: column(line, 27...36), state: column(line, 37...38),
                category: try category(line.first, line: number),
                incident: try date(column(line, 19...26), line: number, field: "date"),
                vehicle: vehicle)
        }
    }

    /// record id (type in its first character), ORI, date, plate, state, tag year, plate type,
    /// vehicle year, make, model, style, colour.
    mutating func ncicCSV(_ lines: [Substring]) throws(SightlineError) {
        for (offset, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            let number = offset + 1
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
            guard f.count >= 5 else {
                throw fail(number, "line", "expected at least 5 comma-separated fields, found \(f.count)")
            }
            func at(_ i: Int) -> String? { i < f.count ? f[i].nilIfEmpty : nil }
            try add(
                line: number, plate: f[3], state: f[4], category: try category(f[0].first, line: number),
                incident: try date(f[2], line: number, field: "date"),
                vehicle: VehicleDescription(make: at(8), model: at(9), color: at(11), type: at(10)),
                caseNumber: f[1].nilIfEmpty.map { "ORI \($0)" })
        }
    }

    /// Header `DATEmm/dd/yyyy hh:mm`; records: plate 0–7, state 8–9, county 10–11, date 12–19;
    /// footer `TOTAL RECORD nnnnnnn`, which must match the count.
    mutating func clew(_ lines: [Substring], category: HotListCategory) throws(SightlineError) {
        let content = lines.enumerated().filter { !$0.element.allSatisfy(\.isWhitespace) }
        guard let header = content.first, header.element.hasPrefix("DATE") else {
            throw fail(1, "header", "a CLEW table starts with DATEmm/dd/yyyy hh:mm")
        }
        guard let footer = content.last, footer.offset != header.offset, footer.element.hasPrefix("TOTAL RECORD") else {
            throw fail(
                lines.count, "footer", "a CLEW table ends with TOTAL RECORD and the count; the file may be cut short")
        }
        let records = content.dropFirst().dropLast()
        guard let total = Int(footer.element.dropFirst("TOTAL RECORD".count).trimmingSpaces()) else {
            throw fail(footer.offset + 1, "footer", "the footer's count is not a number")
        }
        guard total == records.count else {
            throw fail(
                footer.offset + 1, "footer",
                "the footer says \(total) records, the file holds \(records.count); refused whole")
        }
        for (offset, line) in records {
            try add(
                line: offset + 1, plate: column(line, 0...7), state: column(line, 8...9), category: category,
                incident: try date(column(line, 12...19), line: offset + 1, field: "date"),
                note: column(line, 10...11).nilIfEmpty.map { "county \($0)" })
        }
    }

    /// record id (type in its second character), plate, state, year, make, model, body, colour.
    mutating func tcic(_ lines: [Substring]) throws(SightlineError) {
        for (offset, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            let number = offset + 1
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
            guard f.count >= 3 else {
                throw fail(number, "line", "expected at least 3 comma-separated fields, found \(f.count)")
            }
            func at(_ i: Int) -> String? { i < f.count ? f[i].nilIfEmpty : nil }
            try add(
                line: number, plate: f[1], state: f[2], category: try category(f[0].dropFirst().first, line: number),
                vehicle: VehicleDescription(make: at(4), model: at(5), color: at(7), type: at(6)))
        }
    }

    /// Header then rows: plate, state, category, reason, case, expiry, priority (any order).
    mutating func generic(_ lines: [Substring]) throws(SightlineError) {
        let rows: [CSVRows.Row]
        do {
            rows = try CSVRows.parse(lines.joined(separator: "\n"))
        }
        guard let header = rows.first else { return }
        let names = header.fields.map { $0.trimmingSpaces().lowercased() }
        guard let plateColumn = names.firstIndex(of: "plate") else {
            throw fail(1, "plate", "the header has no plate column")
        }
        for row in rows.dropFirst() where !(row.fields.count == 1 && row.fields[0].isEmpty) {
            var value: [String: String] = [:]
            for (name, field) in zip(names, row.fields) where !field.isEmpty { value[name] = field.trimmingSpaces() }
            let category: HotListCategory
            if let text = value["category"] {
                guard
                    let parsed = HotListCategory(rawValue: text.uppercased())
                        ?? HotListCategory.allCases.first(where: {
                            $0.name == text.lowercased() || $0.rawValue == text.lowercased()
                        })
                else {
                    throw fail(
                        row.line, "category",
                        "category \(text.debugDescription) is not an NCIC code or a known category name")
                }
                category = parsed
            } else {
                category = .agency
            }
            var expiry: Timestamp?
            if let text = value["expiry"] {
                guard let time = Timestamp(rfc3339: text) ?? (Int(text).flatMap { Timestamp(compactDate: $0) }) else {
                    throw fail(row.line, "expiry", "expiry \(text.debugDescription) is not RFC 3339 or yyyymmdd")
                }
                expiry = time
            }
            var priority: Int?
            if let text = value["priority"] {
                guard let number = Int(text), (1...5).contains(number) else {
                    throw fail(row.line, "priority", "priority must be 1 (highest) to 5")
                }
                priority = number
            }
            try add(
                line: row.line,
                plate: row.fields.indices.contains(plateColumn) ? row.fields[plateColumn].trimmingSpaces() : "",
                state: value["state"] ?? "", category: category, reason: value["reason"], caseNumber: value["case"],
                expiry: expiry, priority: priority)
        }
    }
}

extension LineParser {
    mutating func add(
        line: Int, plate: String, state: String, category: HotListCategory, incident: Timestamp?, note: String?
    ) throws(SightlineError) {
        try add(line: line, plate: plate, state: state, category: category, incident: incident)
        if let note, entries.last?.line == line { entries[entries.count - 1].note = note }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }

    var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension Substring {
    func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}
