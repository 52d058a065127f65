/// A typed identifier. Agency, camera and user ids are distinct types, so a camera id can never
/// be passed where an agency id is expected, yet they share one definition.
public struct Identifier<Kind>: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Tags that tell identifiers apart.
public enum AgencyTag {}
public enum CameraTag {}
public enum UserTag {}

/// The stable identifier of an agency, such as `riverton-pd`.
public typealias AgencyID = Identifier<AgencyTag>
/// The stable identifier of a camera, unique across agencies.
public typealias CameraID = Identifier<CameraTag>
/// The stable identifier of a user account.
public typealias UserID = Identifier<UserTag>
