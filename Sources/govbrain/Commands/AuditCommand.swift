import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGAccess

/// `govbrain audit`: reads the append-only audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the audit log: time, request id, key id, role, method, route, request hash, rows, status, duration.",
        discussion: """
        --since takes an ISO 8601 date or time (2026-11-28, 2026-11-28T09:00:00Z) or a span back from now (90s, 15m, 2h, 7d).
        The log holds a hash of each request's query and parameters, never the request itself.
        Example:
          govbrain audit --db .govbrain/demo.sqlite --since 1h
          govbrain audit --db .govbrain/demo.sqlite --since 2026-11-28 --format json --limit 100
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Earliest entry: ISO 8601 date/time or a span back from now (15m, 2h, 7d).") var since: String?
    @Option(help: "Most entries printed (oldest first).") var limit: Int = 1000
    @Option(help: "text or json (one object per line).") var format: TextOrJSON = .text

    func run() throws {
        try CLIFailure.run {
            guard limit > 0 else { throw EngineError(code: .badValue, message: "--limit must be positive") }
            let from = try since.map(Self.parseSince)
            let entries = try AccessStore.open(at: database.db).audit(since: from, limit: limit)
            switch format {
            case .json:
                for e in entries {
                    print(JSONWriter.string(.object([
                        ("seq", .int(e.sequence)), ("at", .string(e.at)), ("requestId", .string(e.requestID)),
                        ("keyId", e.keyID.map(JSON.string) ?? .null), ("role", e.role.map(JSON.string) ?? .null),
                        ("method", .string(e.method)), ("route", .string(e.route)), ("path", .string(e.path)),
                        ("requestHash", e.requestHash.map(JSON.string) ?? .null), ("rows", .int(Int64(e.rows))),
                        ("status", .int(Int64(e.status))), ("durationMs", .double(e.durationMs)),
                    ])))
                }
            case .text:
                print(TableFormatter.grid(columns: ["at", "key", "role", "method", "route", "status", "rows", "ms", "request hash"],
                                          rows: entries.map { e in
                    [e.at, e.keyID ?? "-", e.role ?? "-", e.method, e.route, String(e.status), String(e.rows),
                     String(format: "%.1f", e.durationMs), String((e.requestHash ?? "-").prefix(16))]
                }), terminator: "")
                print("\(entries.count) entr\(entries.count == 1 ? "y" : "ies")")
            }
        }
    }

    /// An ISO date or time, or a span back from now, as the log's timestamp format.
    static func parseSince(_ text: String) throws -> String {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let unit = text.last, let scale = units[unit], let n = Double(text.dropLast()), n >= 0 {
            return AccessStore.timestamp(Date().addingTimeInterval(-n * scale))
        }
        if let t = CypherDateTime(iso: text) {
            return AccessStore.timestamp(Date(timeIntervalSince1970: Double(t.epochSeconds) + Double(t.nanoseconds) / 1e9))
        }
        if text.count == 10, let t = CypherDateTime(iso: text + "T00:00:00Z") {
            return AccessStore.timestamp(Date(timeIntervalSince1970: Double(t.epochSeconds)))
        }
        throw EngineError(code: .badValue, message: "--since \(text) is neither an ISO 8601 date/time (2026-11-28, 2026-11-28T09:00:00Z) nor a span (90s, 15m, 2h, 7d)")
    }
}
