import Foundation
import KGCore

/// Replacing a whole store in one transaction: `restore` and `demo build` into a PostgreSQL schema.
extension PostgresStoreConnection {
    /// The store's tables and functions, dropped (with their indexes and triggers) before a replacement.
    static let storeTables = StoreCopier.tables.map(\.name)
    static let storeFunctions = ["json_scalar(text, text)", "audit_log_append_only()", "node_columns_drop_label()", "node_columns_drop_node()"]
    /// The identity columns whose sequences follow the copied ids.
    static let identityColumns = [("labels", "id"), ("rel_types", "id"), ("audit_log", "seq"), ("webhook_deliveries", "id")]

    /// What the schema held before a replacement.
    package enum Previous: Sendable, Equatable {
        /// No store (the schema may not exist).
        case none
        /// A store at this graph version.
        case store(graphVersion: Int64)
    }

    /// Whether the schema holds a store; refuses a schema with other tables, or a store of a newer format.
    /// - Throws: `StoreError` (`NotADatabase`, `NewerStoreFormat`).
    package func previousStore() throws -> Previous {
        let tables = try tableNames()
        guard tables.contains("meta") else {
            guard tables.isEmpty else {
                throw StoreError(code: .notADatabase, message: "schema '\(schema)' of \(displayName) holds tables but no GovBrain store (it has no meta table); name another schema in --db (options=-csearch_path%3DNAME)")
            }
            return .none
        }
        let format = Int(try scalar("SELECT value FROM meta WHERE key = 'format_version'")?.text ?? "") ?? 0
        guard format <= GraphStore.formatVersion else {
            throw StoreError(code: .newerFormat, message: "schema '\(schema)' of \(displayName) holds a store of a newer GovBrain (format \(format)); upgrade govbrain rather than replace it")
        }
        return .store(graphVersion: Int64(try scalar("SELECT value FROM meta WHERE key = 'graph_version'")?.text ?? "") ?? 0)
    }

    /// Replaces the store in this connection's schema (or creates it) with the rows `fill` copies,
    /// in one transaction: the writer and creation locks, the old tables dropped, the newest layout
    /// created, the rows sent by `COPY`, indexes built, identity sequences moved past the copied ids,
    /// and the graph version set past the old store's (so servers on the old store drop their caches;
    /// they learn of it by `NOTIFY` at the commit). A failure, a lost connection or a killed process
    /// before the commit leaves the schema as it was. Servers using the store wait for the commit
    /// (their statements time out after `lock_timeout` meanwhile).
    /// - Parameters:
    ///   - replacing: whether an existing store may be replaced (else `AlreadyExists`).
    ///   - fill: copies the rows through the writer (`StoreCopier.copy`) and returns its counts.
    /// - Returns: the counts, with the graph version the store now has.
    /// - Throws: `StoreError`: `AlreadyExists`, what `previousStore` refuses, the server's errors.
    func replaceStore(replacing: Bool, _ fill: (PostgresRowWriter) throws -> StoreCopier.Counts) throws -> StoreCopier.Counts {
        try begin(.graphWrite, wait: .standard)
        do {
            _ = try scalar("SELECT 1 FROM pg_advisory_xact_lock(?)", [.int(PostgresStore.schemaLockKey)])
            let previous = try previousStore()
            if case .store = previous, !replacing {
                throw StoreError(code: .alreadyExists, message: "schema '\(schema)' of \(displayName) already holds a GovBrain store; pass --force to replace it")
            }
            if case .store = previous {
                try execute("DROP TABLE IF EXISTS \(Self.storeTables.joined(separator: ", ")) CASCADE")
                try execute("DROP FUNCTION IF EXISTS \(Self.storeFunctions.joined(separator: ", "))")
            }
            try execute("CREATE SCHEMA IF NOT EXISTS \(schema)")
            try execute(PostgresSchema.latest(schema: schema))
            try execute("SET LOCAL kgstore.bulk_import = 'on'; SET LOCAL maintenance_work_mem = '256MB'")
            let secondary = PostgresSchema.bulkIndexes + [("rels_out", "CREATE INDEX rels_out ON rels(src, type, dst)")]
            for index in secondary { try execute("DROP INDEX IF EXISTS \(index.name)") }
            var counts = try fill(PostgresRowWriter(db: self))
            for index in secondary { try execute(index.sql) }
            try StoreCopier.createPropertyIndexes(on: self)
            for (table, column) in Self.identityColumns {
                _ = try scalar("SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), coalesce(max(\(column)), 0) + 1, false) FROM \(table)")
            }
            if case .store(let old) = previous { counts.graphVersion = max(counts.graphVersion, old + 1) }
            _ = try rows("UPDATE meta SET value = ? WHERE key = 'graph_version'", [.text(String(counts.graphVersion))])
            _ = try scalar("SELECT pg_notify(?, ?)", [.text(PostgresChangeWatcher.channel), .text("\(schema):\(counts.graphVersion)")])
            try commit()
            try? execute("ANALYZE nodes, node_labels, rels, node_keys")
            return counts
        } catch {
            rollback()
            throw error
        }
    }
}
