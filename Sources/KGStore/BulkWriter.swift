import CSQLite
import KGCore
import KGOntology

/// Writes many nodes and relationships in one transaction: the importers' and the demo
/// builder's way in.
///
/// Everything between `GraphStore.beginBulkWrite` and `commit()` is one SQLite transaction, so
/// an import is all or nothing, also when the process is killed. Each `addNode` /
/// `addRelationship` either writes its element whole or throws without writing anything, so a
/// caller can reject a bad row and go on (`--skip-bad`). Into an empty store the secondary
/// indexes are dropped and rebuilt at commit, which is several times faster than maintaining
/// them row by row.
public final class BulkWriter {
    /// Counts of what this session wrote.
    public struct Summary: Sendable, Equatable {
        public var nodesCreated = 0
        public var relationshipsCreated = 0
    }

    let store: GraphStore
    let validator: SchemaValidator?
    private(set) public var summary = Summary()
    private var nextNodeID: Int64
    private var nextRelID: Int64
    private var external: [String: [String: Int64]] = [:]
    private var labelSetOf: [Int64: Int32] = [:]
    private var labelSets: [[String]] = []
    private var labelSetIndex: [[String]: Int32] = [:]
    private var propertyKeys = Set<PropertyKeyEntry>()
    /// Id spaces whose id column is also a property: space → "property|integer" or "property|string".
    private var idProperties: [String: String] = [:]
    private var droppedIndexes: [(name: String, sql: String)] = []
    private var finished = false
    private var startedEmpty = false
    private let insertNode: SQLiteStatement
    private let insertLabel: SQLiteStatement
    private let insertRel: SQLiteStatement
    private let insertKey: SQLiteStatement
    private let findExternal: SQLiteStatement
    private let findLabels: SQLiteStatement
    private let nodeExists: SQLiteStatement

    struct PropertyKeyEntry: Hashable { let kind: Int64; let owner: Int64; let key: String }

    init(store: GraphStore, validator: SchemaValidator?) throws {
        self.store = store
        self.validator = validator
        let db = store.db
        try db.execute("BEGIN IMMEDIATE")
        do {
            nextNodeID = Int64(try store.meta("next_node_id") ?? "0") ?? 0
            nextRelID = Int64(try store.meta("next_rel_id") ?? "0") ?? 0
            insertNode = try db.prepare("INSERT INTO nodes(id, ext_space, ext_id, props) VALUES(?, ?, ?, ?)")
            insertLabel = try db.prepare("INSERT INTO node_labels(label, node) VALUES(?, ?)")
            insertRel = try db.prepare("INSERT INTO rels(id, type, src, dst, props) VALUES(?, ?, ?, ?, ?)")
            insertKey = try db.prepare("INSERT INTO node_keys(class, key, value, node) VALUES(?, ?, ?, ?)")
            findExternal = try db.prepare("SELECT id FROM nodes WHERE ext_space = ? AND ext_id = ?")
            findLabels = try db.prepare("SELECT l.name FROM node_labels nl JOIN labels l ON l.id = nl.label WHERE nl.node = ? ORDER BY l.name")
            nodeExists = try db.prepare("SELECT 1 FROM nodes WHERE id = ?")
            let empty = try db.scalar("SELECT (SELECT count(*) FROM (SELECT 1 FROM nodes LIMIT 1)) + (SELECT count(*) FROM (SELECT 1 FROM rels LIMIT 1))")?.int == 0
            startedEmpty = empty
            if empty {
                for index in StoreMigrations.bulkIndexes {
                    try db.execute("DROP INDEX IF EXISTS \(index.name)")
                    droppedIndexes.append(index)
                }
            }
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    deinit { if !finished { rollback() } }

    /// Adds a node.
    /// - Parameters:
    ///   - externalID: the id it is imported with; unique within its space.
    ///   - labels: its labels (at least one when the ontology is on).
    ///   - properties: its properties; nulls are dropped.
    /// - Returns: the node's stable id.
    /// - Throws: `ImportError.duplicateID`, `OntologyError` (unknown label, wrong type, invalid
    ///   identifier, duplicate key); nothing is written then.
    @discardableResult
    public func addNode(externalID: ExternalID?, labels: [String], properties: [String: Value]) throws -> Int64 {
        var props = properties.filter { !$0.value.isNull }
        if let validator { props = try validator.validateNode(labels: labels, properties: props) }
        for (k, v) in props where !v.isStorableProperty {
            throw OntologyError(code: .wrongPropertyType, message: "property '\(k)' holds a \(v.typeName); properties hold scalars or lists of scalars")
        }
        if let ext = externalID, try resolveExternal(ext) != nil {
            throw ImportError(code: .duplicateID, message: "duplicate id '\(ext.id)'\(ext.space.isEmpty ? "" : " in id space \(ext.space)"): another node was already imported with it")
        }
        let id = nextNodeID
        let uniqueLabels = Array(Set(labels)).sorted()
        if let schema = validator?.schema {
            var written: [(String, String, String)] = []
            for (cls, key) in schema.keys(for: uniqueLabels) {
                guard let value = props[key] else {
                    rollbackKeys(written)
                    throw OntologyError(code: .missingKey, message: "\(cls) nodes need the key property '\(key)'")
                }
                let text = JSONWriter.string(value.propertyJSON)
                insertKey.bindText(cls, at: 1); insertKey.bindText(key, at: 2); insertKey.bindText(text, at: 3); insertKey.bindInt(id, at: 4)
                let rc = insertKey.tryRun()
                if rc & 0xFF == SQLITE_CONSTRAINT {
                    rollbackKeys(written)
                    throw OntologyError(code: .duplicateKey, message: "another \(cls) already has \(key) = \(schema.isSensitive(key, labels: uniqueLabels) ? "(masked)" : text) (owl:hasKey of \(cls))")
                } else if rc != SQLITE_DONE {
                    rollbackKeys(written)
                    throw store.db.error(rc, store.db.lastMessage)
                }
                written.append((cls, key, text))
            }
        }
        insertNode.bindInt(id, at: 1)
        if let ext = externalID { insertNode.bindText(ext.space, at: 2); insertNode.bindText(ext.id, at: 3) } else {
            insertNode.bindNull(at: 2); insertNode.bindNull(at: 3)
        }
        insertNode.bindText(Self.encode(props), at: 4)
        try insertNode.run()
        for label in uniqueLabels {
            let lid = try store.labelID(label)
            insertLabel.bindInt(lid, at: 1); insertLabel.bindInt(id, at: 2)
            try insertLabel.run()
            for key in props.keys { propertyKeys.insert(PropertyKeyEntry(kind: 0, owner: lid, key: key)) }
        }
        nextNodeID += 1
        if let ext = externalID { external[ext.space, default: [:]][ext.id] = id }
        labelSetOf[id] = internLabels(uniqueLabels)
        summary.nodesCreated += 1
        return id
    }

    private func rollbackKeys(_ written: [(String, String, String)]) {
        guard !written.isEmpty, let s = try? store.db.prepare("DELETE FROM node_keys WHERE class = ? AND key = ? AND value = ?") else { return }
        for (c, k, v) in written { try? s.bind([.text(c), .text(k), .text(v)]); try? s.run() }
    }

    private func internLabels(_ labels: [String]) -> Int32 {
        if let i = labelSetIndex[labels] { return i }
        let i = Int32(labelSets.count)
        labelSets.append(labels)
        labelSetIndex[labels] = i
        return i
    }

    /// The node id for an external id, from this session or the store.
    public func resolveExternal(_ ext: ExternalID) throws -> Int64? {
        if let id = external[ext.space]?[ext.id] { return id }
        // Into a store that was empty, this session's map is complete (and the index is dropped).
        if startedEmpty { return nil }
        try findExternal.bind([.text(ext.space), .text(ext.id)])
        defer { findExternal.reset() }
        return try findExternal.step() ? findExternal.int(0) : nil
    }

    /// The labels of a node written in this session or earlier.
    func labels(of node: Int64) throws -> [String]? {
        if let set = labelSetOf[node] { return labelSets[Int(set)] }
        if startedEmpty { return nil }
        try nodeExists.bind([.int(node)])
        let exists = try nodeExists.step()
        nodeExists.reset()
        guard exists else { return nil }
        try findLabels.bind([.int(node)])
        var out: [String] = []
        while try findLabels.step() { out.append(findLabels.text(0)) }
        findLabels.reset()
        labelSetOf[node] = internLabels(out)
        return out
    }

    /// Adds a relationship between two existing nodes (by stable id).
    /// - Returns: the relationship's stable id.
    /// - Throws: `ImportError.missingEndpoint` if a node does not exist, `OntologyError` if the
    ///   ontology refuses it; nothing is written then.
    @discardableResult
    public func addRelationship(type: String, start: Int64, end: Int64, properties: [String: Value]) throws -> Int64 {
        guard let startLabels = try labels(of: start) else {
            throw ImportError(code: .missingEndpoint, message: "start node \(start) does not exist")
        }
        guard let endLabels = try labels(of: end) else {
            throw ImportError(code: .missingEndpoint, message: "end node \(end) does not exist")
        }
        var props = properties.filter { !$0.value.isNull }
        if let validator {
            props = try validator.validateRelationship(type: type, startLabels: startLabels, endLabels: endLabels, properties: props)
        }
        for (k, v) in props where !v.isStorableProperty {
            throw OntologyError(code: .wrongPropertyType, message: "property '\(k)' holds a \(v.typeName); properties hold scalars or lists of scalars")
        }
        guard !type.isEmpty else { throw ImportError(code: .badValue, message: "a relationship needs a type") }
        let tid = try store.typeID(type)
        let id = nextRelID
        insertRel.bindInt(id, at: 1); insertRel.bindInt(tid, at: 2); insertRel.bindInt(start, at: 3); insertRel.bindInt(end, at: 4)
        insertRel.bindText(Self.encode(props), at: 5)
        try insertRel.run()
        for key in props.keys { propertyKeys.insert(PropertyKeyEntry(kind: 1, owner: tid, key: key)) }
        nextRelID += 1
        summary.relationshipsCreated += 1
        return id
    }

    /// Records that nodes of id space `space` carry their id in `property` (an index then serves
    /// look-ups of that property through the external-id index).
    public func recordIDProperty(space: String, property: String, integer: Bool) {
        guard !space.isEmpty else { return }
        idProperties[space] = property + (integer ? "|integer" : "|string")
    }

    /// Rebuilds dropped indexes, records counters and commits.
    /// - Throws: `StoreError` if the commit fails; the store is then unchanged.
    public func commit() throws {
        guard !finished else { return }
        do {
            for index in droppedIndexes { try store.db.execute(index.sql) }
            let pk = try store.db.prepare("INSERT OR IGNORE INTO property_keys(owner_kind, owner, key) VALUES(?, ?, ?)")
            for e in propertyKeys { try pk.bind([.int(e.kind), .int(e.owner), .text(e.key)]); try pk.run() }
            for (space, value) in idProperties { try store.setMeta("id_property:" + space, value) }
            try store.recordWrite(nextNodeID: nextNodeID, nextRelationshipID: nextRelID)
            try store.db.execute("COMMIT")
            finished = true
        } catch {
            rollback()
            throw error
        }
    }

    /// Abandons everything written in this session.
    public func rollback() {
        guard !finished else { return }
        finished = true
        try? store.db.execute("ROLLBACK")
        try? store.loadDictionaries()
    }

    static func encode(_ props: [String: Value]) -> String {
        if props.isEmpty { return "{}" }
        var out = "{"
        for (i, key) in props.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            JSONWriter.writeString(key, into: &out)
            out += ":"
            JSONWriter.write(props[key]!.propertyJSON, into: &out)
        }
        return out + "}"
    }
}

extension GraphStore {
    /// Starts a bulk write (one transaction). Hold no other use of this store until it ends.
    /// - Parameter validator: the ontology validator, or nil for a free-form write.
    public func beginBulkWrite(validator: SchemaValidator?) throws -> BulkWriter {
        lock.lock()
        do { return try BulkWriter(store: self, validator: validator) } catch { lock.unlock(); throw error }
    }

    /// Ends the lock taken by `beginBulkWrite`; called by the importers after commit or rollback.
    public func endBulkWrite(_ writer: BulkWriter) {
        writer.rollback()
        cachedSnapshot = nil
        lock.unlock()
    }

    func labelID(_ name: String) throws -> Int64 {
        if let id = labelIDs[name] { return id }
        let s = try db.prepare("INSERT INTO labels(name) VALUES(?)")
        try s.bind([.text(name)]); try s.run()
        let id = sqlite3_last_insert_rowid(db.handle)
        labelIDs[name] = id; labelNames[id] = name
        return id
    }

    func typeID(_ name: String) throws -> Int64 {
        if let id = typeIDs[name] { return id }
        let s = try db.prepare("INSERT INTO rel_types(name) VALUES(?)")
        try s.bind([.text(name)]); try s.run()
        let id = sqlite3_last_insert_rowid(db.handle)
        typeIDs[name] = id; typeNames[id] = name
        return id
    }
}
