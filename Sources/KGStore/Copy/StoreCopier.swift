import Foundation
import KGCore

/// Copies a whole store from one backend to the other, table by table, keeping every id, counter
/// and `meta` row (Tools/docs/postgres-phase2.md §3): the backup of a PostgreSQL store into an SQLite
/// file, and the load of an SQLite file (a backup, a demo build) into a PostgreSQL schema.
///
/// The source is read inside one snapshot (a read transaction), so a store in use is copied as of
/// one moment. The target is written inside one transaction: an SQLite file is written aside and
/// renamed into place once checked (`StoreBackup`), a PostgreSQL schema is replaced by DDL and
/// `COPY` in one transaction (`PostgresStoreConnection.replaceStore`). Either way a failed or killed
/// copy leaves the target as it was.
///
/// Both ends must be at the newest store format: the tables and columns copied are this binary's
/// (`tables`). An older SQLite file is migrated on a temporary copy first (`StoreBackup`).
package enum StoreCopier {
    /// One table of the store: its columns in copy order, and the order rows are read in.
    package struct Table: Sendable {
        package let name: String
        package let columns: [String]
        let order: String
    }

    /// Every table of the newest format, in an order the target accepts (the nodes before their
    /// labels; the property columns last, after the rows whose triggers would drop them).
    package static let tables: [Table] = [
        Table(name: "meta", columns: ["key", "value"], order: "key"),
        Table(name: "labels", columns: ["id", "name"], order: "id"),
        Table(name: "rel_types", columns: ["id", "name"], order: "id"),
        Table(name: "nodes", columns: ["id", "ext_space", "ext_id", "props"], order: "id"),
        Table(name: "node_labels", columns: ["label", "node"], order: "label, node"),
        Table(name: "rels", columns: ["id", "type", "src", "dst", "props"], order: "id"),
        Table(name: "node_keys", columns: ["class", "key", "value", "node"], order: "class, key, value"),
        Table(name: "property_keys", columns: ["owner_kind", "owner", "key"], order: "owner_kind, owner, key"),
        Table(name: "property_indexes", columns: ["label", "key"], order: "label, key"),
        Table(name: "api_keys", columns: ["id", "name", "role", "hash", "created_at", "revoked_at"], order: "id"),
        Table(name: "audit_log", columns: ["seq", "at", "request_id", "key_id", "role", "method", "route", "path", "request_hash",
                                           "rows", "status", "duration_ms"], order: "seq"),
        Table(name: "webhooks", columns: ["id", "url", "secret", "region", "level", "events", "created_at", "created_by", "removed_at",
                                          "domain"], order: "id"),
        Table(name: "webhook_deliveries", columns: ["id", "webhook", "event", "alert", "payload", "status", "attempts", "next_attempt_at",
                                                    "last_error", "last_status", "created_at", "delivered_at"], order: "id"),
        Table(name: "node_columns", columns: ["label", "key", "data"], order: "label, key"),
    ]

    /// What a copy moved.
    package struct Counts: Sendable {
        /// Rows copied, all tables together.
        package var rows = 0
        /// The source's graph version (`meta.graph_version`).
        package var graphVersion: Int64 = 0
    }

    /// Copies every table of `source` into `writer`, inside one snapshot read of `source` (the
    /// caller holds the target's transaction). A table the source lacks (`property_indexes` of an
    /// old SQLite store, made on first use) is skipped.
    /// - Throws: `StoreError` when the source is not at the newest format; the backends' errors.
    package static func copy(from source: any StoreConnection, into writer: any StoreRowWriter) throws -> Counts {
        try source.begin(.snapshotRead, wait: .standard)
        defer { source.rollback() }
        let present = try source.tableNames()
        let format = Int(try source.scalar("SELECT value FROM meta WHERE key = 'format_version'")?.text ?? "") ?? 0
        guard format == GraphStore.formatVersion else {
            throw StoreError(code: .newerFormat, message: "\(source.displayName) is at store format \(format), this copy needs format \(GraphStore.formatVersion); "
                             + (format < GraphStore.formatVersion ? "open it once with this govbrain (any command that writes) to migrate it." : "upgrade govbrain."))
        }
        var counts = Counts()
        counts.graphVersion = Int64(try source.scalar("SELECT value FROM meta WHERE key = 'graph_version'")?.text ?? "") ?? 0
        for table in tables where present.contains(table.name) {
            let scan = try source.prepare("SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name) ORDER BY \(table.order)", streaming: true)
            try writer.startTable(table)
            counts.rows += try copyRows(scan, into: writer)
            try writer.finishTable()
        }
        return counts
    }

    /// Hands every row of `scan` to `writer` (generic: the source's statement is called directly).
    private static func copyRows<S: StoreStatement>(_ scan: S, into writer: any StoreRowWriter) throws -> Int {
        var rows = 0
        while try scan.step() {
            try writer.row(scan)
            rows += 1
        }
        return rows
    }

    /// Creates, in the target's open transaction, the expression index of every property index
    /// the copied `property_indexes` declares (the table is copied, the indexes are per backend).
    static func createPropertyIndexes(on db: any StoreConnection) throws {
        let keys = Set(try db.rows("SELECT key FROM property_indexes").compactMap { $0.first?.text })
        for key in keys.sorted() {
            try GraphStore.checkIndexable(key)
            let expression = db.dialect.propertyIndexExpression(key, props: "props")
            try db.execute("CREATE INDEX IF NOT EXISTS \(db.dialect.propertyIndexName(key)) ON nodes(\(expression))")
        }
    }
}

/// The target side of a `StoreCopier` copy: takes the rows of one table after another, inside the
/// target's transaction.
package protocol StoreRowWriter: AnyObject {
    /// Starts the rows of `table`.
    func startTable(_ table: StoreCopier.Table) throws
    /// Writes the current row of `row` (its columns in the table's copy order).
    func row(_ row: some StoreStatement) throws
    /// Ends the rows of the current table (sends what is buffered).
    func finishTable() throws
}
