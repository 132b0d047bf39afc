import ArgumentParser
import KGCore
import KGEngine

/// `--db` of every command that works on a store: a database file, or a `postgresql://` URL in
/// libpq's form (issue 28; the store's schema set with `options=-csearch_path%3DNAME`, default
/// `govbrain`). Checked before anything touches the file system, so a URL never becomes a file
/// name, and never shown with its password.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Database file or postgresql:// URL (default: .govbrain/demo.sqlite).") var db: String = KnowledgeGraph.defaultDatabasePath

    func validate() throws {
        guard !db.isEmpty else { throw ValidationError("--db must name a database file or a postgresql:// URL, e.g. --db .govbrain/demo.sqlite") }
        do { try KnowledgeGraph.checkDatabaseLocation(db, allowPostgres: true) } catch let error as any GovBrainError { throw ValidationError(error.message) }
    }

    /// `db` for messages and the commands recorded in model cards: the path, or the URL without
    /// its password.
    var shown: String { (try? KnowledgeGraph.displayName(database: db)) ?? "the --db value" }

    /// Opens the database with the domain services' Cypher procedures installed.
    func open(_ options: KnowledgeGraph.OpenOptions = .init()) throws -> KnowledgeGraph {
        try Domains.open(path: db, options: options)
    }
}
