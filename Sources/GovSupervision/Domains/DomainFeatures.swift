import Foundation
import KGCore
import KGML

/// The feature table of a supervision domain's sites as of an origin day, from what is on record
/// before it (`DomainSiteRecords`), and the two targets after it. Only records dated before the
/// origin are read, so a table of a past origin is what a supervisor could have seen then.
///
/// Columns: `category` (text), `keyUnit`, `logSize`, `ageYears`, `problems12m`, `problems24m`,
/// `seriousProblems24m`, `overdueRectifications` (problems whose deadline passed before the origin
/// unrectified or rectified late), `daysSinceLastProblem` (capped at 1,095), `inspections12m`,
/// `enterpriseAdverse24m` (the enterprise's market violations and negative credit records) and,
/// for ecology, `permitExpired`.
public enum DomainFeatures {
    /// The risk target: a problem in the half-year after the origin; the credit target: a serious
    /// problem or a problem left overdue in the year after.
    public enum Purpose: Sendable {
        case risk, credit
        public var months: Int { self == .risk ? 6 : 12 }
    }

    /// The sites that exist at the origin (a construction project once it has started).
    public static func population(_ records: DomainSiteRecords, origin: Int) -> [Int] {
        records.sites.indices.filter { (records.sites[$0].started ?? .min) < origin }
    }

    /// The feature table of `rows` as of `origin`.
    /// - Throws: `ModelError` when the table cannot be built (no rows).
    public static func table(_ records: DomainSiteRecords, rows: [Int], origin: Int) throws -> TabularData {
        typealias Problem = DomainSiteRecords.Problem
        let ecology = records.schema.id == "ecology"
        var header = ["category", "keyUnit", "logSize", "ageYears", "problems12m", "problems24m", "seriousProblems24m",
                      "overdueRectifications", "daysSinceLastProblem", "inspections12m", "enterpriseAdverse24m"]
        if ecology { header.append("permitExpired") }
        func f(_ v: Double) -> String { String(format: "%.4g", v) }
        let out: [[String]] = rows.map { i in
            let s = records.sites[i]
            let past = s.problems.filter { $0.day < origin }
            let overdue = past.filter { p in
                guard let deadline = p.deadline, deadline < origin else { return false }
                return (p.rectified.map { $0 > deadline || $0 >= origin } ?? true)
            }.count
            let category: String = s.category.isEmpty ? "unknown" : s.category
            let logSize: String = s.size.map { f(log1p(max(0, $0))) } ?? ""
            let age: String = s.started.map { f(Double(origin - $0) / 365.25) } ?? ""
            let recent: Int = past.filter { $0.day >= origin - 365 }.count
            let twoYears: [Problem] = past.filter { $0.day >= origin - 730 }
            let serious: Int = twoYears.filter(\.serious).count
            let sinceLast: Int = past.last.map { min(1_095, origin - $0.day) } ?? 1_095
            let inspections: Int = s.inspections.filter { $0.day < origin && $0.day >= origin - 365 }.count
            let adverse: Int = s.enterpriseAdverse.filter { $0 < origin && $0 >= origin - 730 }.count
            var row: [String] = [category, s.keyUnit ? "1" : "0", logSize, age, String(recent), String(twoYears.count), String(serious),
                                 String(overdue), String(sinceLast), String(inspections), String(adverse)]
            if ecology { row.append(s.permitUntil.map { $0 < origin ? "1" : "0" } ?? "") }
            return row
        }
        return try TabularData(header: header, rows: out)
    }

    /// The target of each row: 1 when the event happened in the `purpose.months` after `origin`.
    public static func outcomes(_ records: DomainSiteRecords, rows: [Int], origin: Int, purpose: Purpose) -> [Int] {
        let end = SupervisionCalendar.shift(origin, months: purpose.months)
        return rows.map { i in
            let window = records.sites[i].problems.filter { $0.day >= origin && $0.day < end }
            switch purpose {
            case .risk: return window.isEmpty ? 0 : 1
            case .credit:
                let overdue = window.contains { p in p.deadline.map { d in d < end && (p.rectified.map { $0 > d } ?? true) } ?? false }
                return window.contains(where: \.serious) || overdue ? 1 : 0
            }
        }
    }
}
