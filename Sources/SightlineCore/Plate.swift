/// A licence plate as read: the raw text kept for evidence, the normalised text used for exact
/// matching, and the confusable-folded key used for OCR-tolerant matching.
public struct Plate: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The text exactly as the camera or the user gave it.
    public let raw: String
    /// Upper case, with spaces, dashes and dots removed.
    public let normalized: String

    /// The longest normalised plate accepted. Real plates run to 8 characters in North America and
    /// 10 in a few countries; the slack keeps vanity and foreign plates while refusing garbage.
    public static let maximumLength = 12

    /// Normalises `raw`, or throws naming `field` when nothing plate-like remains.
    public init(_ raw: String, field: String = "plate", record: Int? = nil) throws(SightlineError) {
        guard let normalized = Plate.normalize(raw) else {
            throw SightlineError(
                .invalidField,
                "plate \(raw.debugDescription) must contain 1–\(Plate.maximumLength) letters or digits "
                    + "(spaces, dashes and dots are ignored)",
                field: field, record: record)
        }
        self.raw = raw
        self.normalized = normalized
    }

    /// A plate whose text is already normalised, as stored.
    public init(normalized: String, raw: String? = nil) {
        self.normalized = normalized
        self.raw = raw ?? normalized
    }

    /// The confusable-folded key of the normalised text.
    public var folded: String { Plate.fold(normalized) }

    public var description: String { normalized }

    /// Upper-cases and strips separators; nil when the result is empty, too long, or holds
    /// anything but ASCII letters and digits. Formats per state are deliberately not checked:
    /// vanity and older series match no pattern and must still be accepted.
    public static func normalize(_ raw: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        for byte in raw.utf8 {
            switch byte {
            case 0x20, 0x2D, 0x2E, 0x09: continue  // space, dash, dot, tab
            case 0x61...0x7A: bytes.append(byte - 0x20)
            case 0x41...0x5A, 0x30...0x39: bytes.append(byte)
            default: return nil
            }
        }
        guard (1...maximumLength).contains(bytes.count) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Maps each confusable class to one symbol: {0,O,D,Q}→0, {1,I,L}→1, {2,Z}→2, {5,S}→5,
    /// {8,B}→8, {6,G}→6. Two readings of one plate that differ only within classes share a key.
    public static func fold(_ normalized: String) -> String {
        String(decoding: normalized.utf8.map(foldByte), as: UTF8.self)
    }

    @inline(__always)
    public static func foldByte(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "O"), UInt8(ascii: "D"), UInt8(ascii: "Q"): UInt8(ascii: "0")
        case UInt8(ascii: "I"), UInt8(ascii: "L"): UInt8(ascii: "1")
        case UInt8(ascii: "Z"): UInt8(ascii: "2")
        case UInt8(ascii: "S"): UInt8(ascii: "5")
        case UInt8(ascii: "B"): UInt8(ascii: "8")
        case UInt8(ascii: "G"): UInt8(ascii: "6")
        default: byte
        }
    }
}
