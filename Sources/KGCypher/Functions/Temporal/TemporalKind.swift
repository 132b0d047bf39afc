import KGCore

/// The five instant types of openCypher, named as their constructor functions are.
enum TemporalKind: String, Sendable {
    case date, localtime, time, localdatetime, datetime

    /// Whether values of this kind carry a calendar date.
    var hasDate: Bool { self == .date || self == .localdatetime || self == .datetime }
    /// Whether values of this kind carry a time of day.
    var hasTime: Bool { self != .date }
    /// Whether values of this kind carry a zone.
    var hasZone: Bool { self == .time || self == .datetime }
}
