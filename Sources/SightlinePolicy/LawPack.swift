import Foundation
public import SightlineCore

/// The law of one jurisdiction as data: who may receive its agencies' data, which purposes are
/// refused, what free text is screened for, how long data may be kept, and whether answers are
/// hit / no-hit or need co-signature past an age. Every rule cites its source.
public struct LawPack: Hashable, Sendable, Codable, Identifiable {
    public struct Recipients: Hashable, Sendable, Codable {
        /// Kinds of agency that may receive data at all.
        public var kinds: [AgencyKind]
        /// Recipients must sit in the owner's own state.
        public var sameState: Bool
        public var citation: String

        /// Whether `recipient` may receive `owner`'s data at all, grant or no grant.
        public func admit(_ recipient: Agency, from owner: Agency) -> Bool {
            kinds.contains(recipient.kind)
                && (!sameState
                    || (recipient.jurisdiction.country == owner.jurisdiction.country
                        && recipient.jurisdiction.state == owner.jurisdiction.state))
        }
    }

    public struct ProhibitedPurpose: Hashable, Sendable, Codable {
        public var purpose: Purpose
        public var citation: String
    }

    public struct AllowedPurposes: Hashable, Sendable, Codable {
        public var purposes: [Purpose]
        public var citation: String
    }

    public struct Screening: Hashable, Sendable, Codable {
        public enum Action: String, Hashable, Sendable, Codable {
            case deny
            case coSign = "co-sign"
        }
        public var action: Action
        /// Words or phrases, matched whole and without regard to case.
        public var terms: [String]
        public var citation: String

        /// The first term the text contains as whole words, if any.
        public func match(_ text: String) -> String? {
            let words = Self.words(text)
            for term in terms {
                let phrase = Self.words(term)
                guard !phrase.isEmpty, phrase.count <= words.count else { continue }
                for start in 0...(words.count - phrase.count)
                where Array(words[start..<(start + phrase.count)]) == phrase {
                    return term
                }
            }
            return nil
        }

        static func words(_ text: String) -> [String] {
            text.uppercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        }
    }

    public struct Retention: Hashable, Sendable, Codable {
        public var maximumDays: Int?
        /// For reads that matched no hot list (New Hampshire: 3 minutes).
        public var nonHitMaximumMinutes: Int?
        public var citation: String
    }

    public struct Rule: Hashable, Sendable, Codable {
        public var citation: String
    }

    public struct CoSign: Hashable, Sendable, Codable {
        public var afterDays: Int
        public var citation: String
    }

    public struct RefusedCategories: Hashable, Sendable, Codable {
        public var categories: [HotListCategory]
        public var citation: String
    }

    public struct AccessRecord: Hashable, Sendable, Codable {
        public var fields: [String]
        public var citation: String
    }

    public var id: String
    public var name: String
    public var jurisdiction: Jurisdiction
    public var citations: [String]
    public var recipients: Recipients?
    public var outOfStateDeclaration: Rule?
    public var prohibitedPurposes: [ProhibitedPurpose]?
    public var allowedPurposes: AllowedPurposes?
    public var screening: Screening?
    public var justificationMinimum: Int?
    public var retention: Retention?
    public var hitOnly: Rule?
    public var coSign: CoSign?
    public var accessRecord: AccessRecord?
    /// Hot-list categories an agency under this law may not load (an immigration-violator file
    /// in California or Illinois).
    public var refusedHotListCategories: RefusedCategories?
}

extension LawPack {
    /// The packs shipped with Sightline, by id.
    public static func shipped() throws -> [String: LawPack] {
        guard let folder = Bundle.module.url(forResource: "LawPacks", withExtension: nil) else {
            throw SightlineError(.corrupt, "the law packs are missing from this build")
        }
        var packs: [String: LawPack] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let pack = try JSONDecoder().decode(LawPack.self, from: data)
            packs[pack.id] = pack
        }
        return packs
    }

    /// The pack that governs a jurisdiction when its agency has not chosen: the state's, else the
    /// country's, else the permissive default.
    public static func id(for jurisdiction: Jurisdiction, among packs: [String: LawPack]) -> String {
        let country = jurisdiction.country.lowercased()
        if let state = jurisdiction.state?.lowercased(), packs["\(country)-\(state)"] != nil {
            return "\(country)-\(state)"
        }
        if packs[country] != nil { return country }
        return "default"
    }

    /// The retention in force: the shorter of the pack's and the agency's own.
    public func retentionDays(tightenedBy policy: AgencyPolicy?) -> Int? {
        switch (retention?.maximumDays, policy?.retentionDays) {
        case (let a?, let b?): min(a, b)
        case (let a?, nil): a
        case (nil, let b?): b
        case (nil, nil): nil
        }
    }

    /// Refuses an agency policy that would loosen this pack, naming the field.
    public func check(_ policy: AgencyPolicy) throws(SightlineError) {
        if let days = policy.retentionDays {
            guard days > 0 else {
                throw SightlineError(.invalidField, "retentionDays must be positive", field: "retentionDays")
            }
            if let maximum = retention?.maximumDays, days > maximum {
                throw SightlineError(
                    .forbidden,
                    "\(name) allows at most \(maximum) days of retention; an agency may shorten it, not lengthen it",
                    field: "retentionDays")
            }
        }
        if let days = policy.coSignAfterDays {
            guard days > 0 else {
                throw SightlineError(.invalidField, "coSignAfterDays must be positive", field: "coSignAfterDays")
            }
            if let pack = coSign?.afterDays, days > pack {
                throw SightlineError(
                    .forbidden,
                    "\(name) requires co-signature after \(pack) days; an agency may require it sooner, not later",
                    field: "coSignAfterDays")
            }
        }
    }
}
