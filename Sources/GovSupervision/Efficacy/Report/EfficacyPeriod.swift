import Foundation
import KGCore

/// The period an efficacy report covers: a quarter (`2024-Q4`) or a month (`2024-11`). A case
/// belongs to the period in which it started (a work order's receipt, an inspection's date), in
/// China time.
public struct EfficacyPeriod: Sendable, Equatable, CustomStringConvertible {
    /// The text as given, normalised (`2024-Q4`, `2024-11`).
    public let description: String
    /// The first and last day (days since 1970-01-01), both included.
    public let firstDay: Int
    public let lastDay: Int

    /// Parses `YYYY-Qn` or `YYYY-MM`.
    /// - Throws: `EfficacyError` (InvalidSupervisionRequest) naming the accepted forms.
    public init(_ text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        func bad() -> EfficacyError {
            EfficacyError(code: .invalidSupervisionRequest,
                          message: "period \"\(text.prefix(20))\" is not a quarter YYYY-Qn (e.g. 2024-Q4) or a month YYYY-MM (e.g. 2024-11)")
        }
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), (1900...2999).contains(year) else { throw bad() }
        let first: Int, months: Int
        if parts[1].hasPrefix("Q"), parts[1].count == 2, let q = Int(parts[1].dropFirst()), (1...4).contains(q) {
            first = (q - 1) * 3 + 1; months = 3
            description = "\(year)-Q\(q)"
        } else if parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) {
            first = m; months = 1
            description = String(format: "%04d-%02d", year, m)
        } else {
            throw bad()
        }
        let last = first + months - 1
        firstDay = CypherDate(year: year, month: first, day: 1)!.daysSinceEpoch
        lastDay = CypherDate(year: year, month: last, day: CypherDate.daysInMonth(year: year, month: last))!.daysSinceEpoch
    }

    /// Whether a day (days since 1970-01-01) is in the period.
    public func contains(day: Int) -> Bool { (firstDay...lastDay).contains(day) }
}
