import ArgumentParser
import KGEngine

/// `govbrain demo`: the embedded demo database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Manage the embedded demo database.",
        subcommands: [Build.self])

    /// `govbrain demo build`: build the demo database from Datasets/.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the demo database from Datasets/ (regions, departments, offices, intents, industries).",
            discussion: "Example:\n  govbrain demo build --db .govbrain/demo.sqlite --force")

        @Option(help: "Database file to create.") var db: String = KnowledgeGraph.defaultDatabasePath
        @Flag(help: "Replace an existing database.") var force = false

        func run() throws {
            try CLIFailure.run {
                let report = try DemoDatabaseBuilder.build(at: db, force: force)
                print("built \(report.nodes) nodes and \(report.relationships) relationships in \(report.path)")
            }
        }
    }
}
