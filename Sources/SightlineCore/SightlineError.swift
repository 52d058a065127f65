/// The one error type that crosses module boundaries. It carries a stable code for programs, a
/// message for people, and — for bad input — the record index and field at fault, so a client can
/// fix exactly what was wrong.
public struct SightlineError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// A stable, documented error code.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The request as a whole is malformed (not JSON, wrong shape).
        public static let invalidRequest = Code(rawValue: "invalid_request")
        /// One field of one record is missing or has a bad value.
        public static let invalidField = Code(rawValue: "invalid_field")
        /// No valid credential was presented.
        public static let unauthenticated = Code(rawValue: "unauthenticated")
        /// The credential is valid but does not allow this action.
        public static let forbidden = Code(rawValue: "forbidden")
        /// The thing named does not exist.
        public static let notFound = Code(rawValue: "not_found")
        /// The body or batch exceeds a documented limit.
        public static let tooLarge = Code(rawValue: "too_large")
        /// The request conflicts with existing state (a duplicate id, say).
        public static let conflict = Code(rawValue: "conflict")
        /// Stored data failed a consistency check.
        public static let corrupt = Code(rawValue: "corrupt")
    }

    public var code: Code
    public var message: String
    /// The field at fault, as a path such as `reads[3].plate`.
    public var field: String?
    /// The zero-based index of the record at fault in its batch or file.
    public var record: Int?

    public init(_ code: Code, _ message: String, field: String? = nil, record: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.record = record
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let record {
            text += " (record \(record)" + (field.map { ", field \($0))" } ?? ")")
        } else if let field {
            text += " (field \(field))"
        }
        return text
    }
}
