import ArgumentParser
import KGCore
import KGEngine

/// `--db`: the database file every graph command works on.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Database file (default: .govbrain/demo.sqlite).") var db: String = KnowledgeGraph.defaultDatabasePath

    func validate() throws {
        guard !db.isEmpty else { throw ValidationError("--db must name a database file, e.g. --db .govbrain/demo.sqlite") }
        do { try KnowledgeGraph.checkDatabaseLocation(db) } catch let error as any GovBrainError { throw ValidationError(error.message) }
    }

    /// Opens the database with the domain services' Cypher procedures installed.
    func open(_ options: KnowledgeGraph.OpenOptions = .init()) throws -> KnowledgeGraph {
        try Domains.open(path: db, options: options)
    }
}
