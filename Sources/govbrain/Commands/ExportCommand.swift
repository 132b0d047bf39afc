import ArgumentParser
import Foundation
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGAccess

/// `govbrain export`: write the graph as CSV (a folder), GraphML or JSON Lines.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the graph as CSV (a folder of neo4j-admin files), GraphML or JSON Lines.",
        discussion: """
        Examples:
          govbrain export --db g.sqlite --format graphml --out g.graphml    # reads in networkx.read_graphml
          govbrain export --db g.sqlite --format csv --out export/          # re-imports with govbrain import export/*.csv
        """)

    @Option(help: "Database file (default: .govbrain/demo.sqlite).") var db: String = KnowledgeGraph.defaultDatabasePath
    @Option(help: "Output format: csv, graphml or jsonl.") var format: String
    @Option(help: "Output path: a folder for csv, a file otherwise.") var out: String

    func run() throws {
        try CLIFailure.run {
            guard let f = ExportFormat(rawValue: format.lowercased()) else { throw ValidationError("--format must be csv, graphml or jsonl, not '\(format)'") }
            let graph = try KnowledgeGraph.open(path: db, options: .init(readOnly: true))
            let report = try graph.export(format: f, to: out)
            print("exported \(report.nodes) nodes and \(report.relationships) relationships to \(out)")
        }
    }
}
