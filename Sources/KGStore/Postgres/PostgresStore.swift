import Foundation
import KGCore

/// A GovBrain store in a PostgreSQL database: the connection, the store format and its migrations.
///
/// Opening follows `GraphStore.open`'s rules: a database without the store's tables gets them when
/// `createIfMissing` (and not `readOnly`), else `DatabaseMissing`; a store of a newer format is
/// refused (`NewerStoreFormat`); an older one is migrated forward, one step per format, in the
/// opening transaction. Several servers may open the same database at once: creation and
/// migration take a transaction-scoped advisory lock, so exactly one of them does the work and
/// the others see its result.
///
/// The store's tables live in the URL's schema (`PostgresURL.schema`, the connection's search path).
package final class PostgresStore: @unchecked Sendable {
    /// The advisory-lock key that serialises store creation and migration ("GOVBRAIN" in ASCII).
    static let schemaLockKey: Int64 = 0x474F_5642_5241_494E
    package let url: PostgresURL
    package let connection: PostgresStoreConnection
    /// The format the store has (after migration, `GraphStore.formatVersion`).
    package private(set) var formatVersion = 0
    private let lock = NSRecursiveLock()

    private init(url: PostgresURL, connection: PostgresStoreConnection) { self.url = url; self.connection = connection }

    /// Connects and prepares the store (see the type's documentation).
    /// - Throws: `StoreError`: the connection's errors (see `PostgresStoreConnection.connect`),
    ///   `DatabaseMissing`, `NotADatabase`, `NewerStoreFormat`.
    package static func open(_ url: PostgresURL, options: GraphStore.OpenOptions = .init()) throws -> PostgresStore {
        let store = PostgresStore(url: url, connection: try PostgresStoreConnection.connect(url))
        try store.prepare(options)
        return store
    }

    private func prepare(_ options: GraphStore.OpenOptions) throws {
        try connection.transaction {
            _ = try connection.rows("SELECT 1 FROM pg_advisory_xact_lock($1)", [.int(Self.schemaLockKey)])
            let hasSchema = try connection.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = $1", [.text(url.schema)])?.int == 1
            let hasMeta = try connection.scalar("SELECT to_regclass($1 || '.meta') IS NOT NULL", [.text(url.schema)])?.int == 1
            if !hasMeta {
                if hasSchema, try connection.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = $1", [.text(url.schema)])?.int ?? 0 > 0 {
                    throw StoreError(code: .notADatabase, message: "database '\(url.database)' at \(connection.endpoint) has a '\(url.schema)' schema that is not a GovBrain store (it has no meta table); choose another database in --db")
                }
                guard options.createIfMissing, !options.readOnly else {
                    throw StoreError(code: .databaseMissing, message: "database '\(url.database)' at \(connection.endpoint) holds no GovBrain store. Create one with 'govbrain import --db URL FILE…'.")
                }
                try connection.createLatest(mode: options.schemaModeForNew)
                formatVersion = GraphStore.formatVersion
                return
            }
            let version = Int(try meta("format_version") ?? "0") ?? 0
            if version > GraphStore.formatVersion {
                throw StoreError(code: .newerFormat, message: "the store in database '\(url.database)' at \(connection.endpoint) was written by a newer GovBrain (store format \(version); this binary reads up to \(GraphStore.formatVersion)). Upgrade govbrain.")
            }
            formatVersion = version
            if version < GraphStore.formatVersion && !options.readOnly { try migrate(from: version) }
        }
    }

    /// Takes the store from `version` to the newest format, one step per format.
    private func migrate(from version: Int) throws {
        var v = version
        while v < GraphStore.formatVersion {
            guard v >= PostgresSchema.firstFormat, let step = PostgresSchema.migrations[v] else {
                throw StoreError(code: .newerFormat, message: "no migration from store format \(v) in database '\(url.database)' at \(connection.endpoint)")
            }
            try connection.execute(step)
            v += 1
            try setMeta("format_version", String(v))
        }
        formatVersion = v
    }

    /// A value of the store's `meta` table.
    package func meta(_ key: String) throws -> String? {
        try withLock { try connection.scalar("SELECT value FROM meta WHERE key = $1", [.text(key)])?.text }
    }

    func setMeta(_ key: String, _ value: String) throws {
        try withLock {
            _ = try connection.rows("INSERT INTO meta(key, value) VALUES($1, $2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                    [.text(key), .text(value)])
        }
    }

    /// Whether writes to this store are validated by the ontology.
    package var schemaMode: SchemaMode { SchemaMode(rawValue: (try? meta("schema_mode")) ?? "ontology") ?? .ontology }

    /// Runs `body` in one transaction on the store's connection (committed if it returns, rolled
    /// back if it throws), serialised with every other use of the connection.
    package func writeTransaction<T>(_ body: (PostgresStoreConnection) throws -> T) throws -> T {
        try withLock { try connection.transaction { try body(connection) } }
    }

    private func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body()
    }
}
