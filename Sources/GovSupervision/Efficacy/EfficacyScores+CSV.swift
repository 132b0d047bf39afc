import Foundation
import KGCore

extension EfficacyScores {
    /// The contract's six columns first, then the extras: the group, the rank within it, the
    /// raw and expected success rates, the index before shrinkage, and one component per outcome
    /// (`z_y_…`: the shrunken O − E in between-office SDs).
    public var csvHeader: [String] {
        ["office", "index", "lower", "upper", "rank", "cases", "group", "group_rank", "raw", "expected", "unshrunk"] + outcomes.map { "z_" + $0.name }
    }

    /// OFFICES.csv as text: the header and one line per office, best first; an office or group
    /// name a spreadsheet would take for a formula gets a leading apostrophe (`CSVWriter.spreadsheetLine`).
    public func csv() -> String {
        func f(_ v: Double, _ digits: Int) -> String { v.isFinite ? String(format: "%.\(digits)f", v) : "" }
        var lines = [CSVWriter.spreadsheetLine(csvHeader)]
        for o in offices {
            lines.append(CSVWriter.spreadsheetLine([o.office, f(o.index, 2), f(o.lower, 2), f(o.upper, 2), String(o.rank), String(o.cases), o.group,
                                                    String(o.groupRank), f(o.raw, 4), f(o.expected, 4), f(o.unshrunk, 2)]
                                                   + o.components.map { $0.map { f($0, 4) } ?? "" }))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes OFFICES.csv atomically (a temporary file renamed over the target).
    /// - Throws: the file system's error.
    public func writeCSV(to path: String) throws { try AtomicFile.write(Data(csv().utf8), to: path) }
}
