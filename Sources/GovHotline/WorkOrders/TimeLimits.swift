import KGCore
import KGEngine

/// The time limits of work orders by urgency and intent (`Datasets/reference/hotline_time_limits.csv`:
/// `urgency,intent,limit`, intent `*` for every intent). A row for the intent wins over the `*` row;
/// without either, the defaults apply: urgent 2 hours, priority 24 hours (calendar time), normal
/// 5 working days.
public struct TimeLimits: Sendable {
    private let byIntent: [Urgency: [String: TimeLimit]]
    private let fallback: [Urgency: TimeLimit]

    public static let defaults = TimeLimits(rows: [])

    /// Limits from `(urgency, intent or "*", limit)` rows over the defaults.
    public init(rows: [(Urgency, String, TimeLimit)]) {
        var byIntent: [Urgency: [String: TimeLimit]] = [:]
        var fallback: [Urgency: TimeLimit] = [.urgent: TimeLimit("2h")!, .priority: TimeLimit("24h")!, .normal: TimeLimit("5wd")!]
        for (urgency, intent, limit) in rows {
            if intent == "*" { fallback[urgency] = limit } else { byIntent[urgency, default: [:]][intent] = limit }
        }
        self.byIntent = byIntent
        self.fallback = fallback
    }

    /// The limit for an order of this urgency and intent.
    public func limit(urgency: Urgency, intent: String?) -> TimeLimit {
        if let intent, let specific = byIntent[urgency]?[intent] { return specific }
        return fallback[urgency]!
    }

    /// Reads the limits file; a bad row fails the whole file with its line number.
    public static func load(file: String) throws -> TimeLimits {
        let table: CSVTable
        do { table = try CSVTable.read(path: file) } catch {
            throw EngineError(code: .resourcesMissing, message: "cannot read the time limits \(file): \(error)")
        }
        guard ["urgency", "intent", "limit"].allSatisfy(table.header.contains) else {
            throw EngineError(code: .resourcesMissing, message: "\(file) needs the columns urgency, intent (or *) and limit (2h, 1d or 5wd)")
        }
        var rows: [(Urgency, String, TimeLimit)] = []
        for (i, row) in table.rows.enumerated() {
            let line = i + 2
            guard let urgency = Urgency(rawValue: row["urgency"] ?? "") else {
                throw EngineError(code: .resourcesMissing, message: "\(file) line \(line): urgency must be urgent, priority or normal, not \"\(row["urgency"] ?? "")\"")
            }
            guard let intent = row["intent"], !intent.isEmpty else {
                throw EngineError(code: .resourcesMissing, message: "\(file) line \(line): intent is empty (use * for every intent)")
            }
            guard let limit = TimeLimit(row["limit"] ?? "") else {
                throw EngineError(code: .resourcesMissing, message: "\(file) line \(line): limit \"\(row["limit"] ?? "")\" is not <n>h, <n>d or <n>wd")
            }
            rows.append((urgency, intent, limit))
        }
        return TimeLimits(rows: rows)
    }
}
