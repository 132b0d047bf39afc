import KGCore

extension StoreTransaction {
    /// The column of property `key` over the nodes with `label` (all of them, ascending id), as
    /// this transaction sees the graph.
    ///
    /// Columns are kept in `node_columns`: a stored one is loaded (one BLOB read); otherwise the
    /// column is built from the nodes' property documents and stored for later queries, best
    /// effort: when the store cannot take the write at once (read-only file, another process
    /// writing), the column serves this query only. Triggers drop a label's columns whenever one
    /// of its nodes changes, so a stored column is never stale; a damaged one is rebuilt.
    public func propertyColumn(label: String, key: String) throws -> PropertyColumn {
        guard let lid = store.labelIDs[label] else { return PropertyColumn(ids: [], storage: .coded(codes: [], dictionary: [])) }
        let load = try statement("SELECT data FROM node_columns WHERE label = ? AND key = ?")
        try load.bind([.int(lid), .text(key)])
        if try load.step() {
            let stored = try? PropertyColumnCodec.decode(load.blob(0))
            load.reset()
            if let stored { return stored }
        }
        let column = try buildColumn(label: lid, key: key)
        // A reading transaction must not take the write lock (it would block key revocations and
        // audit appends for as long as the query reads): its columns are stored after it ends.
        if readOnly { pendingColumns.append((lid, key, column)) } else { try persist(column, label: lid, key: key) }
        return column
    }

    private func buildColumn(label lid: Int64, key: String) throws -> PropertyColumn {
        let scan = try statement("SELECT n.id, n.props FROM node_labels l JOIN nodes n ON n.id = l.node WHERE l.label = ? ORDER BY l.node")
        try scan.bind([.int(lid)])
        return try Self.scanColumn(scan, key: key)
    }

    /// Reads a column's (id, document) rows, decoding only `key`: generic, so that each backend's
    /// statement is called directly in the loop.
    private static func scanColumn<S: StoreStatement>(_ scan: S, key: String) throws -> PropertyColumn {
        var ids: [Int64] = []
        var values: [Value?] = []
        while try scan.step() {
            ids.append(scan.int(0))
            let bytes = scan.bytes(1)
            values.append(bytes.count <= 2 ? nil : try PropertyDecoder.decode(key: key, in: bytes))
        }
        return PropertyColumn(ids: ids, values: values)
    }

    /// Stores the columns a reading transaction built, each in a short writing transaction of its
    /// own after the reading one ended, without waiting for locks, and only while the graph is
    /// still at the version they were built from (best effort: a busy store leaves them unstored).
    func storePendingColumns() {
        guard !pendingColumns.isEmpty, let startVersion else { return }
        let pending = pendingColumns
        pendingColumns = []
        let db = store.db
        db.withLockWait(.none) {
            guard (try? db.begin(.graphWrite, wait: .none)) != nil else { return }
            do {
                guard try store.meta("graph_version") == startVersion else { db.rollback(); return }
                let insert = try db.prepare(Self.storeColumnSQL)
                for (lid, key, column) in pending {
                    try insert.bind([.int(lid), .text(key), .blob(PropertyColumnCodec.encode(column))])
                    try insert.run()
                    insert.reset()
                }
                try db.commit()
                store.afterCommit()
            } catch {
                db.rollback()
            }
        }
    }

    /// Stores a column, replacing the one stored for (label, key).
    private static let storeColumnSQL = "INSERT INTO node_columns(label, key, data) VALUES(?, ?, ?) ON CONFLICT(label, key) DO UPDATE SET data = excluded.data"

    /// Stores a column inside this transaction without waiting for locks; any failure leaves the
    /// transaction as it was (a savepoint) and the column unstored.
    /// - Throws: only when the store ended a writing transaction (its writes are gone).
    private func persist(_ column: PropertyColumn, label lid: Int64, key: String) throws {
        let db = store.db
        try db.withLockWait(.none) {
            do {
                try db.execute("SAVEPOINT node_column")
            } catch { return }
            do {
                let insert = try statement(Self.storeColumnSQL)
                try insert.bind([.int(lid), .text(key), .blob(PropertyColumnCodec.encode(column))])
                try insert.run()
                insert.reset()
                try db.execute("RELEASE node_column")
            } catch {
                try? db.execute("ROLLBACK TO node_column")
                try? db.execute("RELEASE node_column")
            }
            // Some lock errors end the whole transaction; a reading one is simply begun again.
            guard !db.inTransaction else { return }
            guard readOnly else {
                throw StoreError(code: .sqlite, message: "the store ended this transaction while caching a property column; nothing was written, run the query again")
            }
            try db.begin(.snapshotRead, wait: .none)
        }
    }
}
