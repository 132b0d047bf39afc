import Foundation
import KGCore
import KGEngine

/// Renders results as an aligned text table; Chinese characters count two columns.
enum TableFormatter {
    static func render(columns: [String], rows: [[String]], result: QueryResult, seconds: Double) -> String {
        var out = ""
        if let plan = result.plan { out += plan.text() + "\n\n" }
        if !columns.isEmpty { out += grid(columns: columns, rows: rows) }
        let s = result.statistics
        var summary = "\(rows.count) row\(rows.count == 1 ? "" : "s")"
        if s.containsUpdates {
            let parts = [("nodes created", s.nodesCreated), ("nodes deleted", s.nodesDeleted), ("relationships created", s.relationshipsCreated),
                         ("relationships deleted", s.relationshipsDeleted), ("properties set", s.propertiesSet),
                         ("properties removed", s.propertiesRemoved), ("labels added", s.labelsAdded), ("labels removed", s.labelsRemoved)]
            summary += ", " + parts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        }
        out += summary + String(format: " (%.1f ms)\n", seconds * 1000)
        return out
    }

    /// The bordered table alone.
    static func grid(columns: [String], rows: [[String]]) -> String {
        let cells = rows.map { $0.map { clip($0) } }
        var widths = columns.map { DisplayWidth.of($0) }
        for r in cells { for (k, c) in r.enumerated() { widths[k] = max(widths[k], DisplayWidth.of(c)) } }
        func line(_ items: [String]) -> String {
            "| " + items.enumerated().map { k, s in s + String(repeating: " ", count: widths[k] - DisplayWidth.of(s)) }.joined(separator: " | ") + " |\n"
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
        return rule + line(columns) + rule + cells.map(line).joined() + rule
    }

    private static func clip(_ s: String) -> String {
        let flat = s.replacingOccurrences(of: "\n", with: " ")
        if DisplayWidth.of(flat) <= 80 { return flat }
        var out = ""
        var w = 0
        for c in flat {
            let cw = DisplayWidth.of(c)
            if w + cw > 77 { break }
            out.append(c); w += cw
        }
        return out + "..."
    }
}
