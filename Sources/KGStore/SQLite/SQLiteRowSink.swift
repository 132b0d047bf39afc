import Foundation

/// SQLite's bulk path: node, label and relationship rows written by multi-row `INSERT … VALUES`
/// statements (64 rows each: a statement costs SQLite far more than a row), relationship
/// properties bound in place from the pending buffer.
///
/// Into an empty store the load runs in rollback-journal mode: pages past the original end of
/// the file are not journaled, so the data is written once (not to the WAL and then again by a
/// checkpoint), and a killed process still leaves the store as it was (the hot journal truncates
/// it back). Only possible while no other connection has the file open; otherwise the store stays
/// in WAL mode. Column triggers are dropped for the session (every column was deleted) and, into
/// an empty store, the secondary indexes too; `finish` puts them back in the same transaction, so
/// a rollback or a kill restores them with everything else.
final class SQLiteRowSink: BulkRowSink {
    static let nodeBatchRows = 64
    static let relBatchRows = 64

    private let db: SQLiteConnection
    private var switchedJournal = false
    private var droppedIndexes: [(name: String, sql: String)] = []
    private var insertNode: SQLiteStatement?
    private var insertLabel: SQLiteStatement?
    private var insertRel: SQLiteStatement?
    private var insertKey: SQLiteStatement?
    private var insertNodeBatch: SQLiteStatement?
    private var insertLabelBatch: SQLiteStatement?
    private var insertRelBatch: SQLiteStatement?
    /// Node rows and labels queued for the next multi-row insert.
    private var pendingNodes: [PendingNode] = []
    private var pendingLabels: [(label: Int64, node: Int64)] = []

    private struct PendingNode { let id: Int64; let space: String?; let externalID: String?; let properties: String }

    /// Switches an empty store to rollback-journal mode (before the session's transaction begins).
    init(db: SQLiteConnection, emptyStore: Bool) {
        self.db = db
        if emptyStore, (try? db.scalar("PRAGMA journal_mode=DELETE"))??.text == "delete" { switchedJournal = true }
        // The load's reads (index builds over whole tables) go through the bounded page cache:
        // mapped, every page they touch would stay in the process's resident memory.
        try? db.setMemoryMapped(false)
    }

    func start(emptyStore: Bool) throws {
        insertNode = try db.prepare("INSERT INTO nodes(id, ext_space, ext_id, props) VALUES(?, ?, ?, ?)")
        insertLabel = try db.prepare("INSERT INTO node_labels(label, node) VALUES(?, ?)")
        insertRel = try db.prepare("INSERT INTO rels(id, type, src, dst, props) VALUES(?, ?, ?, ?, ?)")
        insertKey = try db.prepare("INSERT INTO node_keys(class, key, value, node) VALUES(?, ?, ?, ?)")
        for trigger in StoreMigrations.columnTriggers { try db.execute("DROP TRIGGER IF EXISTS \(trigger.name)") }
        if emptyStore {
            // The outgoing-relationship index stays: relationships arrive in its order
            // (`PendingRelationships`), so keeping it costs less than rebuilding it.
            for index in StoreMigrations.bulkIndexes where index.name != "rels_out" {
                try db.execute("DROP INDEX IF EXISTS \(index.name)")
                droppedIndexes.append(index)
            }
        }
    }

    func node(id: Int64, space: String?, externalID: String?, properties: String, labels: [Int64]) throws {
        pendingNodes.append(PendingNode(id: id, space: externalID == nil ? nil : space, externalID: externalID, properties: properties))
        for lid in labels { pendingLabels.append((lid, id)) }
        if pendingNodes.count >= Self.nodeBatchRows { try flushNodes() }
    }

    /// Writes the key at once: the bulk writer's next check reads it from the store.
    func key(class: String, key: String, value: String, node: Int64) throws {
        guard let insertKey else { return }
        insertKey.bindText(`class`, at: 1); insertKey.bindText(key, at: 2); insertKey.bindText(value, at: 3); insertKey.bindInt(node, at: 4)
        try insertKey.run()
    }

    /// Writes the queued node rows and their labels, a batch to a statement where they fill one.
    func flushNodes() throws {
        let batch = Self.nodeBatchRows
        var i = 0
        if pendingNodes.count == batch {
            if insertNodeBatch == nil {
                insertNodeBatch = try db.prepare("INSERT INTO nodes(id, ext_space, ext_id, props) VALUES" + Array(repeating: "(?,?,?,?)", count: batch).joined(separator: ","))
            }
            let statement = insertNodeBatch!
            for (r, node) in pendingNodes.enumerated() { bind(node, statement, at: Int32(r * 4)) }
            try statement.run()
            i = batch
        }
        if i < pendingNodes.count, let insertNode {
            while i < pendingNodes.count {
                bind(pendingNodes[i], insertNode, at: 0)
                try insertNode.run()
                i += 1
            }
        }
        pendingNodes.removeAll(keepingCapacity: true)
        var j = 0
        if pendingLabels.count >= batch {
            if insertLabelBatch == nil {
                insertLabelBatch = try db.prepare("INSERT INTO node_labels(label, node) VALUES" + Array(repeating: "(?,?)", count: batch).joined(separator: ","))
            }
            let statement = insertLabelBatch!
            while j + batch <= pendingLabels.count {
                for r in 0..<batch {
                    statement.bindInt(pendingLabels[j + r].label, at: Int32(r * 2 + 1)); statement.bindInt(pendingLabels[j + r].node, at: Int32(r * 2 + 2))
                }
                try statement.run()
                j += batch
            }
        }
        if j < pendingLabels.count, let insertLabel {
            while j < pendingLabels.count {
                insertLabel.bindInt(pendingLabels[j].label, at: 1); insertLabel.bindInt(pendingLabels[j].node, at: 2)
                try insertLabel.run()
                j += 1
            }
        }
        pendingLabels.removeAll(keepingCapacity: true)
    }

    private func bind(_ node: PendingNode, _ statement: SQLiteStatement, at offset: Int32) {
        statement.bindInt(node.id, at: offset + 1)
        if let space = node.space, let ext = node.externalID {
            statement.bindText(space, at: offset + 2); statement.bindText(ext, at: offset + 3)
        } else {
            statement.bindNull(at: offset + 2); statement.bindNull(at: offset + 3)
        }
        statement.bindText(node.properties, at: offset + 4)
    }

    /// Writes relationships `relBatchRows` to a statement, their properties bound in place.
    func relationships(_ pending: PendingRelationships, firstID: Int64) throws {
        guard pending.count > 0, let insertRel else { return }
        let batch = Self.relBatchRows
        if insertRelBatch == nil {
            insertRelBatch = try db.prepare("INSERT INTO rels(id, type, src, dst, props) VALUES" + Array(repeating: "(?,?,?,?,?)", count: batch).joined(separator: ","))
        }
        let keys = pending.keys
        var nextID = firstID
        try pending.bytes.withUnsafeBufferPointer { bytes in
            func text(_ key: PendingRelationships.Key) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: bytes[key.offset..<(key.offset + key.length)])
            }
            var i = 0
            if let statement = insertRelBatch {
                while i + batch <= keys.count {
                    for r in 0..<batch {
                        let key = keys[i + r], p = Int32(r * 5)
                        statement.bindInt(nextID + Int64(r), at: p + 1); statement.bindInt(key.type, at: p + 2)
                        statement.bindInt(key.start, at: p + 3); statement.bindInt(key.end, at: p + 4)
                        statement.bindStatic(text(key), at: p + 5)
                    }
                    try statement.run()
                    nextID += Int64(batch)
                    i += batch
                }
            }
            while i < keys.count {
                let key = keys[i]
                insertRel.bindInt(nextID, at: 1); insertRel.bindInt(key.type, at: 2)
                insertRel.bindInt(key.start, at: 3); insertRel.bindInt(key.end, at: 4)
                try insertRel.runBinding(text: text(key), at: 5)
                nextID += 1
                i += 1
            }
        }
        insertRelBatch?.clearBindings()
    }

    func finish(mark: (String) -> Void) throws {
        try flushNodes()
        if !droppedIndexes.isEmpty { try rebuildIndexes(mark: mark) }
        for trigger in StoreMigrations.columnTriggers { try db.execute(trigger.sql) }
    }

    /// Sort settings for rebuilding the dropped indexes: SQLite's sorter cuts its input into
    /// runs of at most the page cache's size and, with temporary files and helper threads,
    /// sorts each run on a helper thread while the table is still being read, then merges them.
    /// With the store's 128 MiB cache and in-memory temporary storage the rows of a 1 M
    /// relationship index are sorted as one list on the writer's thread; runs of 8 MiB cost
    /// less CPU (on the benchmark store 0.7 s instead of 1.25 s for `rels_in`) and overlap
    /// with the table scan. The runs are the sorter's temporary files (deleted as they close).
    static let indexSortCacheKiB = 8192
    static let indexSortThreads = min(4, ProcessInfo.processInfo.activeProcessorCount)

    /// Rebuilds the dropped indexes with the sort settings above, then puts the session's
    /// settings back; an index that fails to build that way (e.g. no writable temporary folder)
    /// is built again with the session's settings.
    private func rebuildIndexes(mark: (String) -> Void) throws {
        let cache = try db.scalar("PRAGMA cache_size")?.int ?? -2000
        let tempStore = try db.scalar("PRAGMA temp_store")?.int ?? 0
        let threads = try db.scalar("PRAGMA threads")?.int ?? 0
        func restore() throws {
            try db.execute("PRAGMA cache_size=\(cache); PRAGMA threads=\(threads)")
            // Where temporary data goes is no reason to fail a load: if SQLite refuses the
            // change back inside the transaction, the connection keeps temporary files.
            _ = try? db.execute("PRAGMA temp_store=\(tempStore)")
        }
        // Changing temp_store inside a transaction is refused once temporary storage is in use;
        // the indexes are then built with the session's settings.
        let sorting = (try? db.execute("PRAGMA temp_store=FILE; PRAGMA threads=\(Self.indexSortThreads); PRAGMA cache_size=-\(Self.indexSortCacheKiB)")) != nil
        if !sorting { try restore() }
        for index in droppedIndexes {
            do {
                try db.execute(index.sql)
            } catch where sorting {
                try restore()
                try db.execute(index.sql)
            }
            mark("index " + index.name)
        }
        try restore()
    }

    /// Puts the connection back as it was: memory-mapped reads, and WAL mode after a load in
    /// rollback-journal mode.
    func end() {
        pendingNodes.removeAll()
        pendingLabels.removeAll()
        try? db.setMemoryMapped(true)
        guard switchedJournal else { return }
        switchedJournal = false
        _ = try? db.execute("PRAGMA journal_mode=WAL")
    }
}
