import ArgumentParser
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine

/// `govbrain stats`: node counts per label, relationship counts per type, property keys.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print node counts per label, relationship counts per type and the property keys.",
        discussion: "Example:\n  govbrain stats --db .govbrain/demo.sqlite --format json\n  govbrain stats --db .govbrain/demo.sqlite --integrity")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Also run the store's integrity check (SQLite's; on PostgreSQL, consistency queries); exit 1 unless it says ok.") var integrity = false

    func run() throws {
        try CLIFailure.run {
            let graph = try database.open(.init(readOnly: true))
            if integrity {
                let findings = try graph.integrityCheck()
                print("integrity: \(findings.joined(separator: "; "))")
                guard findings == ["ok"] else {
                    throw EngineError(code: .sqlite, message: "\(database.shown) failed the integrity check; restore it from a backup ('govbrain restore')")
                }
            }
            let stats = try graph.statistics()
            print(output.format == .json ? JSONWriter.string(stats.json) : stats.text, terminator: output.format == .json ? "\n" : "")
        }
    }
}
