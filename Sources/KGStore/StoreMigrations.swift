import KGCore
/// Creates the store's tables and migrates older formats forward.
///
/// Each format version has one migration step from the previous one; `createLatest` builds the
/// newest layout directly. A store opened by a newer binary is refused (see `GraphStore.open`).
enum StoreMigrations {
    static let schemaV1 = """
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE labels(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE TABLE rel_types(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE TABLE nodes(id INTEGER PRIMARY KEY, ext_space TEXT, ext_id TEXT, props TEXT NOT NULL);
    CREATE TABLE node_labels(label INTEGER NOT NULL, node INTEGER NOT NULL, PRIMARY KEY(label, node)) WITHOUT ROWID;
    CREATE TABLE rels(id INTEGER PRIMARY KEY, type INTEGER NOT NULL, src INTEGER NOT NULL, dst INTEGER NOT NULL, props TEXT NOT NULL);
    CREATE TABLE node_keys(class TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, node INTEGER NOT NULL,
                           PRIMARY KEY(class, key, value)) WITHOUT ROWID;
    CREATE TABLE property_keys(owner_kind INTEGER NOT NULL, owner INTEGER NOT NULL, key TEXT NOT NULL,
                               PRIMARY KEY(owner_kind, owner, key)) WITHOUT ROWID;
    """

    /// Format 2: API keys (stored as SHA-256 hashes only) and the append-only audit log. Triggers
    /// refuse every UPDATE or DELETE of an audit row, whoever asks.
    static let schemaV2 = """
    CREATE TABLE IF NOT EXISTS api_keys(id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL,
                                        created_at TEXT NOT NULL, revoked_at TEXT) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS audit_log(seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, request_id TEXT NOT NULL,
                                         key_id TEXT, role TEXT, method TEXT NOT NULL, route TEXT NOT NULL, path TEXT NOT NULL,
                                         request_hash TEXT, rows INTEGER NOT NULL, status INTEGER NOT NULL, duration_ms REAL NOT NULL);
    CREATE INDEX IF NOT EXISTS audit_log_by_time ON audit_log(at);
    CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    """

    /// Format 3: column copies of node properties (`PropertyColumn`, built on first use by a
    /// whole-label scan), dropped by triggers whenever a node of their label changes, so every
    /// writer (queries, imports, tools) keeps them true without knowing about them.
    static let schemaV3 = "CREATE TABLE IF NOT EXISTS node_columns(label INTEGER NOT NULL, key TEXT NOT NULL, data BLOB NOT NULL, UNIQUE(label, key));\n"
        + columnTriggers.map { $0.sql + ";" }.joined(separator: "\n")

    /// Format 4: webhook subscriptions to risk alerts (URL, signing secret, filters) and their
    /// deliveries (a durable queue: pending with the next attempt's time, delivered, or dead after
    /// the last retry), see `WebhookStore`.
    static let schemaV4 = """
    CREATE TABLE IF NOT EXISTS webhooks(id TEXT PRIMARY KEY, url TEXT NOT NULL, secret TEXT NOT NULL, region TEXT, level TEXT,
                                        events TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT, removed_at TEXT) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS webhook_deliveries(id INTEGER PRIMARY KEY AUTOINCREMENT, webhook TEXT NOT NULL, event TEXT NOT NULL,
                                                  alert TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
                                                  next_attempt_at REAL NOT NULL, last_error TEXT, last_status INTEGER,
                                                  created_at TEXT NOT NULL, delivered_at TEXT);
    CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
    """

    /// Format 5: a webhook's supervision-domain filter (market, ecology, emergency, housing; NULL: all).
    static let schemaV5 = "ALTER TABLE webhooks ADD COLUMN domain TEXT;"

    /// The triggers that keep `node_columns` true. A bulk load suspends them for its transaction
    /// (it drops every column first) and puts them back before it commits.
    static let columnTriggers: [(name: String, sql: String)] = [
        ("node_columns_label_added", """
         CREATE TRIGGER IF NOT EXISTS node_columns_label_added AFTER INSERT ON node_labels
             WHEN EXISTS (SELECT 1 FROM node_columns) BEGIN DELETE FROM node_columns WHERE label = NEW.label; END
         """),
        ("node_columns_label_removed", """
         CREATE TRIGGER IF NOT EXISTS node_columns_label_removed AFTER DELETE ON node_labels
             WHEN EXISTS (SELECT 1 FROM node_columns) BEGIN DELETE FROM node_columns WHERE label = OLD.label; END
         """),
        ("node_columns_properties_set", """
         CREATE TRIGGER IF NOT EXISTS node_columns_properties_set AFTER UPDATE OF props ON nodes
             WHEN EXISTS (SELECT 1 FROM node_columns)
             BEGIN DELETE FROM node_columns WHERE label IN (SELECT label FROM node_labels WHERE node = NEW.id); END
         """),
    ]

    /// Secondary indexes; dropped and rebuilt around bulk loads into an empty store.
    static let bulkIndexes: [(name: String, sql: String)] = [
        ("nodes_by_ext", "CREATE UNIQUE INDEX nodes_by_ext ON nodes(ext_space, ext_id) WHERE ext_id IS NOT NULL"),
        ("node_labels_by_node", "CREATE INDEX node_labels_by_node ON node_labels(node, label)"),
        ("rels_out", "CREATE INDEX rels_out ON rels(src, type, dst)"),
        ("rels_in", "CREATE INDEX rels_in ON rels(dst, type, src)"),
        ("node_keys_by_node", "CREATE INDEX node_keys_by_node ON node_keys(node)"),
    ]

    static func createLatest(_ db: SQLiteConnection, mode: SchemaMode) throws {
        try db.execute("BEGIN IMMEDIATE")
        do {
            try db.execute(schemaV1)
            try db.execute(schemaV2)
            try db.execute(schemaV3)
            try db.execute(schemaV4)
            try db.execute(schemaV5)
            for index in bulkIndexes { try db.execute(index.sql) }
            let s = try db.prepare("INSERT INTO meta(key, value) VALUES(?, ?)")
            for (k, v) in [("format_version", String(GraphStore.formatVersion)), ("schema_mode", mode.rawValue),
                           ("next_node_id", "0"), ("next_rel_id", "0"), ("graph_version", "0"),
                           ("created_by", "govbrain")] {
                try s.bind([.text(k), .text(v)])
                try s.run()
            }
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    /// Brings a store of format `version` to the latest format, one step at a time.
    static func migrate(_ db: SQLiteConnection, from version: Int) throws {
        var v = version
        while v < GraphStore.formatVersion {
            switch v {
            case 0:
                // Format 0 was a pre-release layout without the key table and property-key catalogue.
                try db.execute("""
                BEGIN IMMEDIATE;
                CREATE TABLE IF NOT EXISTS node_keys(class TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, node INTEGER NOT NULL, PRIMARY KEY(class, key, value)) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS node_keys_by_node ON node_keys(node);
                CREATE TABLE IF NOT EXISTS property_keys(owner_kind INTEGER NOT NULL, owner INTEGER NOT NULL, key TEXT NOT NULL, PRIMARY KEY(owner_kind, owner, key)) WITHOUT ROWID;
                INSERT OR REPLACE INTO meta(key, value) VALUES('format_version', '1');
                COMMIT;
                """)
            case 1:
                try db.execute("BEGIN IMMEDIATE")
                do {
                    try db.execute(schemaV2)
                    try db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('format_version', '2')")
                    try db.execute("COMMIT")
                } catch {
                    try? db.execute("ROLLBACK")
                    throw error
                }
            case 2:
                try db.execute("BEGIN IMMEDIATE")
                do {
                    try db.execute(schemaV3)
                    try db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('format_version', '3')")
                    try db.execute("COMMIT")
                } catch {
                    try? db.execute("ROLLBACK")
                    throw error
                }
            case 3:
                try db.execute("BEGIN IMMEDIATE")
                do {
                    try db.execute(schemaV4)
                    try db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('format_version', '4')")
                    try db.execute("COMMIT")
                } catch {
                    try? db.execute("ROLLBACK")
                    throw error
                }
            case 4:
                try db.execute("BEGIN IMMEDIATE")
                do {
                    // The steps are idempotent: a table an earlier step kept (`IF NOT EXISTS`) may have the column already.
                    if try db.rows("SELECT 1 FROM pragma_table_info('webhooks') WHERE name = 'domain'").isEmpty { try db.execute(schemaV5) }
                    try db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('format_version', '5')")
                    try db.execute("COMMIT")
                } catch {
                    try? db.execute("ROLLBACK")
                    throw error
                }
            default:
                throw StoreError(code: .newerFormat, message: "no migration from store format \(v)")
            }
            v += 1
        }
    }
}
