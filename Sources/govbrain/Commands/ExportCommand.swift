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

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Output format: csv, graphml or jsonl.") var format: ExportFormat
    @Option(help: "Output path: a folder for csv, a file otherwise.") var out: String

    func run() throws {
        try CLIFailure.run {
            let graph = try database.open(.init(readOnly: true))
            let report = try graph.export(format: format, to: out)
            print("exported \(report.nodes) nodes and \(report.relationships) relationships to \(out)")
        }
    }
}
