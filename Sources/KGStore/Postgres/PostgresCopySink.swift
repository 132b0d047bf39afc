import NIOCore
import PostgresNIO

/// PostgreSQL's bulk path (Tools/docs/postgres-phase2.md §4): node, label, key and relationship rows
/// sent by `COPY … FROM STDIN` inside the bulk writer's transaction, so an import stays all or
/// nothing (a failure, a lost connection or a killed process never commits a row of it).
///
/// Memory stays bounded: node and label rows are encoded into buffers sent by one `COPY` each
/// when the node rows reach `nodeFlushBytes` (and before the commit); relationships are encoded
/// from the writer's sorted buffer 1 MiB at a time while the `COPY` streams them.
///
/// The property-column triggers are suspended for the session with `SET LOCAL kgstore.bulk_import = 'on'`
/// (their `WHEN` clause reads it; the bulk writer deleted every column). Into an empty store the
/// secondary indexes except `rels_out` (relationships arrive in its order) are dropped and rebuilt
/// by `finish`, in the same transaction: readers of that store wait for the commit meanwhile.
/// Dropping a trigger instead would take an exclusive lock on a store with data, blocking readers
/// on every server.
final class PostgresCopySink: BulkRowSink {
    /// Node rows buffered before they are sent.
    static let nodeFlushBytes = 4 << 20
    /// Relationship rows per `write` of a `COPY`.
    static let relationshipChunkBytes = 1 << 20
    /// Rows an import writes before the sink refreshes the planner's statistics after the commit.
    static let analyzeRows = 1_000

    private let db: PostgresStoreConnection
    private var nodes = PostgresCopyText(capacity: 1 << 16)
    private var labels = PostgresCopyText(capacity: 1 << 16)
    private var keys = PostgresCopyText(capacity: 1 << 12)
    private var droppedIndexes: [(name: String, sql: String)] = []
    private var rowsWritten = 0
    private var finished = false

    init(db: PostgresStoreConnection) { self.db = db }

    func start(emptyStore: Bool) throws {
        try db.execute("SET LOCAL kgstore.bulk_import = 'on'")
        guard emptyStore else { return }
        for index in PostgresSchema.bulkIndexes {
            try db.execute("DROP INDEX IF EXISTS \(index.name)")
            droppedIndexes.append(index)
        }
    }

    func node(id: Int64, space: String?, externalID: String?, properties: String, labels labelIDs: [Int64]) throws {
        let mark = nodes.count
        do {
            nodes.int(id); nodes.tab()
            if let space, let externalID {
                try nodes.text(space); nodes.tab(); try nodes.text(externalID)
            } else {
                nodes.null(); nodes.tab(); nodes.null()
            }
            nodes.tab(); try nodes.text(properties); nodes.newline()
        } catch {
            nodes.truncate(to: mark)
            throw error
        }
        for label in labelIDs {
            labels.int(label); labels.tab(); labels.int(id); labels.newline()
        }
        rowsWritten += 1
        if nodes.count >= Self.nodeFlushBytes { try flushNodes() }
    }

    /// Queues a unique key (sent with the node rows).
    func key(class: String, key: String, value: String, node: Int64) throws {
        try keys.text(`class`); keys.tab(); try keys.text(key); keys.tab(); try keys.text(value); keys.tab()
        keys.int(node); keys.newline()
    }

    /// Sends the buffered node rows, then their labels and keys.
    func flushNodes() throws {
        if nodes.count > 0 {
            let rows = nodes.take()
            try db.copy(into: "nodes", columns: ["id", "ext_space", "ext_id", "props"]) { try await $0.write(rows) }
        }
        if labels.count > 0 {
            let rows = labels.take()
            try db.copy(into: "node_labels", columns: ["label", "node"]) { try await $0.write(rows) }
        }
        if keys.count > 0 {
            let rows = keys.take()
            try db.copy(into: "node_keys", columns: ["class", "key", "value", "node"]) { try await $0.write(rows) }
        }
    }

    /// Streams `pending` (already in (start, type, end) order) into `rels`, numbered from `firstID`.
    func relationships(_ pending: PendingRelationships, firstID: Int64) throws {
        guard pending.count > 0 else { return }
        try db.copy(into: "rels", columns: ["id", "type", "src", "dst", "props"]) { writer in
            var rows = PostgresCopyText(capacity: Self.relationshipChunkBytes + (1 << 16))
            var next = 0
            while next < pending.count {
                next = try Self.encode(pending, from: next, firstID: firstID, into: &rows)
                try await writer.write(rows.take())
            }
        }
        rowsWritten += pending.count
    }

    /// Encodes relationships of `pending` from index `start` until the chunk is full.
    /// - Returns: the index of the first relationship not encoded.
    private static func encode(_ pending: PendingRelationships, from start: Int, firstID: Int64, into rows: inout PostgresCopyText) throws -> Int {
        let keys = pending.keys
        return try pending.bytes.withUnsafeBytes { bytes in
            var i = start
            while i < keys.count && rows.count < relationshipChunkBytes {
                let key = keys[i]
                rows.int(firstID + Int64(i)); rows.tab(); rows.int(key.type); rows.tab()
                rows.int(key.start); rows.tab(); rows.int(key.end); rows.tab()
                try rows.text(UnsafeRawBufferPointer(rebasing: bytes[key.offset..<(key.offset + key.length)]))
                rows.newline()
                i += 1
            }
            return i
        }
    }

    /// Sends what is buffered and rebuilds the indexes `start` dropped.
    func finish(mark: (String) -> Void) throws {
        try flushNodes()
        if !droppedIndexes.isEmpty { try db.execute("SET LOCAL maintenance_work_mem = '256MB'") }
        for index in droppedIndexes {
            try db.execute(index.sql)
            mark("index " + index.name)
        }
        droppedIndexes = []
        finished = true
    }

    /// After a committed import of some size, refreshes the planner's statistics of the tables it
    /// filled (best effort: autovacuum would, later).
    func end() {
        nodes = PostgresCopyText(capacity: 0)
        labels = PostgresCopyText(capacity: 0)
        keys = PostgresCopyText(capacity: 0)
        guard finished, !db.inTransaction, rowsWritten >= Self.analyzeRows else { return }
        finished = false
        try? db.execute("ANALYZE nodes, node_labels, rels")
    }
}
