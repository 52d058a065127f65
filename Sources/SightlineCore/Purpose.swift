/// Why a search is made: a closed list, so that reasons can be counted, audited and refused
/// by rule. Free text goes in the justification beside it, never in place of it.
public enum Purpose: String, Hashable, Sendable, Codable, CaseIterable {
    case stolenVehicle = "stolen-vehicle"
    case stolenPlate = "stolen-plate"
    case amberAlert = "amber-alert-missing-person"
    case violentFelony = "violent-felony"
    case propertyFelony = "property-felony"
    case otherFelony = "other-felony"
    case misdemeanor
    case warrantService = "warrant-service"
    case homelandSecurity = "homeland-security-non-immigration"
    case trafficSafety = "traffic-safety"
    case training
    case audit
    // Classes that law packs prohibit. They are listed so that a requester who names one is
    // refused by a rule and logged, rather than being told the purpose does not exist.
    case immigrationEnforcement = "immigration-enforcement"
    case reproductiveHealthEnforcement = "reproductive-health-enforcement"
    case protectedActivity = "protected-activity"
    case personalUse = "personal-use"

    /// Purposes no jurisdiction Sightline knows allows.
    public var isProhibitedEverywhere: Bool { self == .personalUse }
}

/// The documented case a search serves.
public struct CaseReference: Hashable, Sendable, Codable {
    public var number: String
    public init(number: String) { self.number = number }
}
