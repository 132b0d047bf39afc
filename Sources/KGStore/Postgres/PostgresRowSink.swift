/// PostgreSQL's interim bulk path: one prepared `INSERT` per node, label and relationship row,
/// inside the bulk writer's transaction. Correct but a round trip per row; the `COPY` sink of the
/// design (Tools/docs/postgres-phase2.md §4, step 3) replaces it for large imports.
///
/// The property-column triggers stay in place (a row's trigger finds no column to drop: the bulk
/// writer deleted them all), and no index is dropped.
final class PostgresRowSink: BulkRowSink {
    private let db: PostgresStoreConnection
    private var insertNode: PostgresStoreStatement?
    private var insertLabel: PostgresStoreStatement?
    private var insertRel: PostgresStoreStatement?
    private var insertKey: PostgresStoreStatement?

    init(db: PostgresStoreConnection) { self.db = db }

    func start(emptyStore: Bool) throws {
        insertNode = try db.prepare("INSERT INTO nodes(id, ext_space, ext_id, props) VALUES(?, ?, ?, ?)")
        insertLabel = try db.prepare("INSERT INTO node_labels(label, node) VALUES(?, ?)")
        insertRel = try db.prepare("INSERT INTO rels(id, type, src, dst, props) VALUES(?, ?, ?, ?, ?)")
        insertKey = try db.prepare("INSERT INTO node_keys(class, key, value, node) VALUES(?, ?, ?, ?)")
    }

    func node(id: Int64, space: String?, externalID: String?, properties: String, labels: [Int64]) throws {
        guard let insertNode, let insertLabel else { return }
        if let space, let externalID {
            try insertNode.bind([.int(id), .text(space), .text(externalID), .text(properties)])
        } else {
            try insertNode.bind([.int(id), .null, .null, .text(properties)])
        }
        try insertNode.run()
        for label in labels {
            try insertLabel.bind([.int(label), .int(id)])
            try insertLabel.run()
        }
    }

    func key(class: String, key: String, value: String, node: Int64) throws {
        guard let insertKey else { return }
        try insertKey.bind([.text(`class`), .text(key), .text(value), .int(node)])
        try insertKey.run()
    }

    /// Every node row is written as it comes.
    func flushNodes() throws {}

    func relationships(_ pending: PendingRelationships, firstID: Int64) throws {
        guard let insertRel else { return }
        var nextID = firstID
        for key in pending.keys {
            let properties = String(decoding: pending.bytes[key.offset..<(key.offset + key.length)], as: UTF8.self)
            try insertRel.bind([.int(nextID), .int(key.type), .int(key.start), .int(key.end), .text(properties)])
            try insertRel.run()
            nextID += 1
        }
    }

    func finish(mark: (String) -> Void) throws {}

    func end() {}
}
