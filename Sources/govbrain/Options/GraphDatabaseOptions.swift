import ArgumentParser
import KGCore
import KGEngine

/// `--db` for the commands that already run on PostgreSQL too (issue 28: `query`, `stats`, `shell`, `keys`, `vectors`,
/// `audit`; `serve` reads its own `--db` setting): a database
/// file, or a `postgresql://` URL (the store's schema set with `options=-csearch_path%3DNAME`).
struct GraphDatabaseOptions: ParsableArguments {
    @Option(help: "Database file or postgresql:// URL (default: .govbrain/demo.sqlite).") var db: String = KnowledgeGraph.defaultDatabasePath

    func validate() throws {
        guard !db.isEmpty else { throw ValidationError("--db must name a database file, e.g. --db .govbrain/demo.sqlite") }
        do { try KnowledgeGraph.checkDatabaseLocation(db, allowPostgres: true) } catch let error as any GovBrainError { throw ValidationError(error.message) }
    }

    /// Opens the database with the domain services' Cypher procedures installed.
    func open(_ options: KnowledgeGraph.OpenOptions = .init()) throws -> KnowledgeGraph {
        try Domains.open(path: db, options: options)
    }
}
