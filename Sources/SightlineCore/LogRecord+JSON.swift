/// Compact JSON for log records, written directly. The log encodes every search, change and
/// sign-in; Foundation's `JSONEncoder` cost some 75 µs a record, most of an append. Keys are in
/// sorted order and the output decodes with the `Codable` conformances (a test holds them equal).
extension LogRecord {
    public var json: String {
        var w = JSONWriter()
        switch self {
        case .search(let r): r.write(to: &w, type: "search")
        case .change(let r): r.write(to: &w, type: "change")
        case .login(let r): r.write(to: &w, type: "login")
        case .alert(let r): r.write(to: &w, type: "alert")
        }
        return w.text
    }
}

struct JSONWriter {
    private var bytes: [UInt8] = []
    private var first: [Bool] = []

    init() { bytes.reserveCapacity(1024) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func open(_ c: UInt8 = UInt8(ascii: "{")) {
        bytes.append(c)
        first.append(true)
    }

    mutating func close(_ c: UInt8 = UInt8(ascii: "}")) {
        bytes.append(c)
        first.removeLast()
    }

    private mutating func separate() {
        if first[first.count - 1] { first[first.count - 1] = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    mutating func key(_ name: String) {
        separate()
        string(name, separated: false)
        bytes.append(UInt8(ascii: ":"))
    }

    /// An array element's separator.
    mutating func element() { separate() }

    mutating func string(_ value: String, separated: Bool = false) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [0x5C, 0x22]
            case UInt8(ascii: "\\"): bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
            case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func raw(_ text: String) { bytes += Array(text.utf8) }

    mutating func field(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    mutating func field(_ name: String, _ value: String?) { if let value { field(name, value) } }
    mutating func field(_ name: String, _ value: Int) {
        key(name)
        raw(String(value))
    }
    mutating func field(_ name: String, _ value: Int64) {
        key(name)
        raw(String(value))
    }
    mutating func field(_ name: String, _ value: Double) {
        key(name)
        raw(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)")
    }
    mutating func field(_ name: String, _ value: Bool?) {
        guard let value else { return }
        key(name)
        raw(value ? "true" : "false")
    }
    mutating func field(_ name: String, _ value: Timestamp?) { if let value { field(name, value.rfc3339) } }
    mutating func strings(_ name: String, _ values: [String]?) {
        guard let values else { return }
        key(name)
        open(UInt8(ascii: "["))
        for value in values {
            element()
            string(value)
        }
        close(UInt8(ascii: "]"))
    }
}

extension SearchRecord {
    func write(to w: inout JSONWriter, type: String?) {
        w.open()
        w.field("coSignature", coSignature)
        w.key("counts")
        w.open(UInt8(ascii: "["))
        for count in counts {
            w.element()
            w.open()
            w.field("hit", count.hit)
            w.field("owner", count.owner.rawValue)
            w.field("reads", count.reads)
            w.close()
        }
        w.close(UInt8(ascii: "]"))
        w.key("decisions")
        w.open(UInt8(ascii: "["))
        for d in decisions {
            w.element()
            w.open()
            w.field("disclosure", d.disclosure.rawValue)
            w.field("grant", d.grant)
            w.field("notBefore", d.notBefore)
            w.field("outcome", d.outcome.rawValue)
            w.field("owner", d.owner.rawValue)
            w.field("reason", d.reason)
            w.field("rule", d.rule)
            w.close()
        }
        w.close(UInt8(ascii: "]"))
        w.field("outcome", outcome.rawValue)
        w.key("query")
        w.open()
        if let box = query.box {
            w.key("box")
            w.open()
            w.field("east", box.east)
            w.field("north", box.north)
            w.field("south", box.south)
            w.field("west", box.west)
            w.close()
        }
        w.strings("cameras", query.cameras?.map(\.rawValue))
        w.field("color", query.color)
        w.field("detail", query.detail)
        w.field("direction", query.direction?.rawValue)
        w.field("make", query.make)
        w.strings("owners", query.owners?.map(\.rawValue))
        w.field("plate", query.plate)
        if let radius = query.radius {
            w.key("radius")
            w.open()
            w.key("center")
            w.open()
            w.field("latitude", radius.center.latitude)
            w.field("longitude", radius.center.longitude)
            w.close()
            w.field("meters", radius.meters)
            w.close()
        }
        w.field("region", query.region)
        if let tolerance = query.tolerance { w.field("tolerance", tolerance) }
        w.field("type", query.type)
        query.window.map { w.window("window", $0) }
        w.close()
        w.key("request")
        w.open()
        w.field("agency", request.agency.rawValue)
        w.field("caseNumber", request.caseNumber)
        w.field("coSignedBy", request.coSignedBy?.rawValue)
        w.field("justification", request.justification)
        w.field("kind", request.kind.rawValue)
        w.field("onBehalfOf", request.onBehalfOf.rawValue)
        w.field("purpose", request.purpose.rawValue)
        w.field("user", request.user.rawValue)
        request.window.map { w.window("window", $0) }
        w.close()
        w.field("time", time)
        w.field("type", type)
        w.close()
    }
}

extension JSONWriter {
    mutating func window(_ name: String, _ window: TimeWindow) {
        key(name)
        open()
        field("from", window.from)
        field("to", window.to)
        close()
    }
}

extension ChangeRecord {
    func write(to w: inout JSONWriter, type: String) {
        w.open()
        w.field("action", action)
        w.field("actor", actor.rawValue)
        w.field("actorAgency", actorAgency.rawValue)
        w.field("after", after)
        w.field("agency", agency.rawValue)
        w.field("before", before)
        w.field("subject", subject)
        w.field("time", time)
        w.field("type", type)
        w.close()
    }
}

extension LoginRecord {
    func write(to w: inout JSONWriter, type: String) {
        w.open()
        w.field("agency", agency?.rawValue)
        w.field("outcome", outcome.rawValue)
        w.field("time", time)
        w.field("type", type)
        w.field("user", user.rawValue)
        w.close()
    }
}

extension AlertRecord {
    func write(to w: inout JSONWriter, type: String) {
        w.open()
        w.field("alert", alert)
        w.field("camera", camera.rawValue)
        w.field("cameraOwner", cameraOwner.rawValue)
        w.field("category", category.rawValue)
        w.field("detail", detail)
        if let d = disposition {
            w.key("disposition")
            w.open()
            w.field("action", d.action)
            w.field("agency", d.agency.rawValue)
            w.field("alert", d.alert)
            w.field("kind", d.kind.rawValue)
            w.field("note", d.note)
            w.field("time", d.time)
            w.field("user", d.user.rawValue)
            w.close()
        }
        w.field("event", event.rawValue)
        w.field("list", list)
        w.field("listOwner", listOwner.rawValue)
        w.field("match", match.rawValue)
        w.field("plate", plate)
        w.key("recipients")
        w.open(UInt8(ascii: "["))
        for r in recipients {
            w.element()
            w.open()
            w.field("agency", r.agency.rawValue)
            w.field("cameraGrant", r.cameraGrant)
            w.field("listGrant", r.listGrant)
            w.field("reason", r.reason)
            w.close()
        }
        w.close(UInt8(ascii: "]"))
        w.field("time", time)
        w.field("type", type)
        w.field("webhook", webhook)
        w.close()
    }
}
