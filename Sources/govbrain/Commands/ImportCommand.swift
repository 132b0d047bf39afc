import ArgumentParser
import Foundation
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGAccess

/// `govbrain import`: load CSV (neo4j-admin headers), GraphML or JSON Lines files, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load graph files into a database in one transaction (all or nothing).",
        discussion: """
        CSV files use neo4j-admin import headers, e.g.
          uscc:ID(Enterprise),name,regCapital:float,registeredOn:date,:LABEL
          :START_ID(Enterprise),:END_ID(Region),:TYPE
        Node files are loaded before relationship files. A missing database is created.

        Examples:
          govbrain import --db g.sqlite enterprises.csv located_in.csv
          govbrain import --db g.sqlite --format graphml network.graphml --schema off
          govbrain import --db g.sqlite --skip-bad rejects.txt data.jsonl
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Input format: csv, graphml or jsonl (default: from each file's extension).") var format: ImportFormat?
    @Option(help: "Validate against the ontology: on or off (default: the database's mode; new databases: on).") var schema: OnOff?
    @Option(name: .customLong("skip-bad"), help: "Write rejected rows to this file and load the rest.") var skipBad: String?
    @Option(name: .customLong("id-type"), help: "Store named :ID columns as string (default) or integer properties.") var idType: ImportOptions.IDPropertyType = .string
    @Argument(help: "Files to import.") var files: [String] = []

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to import") }
    }

    func run() throws {
        try CLIFailure.run {
            var options = ImportOptions()
            options.format = format
            if let schema { options.validate = schema == .on }
            options.idPropertyType = idType
            options.rejectsPath = skipBad
            let mode: SchemaMode = schema == .off ? .off : .ontology
            let graph = try database.open(.init(createIfMissing: true, schemaModeForNew: mode))
            let started = Date()
            let report = try graph.importFiles(files, options: options)
            try graph.checkpoint()
            let seconds = Date().timeIntervalSince(started)
            print("imported \(report.nodesCreated) nodes and \(report.relationshipsCreated) relationships from \(report.files.count) file(s) in \(String(format: "%.2f", seconds)) s")
            if report.rejected > 0 { print("rejected \(report.rejected) row(s); see \(skipBad ?? "")") }
        }
    }
}
