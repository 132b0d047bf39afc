import Foundation
import KGCore

extension EfficacyReport {
    /// The contract's columns first (`office,index,lower,upper,rank,cases`, `office` holding the
    /// unit's id), then `name,group,group_rank,raw,expected`, one `z_y_…` column per outcome,
    /// `joint_inspections,joint_share` (联合检查 and its share of the unit's inspections) and
    /// `claim_rate` (认领率); the last three empty for the hotline. Cells a spreadsheet would take for a formula
    /// (a name starting with `=`) get a leading apostrophe (`CSVWriter.spreadsheetLine`).
    public func csv() -> String {
        func f(_ v: Double?, _ digits: Int) -> String { v.map { EfficacyReport.fixed($0, digits) } ?? "" }
        var lines = [CSVWriter.spreadsheetLine(["office", "index", "lower", "upper", "rank", "cases", "name", "group", "group_rank", "raw", "expected"]
                                               + outcomes.map { "z_" + $0.name } + ["joint_inspections", "joint_share", "claim_rate"])]
        for r in rows {
            let z = outcomes.map { o in f(r.components.first { $0.outcome == o.name }?.z, 4) }
            lines.append(CSVWriter.spreadsheetLine([r.id, f(r.index, 2), f(r.lower, 2), f(r.upper, 2), String(r.rank), String(r.cases), r.name, r.group,
                                                    String(r.groupRank), f(r.raw, 4), f(r.expected, 4)] + z
                                                   + [r.jointInspections.map(String.init) ?? "", f(r.jointShare, 4), f(r.claimRate, 4)]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `v` with `digits` decimals, without the sign of a value that rounds to zero (a component
    /// of an outcome that moves no index prints 0.0000, not -0.0000).
    static func fixed(_ v: Double, _ digits: Int) -> String {
        let s = String(format: "%.\(digits)f", v)
        return s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(s.dropFirst()) : s
    }

    /// The report as the JSON the HTTP route answers.
    /// - Throws: the encoder's error (none for finite numbers).
    public func json() throws -> String { JSONWriter.string(try JSONValueEncoder().encode(self)) }
}
