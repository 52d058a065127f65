public import Foundation
public import SightlineCore

/// JSON decoding whose errors name the field, as `reads[3].confidence`, instead of a decoder dump.
public enum BodyDecoding {
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(SightlineError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw SightlineError(decoding: error)
        } catch {
            throw SightlineError(.invalidRequest, "body is not valid JSON")
        }
    }
}

extension SightlineError {
    /// The decoder's complaint, with the path it happened at as the field and the first array
    /// index in it as the record.
    public init(decoding error: DecodingError) {
        let path: [any CodingKey]
        let problem: String
        switch error {
        case .typeMismatch(let type, let context):
            path = context.codingPath
            problem = "expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            path = context.codingPath
            problem = "expected \(Self.describe(type)), found null"
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
            problem = "is required"
        case .dataCorrupted(let context):
            path = context.codingPath
            problem = context.underlyingError == nil ? context.debugDescription : "is not valid JSON"
        @unknown default:
            path = []
            problem = "could not be read"
        }
        var field = ""
        var record: Int?
        for key in path {
            if let index = key.intValue {
                field += "[\(index)]"
                if record == nil { record = index }
            } else {
                field += field.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        if field.isEmpty {
            self.init(.invalidRequest, "body \(problem)")
        } else {
            self.init(.invalidField, "\(field) \(problem)", field: field, record: record)
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type, is Int64.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a value of another type"
        }
    }
}
