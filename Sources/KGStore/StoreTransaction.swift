import CSQLite
import KGCore
import KGOntology

/// One query's transaction on the store: the element-level reads and writes the Cypher
/// executor needs, applied directly inside an SQLite transaction (so reads see the
/// transaction's own writes, and `rollback` — or a killed process — undoes everything).
///
/// In ontology mode every write is validated (labels, types, properties, endpoint classes,
/// identifiers) and the key index `node_keys` is maintained. Holds the store's lock from
/// `GraphStore.beginTransaction` until `commit` or `rollback`.
public final class StoreTransaction {
    let store: GraphStore
    let validator: SchemaValidator?
    private var finished = false
    private var statements: [String: SQLiteStatement] = [:]
    private var nodePropsCache: [Int64: [String: Value]] = [:]
    private var relPropsCache: [Int64: [String: Value]] = [:]
    private var nextNodeID: Int64
    private var nextRelID: Int64
    private var wrote = false
    private var keyIndexCache: [String: Bool] = [:]
    public let readOnly: Bool

    init(store: GraphStore, readOnly: Bool, validator: SchemaValidator?) throws {
        self.store = store
        self.readOnly = readOnly
        self.validator = validator
        try store.db.execute(readOnly ? "BEGIN" : "BEGIN IMMEDIATE")
        nextNodeID = Int64(try store.meta("next_node_id") ?? "0") ?? 0
        nextRelID = Int64(try store.meta("next_rel_id") ?? "0") ?? 0
    }

    deinit { if !finished { rollback() } }

    private func statement(_ sql: String) throws -> SQLiteStatement {
        if let s = statements[sql] { sqlite3_reset(s.stmt); return s }
        let s = try store.db.prepare(sql)
        statements[sql] = s
        return s
    }

    private func ints(_ sql: String, _ args: [SQLiteValue]) throws -> [Int64] {
        let s = try statement(sql)
        try s.bind(args)
        var out: [Int64] = []
        while try s.step() { out.append(s.int(0)) }
        return out
    }

    // MARK: reads

    /// All node ids, or those with a label, ascending.
    public func nodeIDs(label: String?) throws -> [Int64] {
        guard let label else { return try ints("SELECT id FROM nodes ORDER BY id", []) }
        guard let lid = store.labelIDs[label] else { return [] }
        return try ints("SELECT node FROM node_labels WHERE label = ? ORDER BY node", [.int(lid)])
    }

    /// Nodes of class `label` with key property `key` = `value` through the key index, or nil
    /// when (label, key) is not an ontology key of this store.
    public func indexSeek(label: String, key: String, value: Value) throws -> [Int64]? {
        let cacheKey = label + "\u{0}" + key
        if keyIndexCache[cacheKey] == nil {
            keyIndexCache[cacheKey] = validator?.schema.keys(for: [label]).contains { $0.0 == label && $0.1 == key } ?? false
        }
        guard keyIndexCache[cacheKey] == true else { return nil }
        return try ints("SELECT node FROM node_keys WHERE class = ? AND key = ? AND value = ?",
                        [.text(label), .text(key), .text(JSONWriter.string(value.propertyJSON))])
    }

    public func nodeExists(_ id: Int64) throws -> Bool {
        try !ints("SELECT id FROM nodes WHERE id = ?", [.int(id)]).isEmpty
    }

    public func labels(ofNode id: Int64) throws -> [String] {
        try ints("SELECT label FROM node_labels WHERE node = ?", [.int(id)]).compactMap { store.labelNames[$0] }.sorted()
    }

    public func properties(ofNode id: Int64) throws -> [String: Value] {
        if let p = nodePropsCache[id] { return p }
        let s = try statement("SELECT props FROM nodes WHERE id = ?")
        try s.bind([.int(id)])
        guard try s.step() else { return [:] }
        let p = try GraphStore.decodeProperties(s.bytes(0))
        if nodePropsCache.count > 100_000 { nodePropsCache.removeAll(keepingCapacity: true) }
        nodePropsCache[id] = p
        return p
    }

    /// Relationships at a node: outgoing, incoming, or both (a self-loop once).
    public func relationships(of node: Int64, outgoing: Bool, incoming: Bool, types: [String]) throws -> [RelationshipRef] {
        var typeFilter: Set<Int64>?
        if !types.isEmpty {
            typeFilter = Set(types.compactMap { store.typeIDs[$0] })
            if typeFilter!.isEmpty { return [] }
        }
        var out: [RelationshipRef] = []
        if outgoing {
            let s = try statement("SELECT id, type, dst FROM rels WHERE src = ? ORDER BY id")
            try s.bind([.int(node)])
            while try s.step() {
                let t = s.int(1)
                if let typeFilter, !typeFilter.contains(t) { continue }
                out.append(RelationshipRef(id: s.int(0), type: store.typeNames[t] ?? "?", start: node, end: s.int(2)))
            }
        }
        if incoming {
            let s = try statement("SELECT id, type, src FROM rels WHERE dst = ? ORDER BY id")
            try s.bind([.int(node)])
            while try s.step() {
                let t = s.int(1)
                if let typeFilter, !typeFilter.contains(t) { continue }
                let src = s.int(2)
                if outgoing && src == node { continue }
                out.append(RelationshipRef(id: s.int(0), type: store.typeNames[t] ?? "?", start: src, end: node))
            }
        }
        return out
    }

    public func allRelationships(types: [String]) throws -> [RelationshipRef] {
        let s = try statement("SELECT id, type, src, dst FROM rels ORDER BY id")
        try s.bind([])
        let filter = types.isEmpty ? nil : Set(types.compactMap { store.typeIDs[$0] })
        var out: [RelationshipRef] = []
        while try s.step() {
            let t = s.int(1)
            if let filter, !filter.contains(t) { continue }
            out.append(RelationshipRef(id: s.int(0), type: store.typeNames[t] ?? "?", start: s.int(2), end: s.int(3)))
        }
        return out
    }

    public func relationshipExists(_ id: Int64) throws -> Bool {
        try !ints("SELECT id FROM rels WHERE id = ?", [.int(id)]).isEmpty
    }

    public func properties(ofRelationship id: Int64) throws -> [String: Value] {
        if let p = relPropsCache[id] { return p }
        let s = try statement("SELECT props FROM rels WHERE id = ?")
        try s.bind([.int(id)])
        guard try s.step() else { return [:] }
        let p = try GraphStore.decodeProperties(s.bytes(0))
        if relPropsCache.count > 100_000 { relPropsCache.removeAll(keepingCapacity: true) }
        relPropsCache[id] = p
        return p
    }

    public func nodeCount(label: String?) throws -> Int {
        guard let label else { return Int(try ints("SELECT count(*) FROM nodes", []).first ?? 0) }
        guard let lid = store.labelIDs[label] else { return 0 }
        return Int(try ints("SELECT count(*) FROM node_labels WHERE label = ?", [.int(lid)]).first ?? 0)
    }

    public func relationshipCount() throws -> Int {
        Int(try ints("SELECT count(*) FROM rels", []).first ?? 0)
    }

    /// Labels, relationship types and property keys in use.
    public func catalog() throws -> (labels: [String], types: [String], propertyKeys: [String]) {
        let labels = try ints("SELECT DISTINCT label FROM node_labels", []).compactMap { store.labelNames[$0] }.sorted()
        let types = try ints("SELECT DISTINCT type FROM rels", []).compactMap { store.typeNames[$0] }.sorted()
        let s = try statement("SELECT DISTINCT key FROM property_keys ORDER BY key")
        try s.bind([])
        var keys: [String] = []
        while try s.step() { keys.append(s.text(0)) }
        return (labels, types, keys)
    }

    // MARK: writes

    private func checkWritable() throws {
        if readOnly { throw StoreError(code: .pathNotWritable, message: "this transaction is read-only") }
        wrote = true
    }

    private func recordKeys(_ props: [String: Value], kind: Int64, owners: [Int64]) throws {
        let s = try statement("INSERT OR IGNORE INTO property_keys(owner_kind, owner, key) VALUES(?, ?, ?)")
        for o in owners { for k in props.keys { try s.bind([.int(kind), .int(o), .text(k)]); try s.run() } }
    }

    private func writeKeys(node id: Int64, labels: [String], props: [String: Value]) throws {
        guard let schema = validator?.schema else { return }
        let del = try statement("DELETE FROM node_keys WHERE node = ?")
        try del.bind([.int(id)]); try del.run()
        let ins = try statement("INSERT INTO node_keys(class, key, value, node) VALUES(?, ?, ?, ?)")
        for (cls, key) in schema.keys(for: labels) {
            guard let value = props[key] else {
                throw OntologyError(code: .missingKey, message: "\(cls) nodes need the key property '\(key)'")
            }
            let text = JSONWriter.string(value.propertyJSON)
            try ins.bind([.text(cls), .text(key), .text(text), .int(id)])
            let rc = ins.tryRun()
            if rc & 0xFF == SQLITE_CONSTRAINT {
                throw OntologyError(code: .duplicateKey, message: "another \(cls) already has this \(key) (owl:hasKey of \(cls))")
            } else if rc != SQLITE_DONE {
                throw store.db.error(rc, store.db.lastMessage)
            }
        }
    }

    public func createNode(labels: [String], properties: [String: Value]) throws -> Int64 {
        try checkWritable()
        var props = properties
        if let validator { props = try validator.validateNode(labels: labels, properties: props) }
        let id = nextNodeID
        nextNodeID += 1
        let s = try statement("INSERT INTO nodes(id, ext_space, ext_id, props) VALUES(?, NULL, NULL, ?)")
        try s.bind([.int(id), .text(BulkWriter.encode(props))]); try s.run()
        var lids: [Int64] = []
        for l in Set(labels) {
            let lid = try store.labelID(l)
            lids.append(lid)
            let ls = try statement("INSERT OR IGNORE INTO node_labels(label, node) VALUES(?, ?)")
            try ls.bind([.int(lid), .int(id)]); try ls.run()
        }
        try recordKeys(props, kind: 0, owners: lids)
        try writeKeys(node: id, labels: labels, props: props)
        nodePropsCache[id] = props
        return id
    }

    public func createRelationship(type: String, start: Int64, end: Int64, properties: [String: Value]) throws -> RelationshipRef {
        try checkWritable()
        var props = properties
        if let validator {
            props = try validator.validateRelationship(type: type, startLabels: try labels(ofNode: start), endLabels: try labels(ofNode: end), properties: props)
        }
        let tid = try store.typeID(type)
        let id = nextRelID
        nextRelID += 1
        let s = try statement("INSERT INTO rels(id, type, src, dst, props) VALUES(?, ?, ?, ?, ?)")
        try s.bind([.int(id), .int(tid), .int(start), .int(end), .text(BulkWriter.encode(props))]); try s.run()
        try recordKeys(props, kind: 1, owners: [tid])
        relPropsCache[id] = props
        return RelationshipRef(id: id, type: type, start: start, end: end)
    }

    public func setProperties(ofNode id: Int64, _ properties: [String: Value]) throws {
        try checkWritable()
        var props = properties
        let labels = try labels(ofNode: id)
        if let validator { props = try validator.validateNode(labels: labels, properties: props) }
        let s = try statement("UPDATE nodes SET props = ? WHERE id = ?")
        try s.bind([.text(BulkWriter.encode(props)), .int(id)]); try s.run()
        try recordKeys(props, kind: 0, owners: labels.compactMap { store.labelIDs[$0] })
        try writeKeys(node: id, labels: labels, props: props)
        nodePropsCache[id] = props
    }

    public func setProperties(ofRelationship id: Int64, _ properties: [String: Value]) throws {
        try checkWritable()
        var props = properties
        if let validator {
            let s = try statement("SELECT type, src, dst FROM rels WHERE id = ?")
            try s.bind([.int(id)])
            if try s.step() {
                let type = store.typeNames[s.int(0)] ?? "", src = s.int(1), dst = s.int(2)
                props = try validator.validateRelationship(type: type, startLabels: try labels(ofNode: src), endLabels: try labels(ofNode: dst), properties: props)
            }
        }
        let s = try statement("UPDATE rels SET props = ? WHERE id = ?")
        try s.bind([.text(BulkWriter.encode(props)), .int(id)]); try s.run()
        relPropsCache[id] = props
    }

    public func addLabels(_ labels: [String], toNode id: Int64) throws {
        try checkWritable()
        let all = Array(Set(try self.labels(ofNode: id) + labels)).sorted()
        let props = try properties(ofNode: id)
        if let validator { _ = try validator.validateNode(labels: all, properties: props) }
        for l in labels {
            let lid = try store.labelID(l)
            let s = try statement("INSERT OR IGNORE INTO node_labels(label, node) VALUES(?, ?)")
            try s.bind([.int(lid), .int(id)]); try s.run()
        }
        try writeKeys(node: id, labels: all, props: props)
    }

    public func removeLabels(_ labels: [String], fromNode id: Int64) throws {
        try checkWritable()
        for l in labels {
            guard let lid = store.labelIDs[l] else { continue }
            let s = try statement("DELETE FROM node_labels WHERE label = ? AND node = ?")
            try s.bind([.int(lid), .int(id)]); try s.run()
        }
        try writeKeys(node: id, labels: try self.labels(ofNode: id), props: try properties(ofNode: id))
    }

    public func deleteNode(_ id: Int64) throws {
        try checkWritable()
        for sql in ["DELETE FROM nodes WHERE id = ?", "DELETE FROM node_labels WHERE node = ?", "DELETE FROM node_keys WHERE node = ?"] {
            let s = try statement(sql)
            try s.bind([.int(id)]); try s.run()
        }
        nodePropsCache[id] = nil
    }

    public func deleteRelationship(_ id: Int64) throws {
        try checkWritable()
        let s = try statement("DELETE FROM rels WHERE id = ?")
        try s.bind([.int(id)]); try s.run()
        relPropsCache[id] = nil
    }

    // MARK: end

    /// Commits; the store is then at a new graph version if anything was written.
    public func commit() throws {
        guard !finished else { return }
        do {
            if wrote {
                try store.setMeta("next_node_id", String(nextNodeID))
                try store.setMeta("next_rel_id", String(nextRelID))
                let version = (Int64(try store.meta("graph_version") ?? "0") ?? 0) + 1
                try store.setMeta("graph_version", String(version))
            }
            statements.removeAll()
            try store.db.execute("COMMIT")
            finished = true
            if wrote { store.cachedSnapshot = nil }
            store.lock.unlock()
        } catch {
            rollback()
            throw error
        }
    }

    /// Undoes everything this transaction wrote.
    public func rollback() {
        guard !finished else { return }
        finished = true
        statements.removeAll()
        try? store.db.execute("ROLLBACK")
        try? store.loadDictionaries()
        store.lock.unlock()
    }
}

extension GraphStore {
    /// Starts a query transaction; hold no other use of this store until it commits or rolls back.
    /// - Parameters:
    ///   - readOnly: a read transaction (SQLite deferred) that refuses writes.
    ///   - validator: the ontology validator for writes, or nil in schema-off mode.
    public func beginTransaction(readOnly: Bool, validator: SchemaValidator?) throws -> StoreTransaction {
        lock.lock()
        do { return try StoreTransaction(store: self, readOnly: readOnly, validator: validator) } catch { lock.unlock(); throw error }
    }
}
