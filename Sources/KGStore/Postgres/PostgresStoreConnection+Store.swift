import Foundation
import KGCore

/// PostgreSQL as a `StoreConnection` (issue 28, Tools/docs/postgres-phase2.md §3).
///
/// Transactions: a snapshot read is `REPEATABLE READ, READ ONLY`; a graph write is `READ COMMITTED`
/// plus the store's writer lock, a transaction-scoped advisory lock taken by its own statement
/// after `BEGIN` (so the transaction's later statements see every write committed before the lock
/// was granted: one writer per store across all servers); a plain write (API keys, audit log,
/// webhooks) is a plain `BEGIN`. Lock waits end after `lock_timeout` (5 s) with `.busy`, as
/// SQLite's busy timeout does; `.none` tries the writer lock once.
extension PostgresStoreConnection: StoreConnection {
    /// The first key of the writer lock ("GOVB"); the second is the hash of the schema's name.
    static let writerLockKey: Int32 = 0x474F_5642

    package var dialect: SQLDialect { .postgres }
    package var displayName: String { url.description }
    package var inTransaction: Bool { transactionOpen }

    /// Runs SQL with no results; several statements separated by `;` run one by one (postgres-nio
    /// speaks the extended protocol only, one statement per message).
    package func execute(_ sql: String) throws {
        for statement in Self.statements(sql) { _ = try run(PostgresParameters.rewrite(statement).sql, []) }
    }

    package func prepare(_ sql: String, streaming: Bool) throws -> PostgresStoreStatement {
        let rewritten = PostgresParameters.rewrite(sql)
        return PostgresStoreStatement(sql: rewritten.sql, parameterCount: rewritten.count, connection: self, streaming: streaming)
    }

    package func begin(_ kind: TransactionKind, wait: LockWait) throws {
        switch kind {
        case .snapshotRead: try execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        case .graphWrite, .plainWrite: try execute("BEGIN")
        }
        transactionOpen = true
        guard kind == .graphWrite else { return }
        do {
            let key = "\(Self.writerLockKey), hashtext(?)"
            if wait == .none || lockWaitSuspended {
                guard try scalar("SELECT pg_try_advisory_xact_lock(\(key))", [.text(schema)]) == .int(1) else {
                    throw StoreError(code: .busy, message: "another writer holds the store in schema '\(schema)' of \(displayName); try again.")
                }
            } else {
                _ = try scalar("SELECT 1 FROM pg_advisory_xact_lock(\(key))", [.text(schema)])
            }
        } catch {
            rollback()
            throw error
        }
    }

    /// Commits the open transaction.
    /// - Throws: `DatabaseUnreachable` when the connection was gone before COMMIT was sent or the
    ///   idle timeout had ended the transaction (nothing committed: safe to run again);
    ///   `CommitOutcomeUnknown` when the connection was lost after COMMIT was sent (the server
    ///   may have committed, e.g. a primary stopped while it waited for its synchronous standby:
    ///   running the transaction again could apply it twice).
    package func commit() throws {
        defer { transactionOpen = false }
        // A connection already closed, or a transaction the idle timeout ended: COMMIT is never sent.
        let idleEnded = idleTimeoutEnded
        try reconnectIfClosed()
        do {
            try execute("COMMIT")
        } catch let error as StoreError where error.code == .databaseUnreachable && !idleEnded {
            throw StoreError(code: .commitOutcomeUnknown,
                             message: "the connection to PostgreSQL at \(endpoint) was lost while the transaction committed: it may or may not have been committed. "
                                + "Check whether its changes are in the store before running it again.")
        }
    }

    package func rollback() {
        try? execute("ROLLBACK")
        transactionOpen = false
    }

    /// The outermost call decides: inside `withLockWait(.none)` a graph write takes the writer
    /// lock only if it is free (row locks are not waited for either: no other graph writer runs).
    package func withLockWait<T>(_ wait: LockWait, _ body: () throws -> T) rethrows -> T {
        guard wait == .none, !lockWaitSuspended else { return try body() }
        lockWaitSuspended = true
        defer { lockWaitSuspended = false }
        return try body()
    }

    /// The tables of the store's schema (none when the schema does not exist).
    package func tableNames() throws -> Set<String> {
        Set(try rows("SELECT tablename FROM pg_tables WHERE schemaname = ?", [.text(schema)]).compactMap { $0.first?.text })
    }

    /// Creates the store under the creation lock: a server that finds the store made by another
    /// meanwhile leaves it as it is.
    package func createStore(mode: SchemaMode) throws {
        try transaction {
            _ = try scalar("SELECT 1 FROM pg_advisory_xact_lock(?)", [.int(PostgresStore.schemaLockKey)])
            let tables = try tableNames()
            if tables.contains("meta") { return }
            guard tables.isEmpty else {
                throw StoreError(code: .notADatabase, message: "schema '\(schema)' of \(displayName) holds tables but no GovBrain store (it has no meta table); name another schema in --db (options=-csearch_path%3DNAME)")
            }
            try createLatest(mode: mode)
        }
    }

    /// Creates the newest layout and its `meta` rows (inside the caller's transaction).
    func createLatest(mode: SchemaMode) throws {
        try execute("CREATE SCHEMA IF NOT EXISTS \(schema)")
        try execute(PostgresSchema.latest(schema: schema))
        let s = try prepare("INSERT INTO meta(key, value) VALUES(?, ?)")
        for (key, value) in [("format_version", String(GraphStore.formatVersion)), ("schema_mode", mode.rawValue),
                             ("next_node_id", "0"), ("next_rel_id", "0"), ("graph_version", "0"), ("created_by", "govbrain")] {
            try s.bind([.text(key), .text(value)])
            try s.run()
        }
    }

    /// Takes a store born at format 4 or later to the newest format, one `PostgresSchema.migrations` step at a time.
    package func migrateStore(from version: Int) throws {
        var v = version
        try transaction {
            _ = try scalar("SELECT 1 FROM pg_advisory_xact_lock(?)", [.int(PostgresStore.schemaLockKey)])
            while v < GraphStore.formatVersion {
                guard v >= PostgresSchema.firstFormat, let step = PostgresSchema.migrations[v] else {
                    throw StoreError(code: .newerFormat, message: "no migration from store format \(v) in schema '\(schema)' of \(displayName)")
                }
                try execute(step)
                v += 1
                _ = try rows("UPDATE meta SET value = ? WHERE key = 'format_version'", [.text(String(v))])
            }
        }
    }

    /// A read-only store refuses writes on the server too.
    package func configureSession(_ role: SessionRole) throws {
        if case .store(readOnly: true) = role {
            try execute("SET default_transaction_read_only = on")
            sessionReadOnly = true
        }
    }

    package func openPeer(readOnly: Bool) throws -> any StoreConnection {
        try peer(of: url, readOnly: readOnly)
    }

    /// A reader's connection goes through `readURL`: to a standby when the store's URL said
    /// `target_session_attrs=prefer-standby` and one answers, else like `openPeer`.
    package func openReader(readOnly: Bool) throws -> any StoreConnection {
        try peer(of: readURL ?? url, readOnly: readOnly)
    }

    private func peer(of target: PostgresURL, readOnly: Bool) throws -> PostgresStoreConnection {
        let peer = try PostgresStoreConnection.connect(target)
        if readOnly {
            try peer.execute("SET default_transaction_read_only = on")
            peer.sessionReadOnly = true
        }
        return peer
    }

    /// The tables of the schema with their indexes and TOAST data.
    package func storeBytes() throws -> Int64 {
        try scalar("""
            SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r'
            """, [.text(schema)])?.int ?? 0
    }

    /// The store's consistency: relationships, labels and keys of missing nodes, and id counters
    /// behind the ids in use. `["ok"]` when none is found.
    package func integrityFindings() throws -> [String] {
        let checks: [(String, String)] = [
            ("relationships with a missing start or end node",
             "SELECT count(*) FROM rels r WHERE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = r.src) OR NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = r.dst)"),
            ("relationships of an unknown type", "SELECT count(*) FROM rels r WHERE NOT EXISTS (SELECT 1 FROM rel_types t WHERE t.id = r.type)"),
            ("labels of missing nodes", "SELECT count(*) FROM node_labels l WHERE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = l.node)"),
            ("label rows of unknown labels", "SELECT count(*) FROM node_labels l WHERE NOT EXISTS (SELECT 1 FROM labels d WHERE d.id = l.label)"),
            ("unique keys of missing nodes", "SELECT count(*) FROM node_keys k WHERE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = k.node)"),
            ("node ids at or above the next_node_id counter",
             "SELECT count(*) FROM nodes WHERE id >= (SELECT value::bigint FROM meta WHERE key = 'next_node_id')"),
            ("relationship ids at or above the next_rel_id counter",
             "SELECT count(*) FROM rels WHERE id >= (SELECT value::bigint FROM meta WHERE key = 'next_rel_id')"),
        ]
        var findings: [String] = []
        for (what, sql) in checks {
            let n = try scalar(sql)?.int ?? 0
            if n > 0 { findings.append("\(n) \(what)") }
        }
        return findings.isEmpty ? ["ok"] : findings
    }

    /// The server manages its own write-ahead log: nothing to do.
    package func checkpoint(truncate: Bool) throws {}

    /// Nothing to maintain after a commit (the server checkpoints itself).
    package func afterCommit() {}

    /// Rows go by `COPY` (`PostgresCopySink`); `GOVBRAIN_PG_BULK=insert` selects the row-by-row
    /// `INSERT`s of `PostgresRowSink` instead (kept to measure the two against each other).
    package func makeBulkSink(emptyStore: Bool) throws -> any BulkRowSink {
        if ProcessInfo.processInfo.environment["GOVBRAIN_PG_BULK"] == "insert" { return PostgresRowSink(db: self) }
        return PostgresCopySink(db: self)
    }
}
