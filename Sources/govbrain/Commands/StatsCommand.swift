import ArgumentParser
import KGCore
import KGEngine

/// `govbrain stats`: node counts per label, relationship counts per type, property keys.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print node counts per label, relationship counts per type and the property keys.",
        discussion: "Example:\n  govbrain stats --db .govbrain/demo.sqlite --format json")

    @Option(help: "Database file (default: .govbrain/demo.sqlite).") var db: String = KnowledgeGraph.defaultDatabasePath
    @Option(help: "text or json.") var format: TextOrJSON = .text

    func run() throws {
        try CLIFailure.run {
            let stats = try KnowledgeGraph.open(path: db, options: .init(readOnly: true)).statistics()
            print(format == .json ? JSONWriter.string(stats.json) : stats.text, terminator: format == .json ? "\n" : "")
        }
    }
}
