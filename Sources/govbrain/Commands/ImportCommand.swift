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

    @Option(help: "Database file (default: .govbrain/demo.sqlite).") var db: String = KnowledgeGraph.defaultDatabasePath
    @Option(help: "Input format: csv, graphml or jsonl (default: from each file's extension).") var format: String?
    @Option(help: "Validate against the ontology: on or off (default: the database's mode; new databases: on).") var schema: String?
    @Option(name: .customLong("skip-bad"), help: "Write rejected rows to this file and load the rest.") var skipBad: String?
    @Option(name: .customLong("id-type"), help: "Store named :ID columns as string (default) or integer properties.") var idType: String = "string"
    @Argument(help: "Files to import.") var files: [String] = []

    func run() throws {
        try CLIFailure.run {
            guard !files.isEmpty else { throw ValidationError("give at least one file to import") }
            var options = ImportOptions()
            if let format {
                guard let f = ImportFormat(rawValue: format.lowercased()) else { throw ValidationError("--format must be csv, graphml or jsonl, not '\(format)'") }
                options.format = f
            }
            if let schema {
                guard ["on", "off"].contains(schema) else { throw ValidationError("--schema must be on or off") }
                options.validate = schema == "on"
            }
            guard let idType = ImportOptions.IDPropertyType(rawValue: idType) else { throw ValidationError("--id-type must be string or integer") }
            options.idPropertyType = idType
            options.rejectsPath = skipBad
            let mode: SchemaMode = schema == "off" ? .off : .ontology
            let graph = try KnowledgeGraph.open(path: db, options: .init(createIfMissing: true, schemaModeForNew: mode))
            let started = Date()
            let report = try graph.importFiles(files, options: options)
            try graph.checkpoint()
            let seconds = Date().timeIntervalSince(started)
            print("imported \(report.nodesCreated) nodes and \(report.relationshipsCreated) relationships from \(report.files.count) file(s) in \(String(format: "%.2f", seconds)) s")
            if report.rejected > 0 { print("rejected \(report.rejected) row(s); see \(skipBad ?? "")") }
        }
    }
}
