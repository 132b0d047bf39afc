import Foundation
import KGStore

/// Where the graph is kept: what the server and the CLI need to know about the store's backend
/// without talking to it (issue 28).
extension KnowledgeGraph {
    /// The store itself, for the modules beside the graph that keep their own tables in its
    /// database (`AccessStore`, `WebhookStore` open side connections from it).
    package var graphStore: GraphStore { store }

    /// Where files kept beside the store go (`GraphStore.sidecarBase`): the database file's path,
    /// or for PostgreSQL a folder of this server's state (`$GOVBRAIN_STATE_DIR`).
    public var sidecarBase: String { store.sidecarBase }

    /// The size of the store on its database server (nil for an SQLite file; see `GraphStore.serverStoreBytes`).
    public func serverStoreBytes() -> Int64? { store.serverStoreBytes() }

    /// Whether a `--db` value names a database server (a `postgresql://` URL) rather than a file.
    public static func isServerLocation(_ db: String) -> Bool {
        if case .postgres = try? StoreLocation.parse(db) { return true }
        return false
    }

    /// Whether a `--db` value names a store a command can read: a file that exists, or a database
    /// server (whether the store is there is known when it is opened: a schema is created empty, as
    /// a new file is, and an unreachable server fails with its host and port).
    public static func databaseExists(_ db: String) -> Bool {
        isServerLocation(db) || FileManager.default.fileExists(atPath: db)
    }
}
