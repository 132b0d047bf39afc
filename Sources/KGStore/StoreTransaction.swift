import KGCore
import KGOntology
import Foundation

/// One query's transaction on the store: the element-level reads and writes the Cypher
/// executor needs, applied directly inside a store transaction (so reads see the
/// transaction's own writes, and `rollback` — or a killed process — undoes everything).
///
/// In ontology mode every write is validated (labels, types, properties, endpoint classes,
/// identifiers) and the key index `node_keys` is maintained. Holds the store's lock from
/// `GraphStore.beginTransaction` until `commit` or `rollback`.
public final class StoreTransaction {
    let store: GraphStore
    let validator: SchemaValidator?
    private var finished = false
    private var statements: [String: any StoreStatement] = [:]
    var nodePropsCache: [Int64: [String: Value]] = [:]
    var relPropsCache: [Int64: [String: Value]] = [:]
    /// Labels read ahead by `prefetchNodes` (sorted); writes that change a node's labels drop its entry.
    var nodeLabelsCache: [Int64: [String]] = [:]
    /// `nodeIDs(label:)` answers (key nil: all nodes), kept on PostgreSQL; emptied by every write
    /// that creates or deletes a node or changes labels.
    private var nodeIDsCache: [String?: [Int64]] = [:]
    /// Relationships of nodes read ahead by `prefetchAdjacency` (PostgreSQL), by the shape of the
    /// read (directions, types); emptied by every write that creates or deletes a relationship.
    var adjacencyCache: [AdjacencyShape: [Int64: [RelationshipRef]]] = [:]
    /// How many relationships `adjacencyCache` holds (it is emptied past `adjacencyCacheLimit`).
    var adjacencyCacheCount = 0
    /// The `property_keys` rows this transaction has written (`recordKeys`).
    private var recordedKeys: Set<RecordedKey> = []
    private var nextNodeID: Int64
    private var nextRelID: Int64
    private(set) var wrote = false
    private var keyIndexCache: [String: Bool] = [:]
    private var indexKindCache: [String: IndexKind] = [:]
    public let readOnly: Bool
    /// The graph version this transaction reads.
    let startVersion: String?
    /// The committed state this transaction reads, as an adjacency is stamped.
    let adjacencyStamp: CSRAdjacency.Stamp
    /// The adjacency of that state, if the store has it (SQLite); used until this transaction writes.
    var adjacency: CSRAdjacency?
    /// Whether `GOVBRAIN_ADJACENCY=build` already had this transaction build one (`servingAdjacency`).
    var builtAdjacency = false
    /// The label bits of the last label list `csrHasLabels` was asked about (a query tests the same
    /// labels on every row: one dictionary lookup per label for the whole query).
    var csrLabelTest: (labels: [String], test: CSRLabelTest)?
    /// Whether this transaction deleted a node or relationship or changed labels (the store's
    /// `structure_changes` counter moves at commit).
    private var changedStructure = false
    /// Property columns a reading transaction built, stored after it ends (`storePendingColumns`).
    var pendingColumns: [(label: Int64, key: String, column: PropertyColumn)] = []

    init(store: GraphStore, readOnly: Bool, validator: SchemaValidator?) throws {
        self.store = store
        self.readOnly = readOnly
        self.validator = validator
        try store.db.begin(readOnly ? .snapshotRead : .graphWrite, wait: .standard)
        // One statement for the three counters (a round trip each on PostgreSQL). A failure here
        // ends the transaction: an initializer that throws runs no deinit, and a connection left
        // "in a transaction" would never reconnect.
        var counters: [String: String] = [:]
        do {
            for row in try store.db.rows("SELECT key, value FROM meta WHERE key IN ('next_node_id', 'next_rel_id', 'graph_version', 'structure_changes')") {
                if let key = row[0].text, let value = row[1].text { counters[key] = value }
            }
        } catch {
            store.db.rollback()
            throw error
        }
        // Every store has its counters. None: on PostgreSQL, a restore replaced the tables after
        // this transaction's snapshot was taken and before its first read (the new tables' rows are
        // not in the snapshot): an empty store would be read. Refused as busy: the next try sees them.
        guard !counters.isEmpty else {
            store.db.rollback()
            throw StoreError(code: .busy, message: "the store was being replaced (a restore) while this transaction began; try again")
        }
        nextNodeID = Int64(counters["next_node_id"] ?? "0") ?? 0
        nextRelID = Int64(counters["next_rel_id"] ?? "0") ?? 0
        startVersion = counters["graph_version"]
        adjacencyStamp = CSRAdjacency.Stamp(structureChanges: Int64(counters["structure_changes"] ?? "0") ?? 0, nextNodeID: nextNodeID, nextRelationshipID: nextRelID)
        adjacency = store.db.dialect.kind == .sqlite ? store.adjacencyProvider.adjacency(for: adjacencyStamp) : nil
        // A reader's dictionaries may predate labels and types another connection added since.
        if store.dictionaryVersion != startVersion {
            do { try store.loadDictionaries() } catch { store.db.rollback(); throw error }
            store.dictionaryVersion = startVersion
        }
    }

    deinit { if !finished { rollback() } }

    /// How many statements this transaction has asked for (`statement(_:)`; each is then run once):
    /// on PostgreSQL each is a round trip, so tests count them.
    package private(set) var statementCount = 0

    /// A cached prepared statement, reset for reuse.
    func statement(_ sql: String) throws -> any StoreStatement {
        statementCount += 1
        if let s = statements[sql] { s.reset(); return s }
        let s = try store.db.prepare(sql)
        statements[sql] = s
        return s
    }

    private func ints(_ sql: String, _ args: [StoreValue]) throws -> [Int64] {
        let s = try statement(sql)
        try s.bind(args)
        var out: [Int64] = []
        while try s.step() { out.append(s.int(0)) }
        return out
    }

    // MARK: reads

    /// All node ids, or those with a label, ascending.
    ///
    /// Where a statement is a round trip (`prefersBatchedReads`), the answer is kept for the rest
    /// of the transaction (until it creates or deletes a node or changes labels): a label scan
    /// repeated for every input row (`UNWIND … MATCH (p:P)`) then reads the ids once.
    public func nodeIDs(label: String?) throws -> [Int64] {
        if let cached = nodeIDsCache[label] { return cached }
        let ids: [Int64]
        if let label {
            guard let lid = store.labelIDs[label] else { return [] }
            ids = try ints("SELECT node FROM node_labels WHERE label = ? ORDER BY node", [.int(lid)])
        } else {
            ids = try ints("SELECT id FROM nodes ORDER BY id", [])
        }
        if prefersBatchedReads { nodeIDsCache[label] = ids }
        return ids
    }

    /// How (label, key) can be looked up: an ontology key (`node_keys`), the id column of an
    /// import id space (`nodes_by_ext`), a declared property index, or not at all.
    enum IndexKind { case ontologyKey, externalID(integer: Bool), property, none }

    func indexKind(label: String, key: String) throws -> IndexKind {
        let cacheKey = label + "\u{0}" + key
        if let k = indexKindCache[cacheKey] { return k }
        let k = try computeIndexKind(label: label, key: key)
        indexKindCache[cacheKey] = k
        return k
    }

    private func computeIndexKind(label: String, key: String) throws -> IndexKind {
        if validator?.schema.keys(for: [label]).contains(where: { $0.0 == label && $0.1 == key }) == true { return .ontologyKey }
        if let idProp = try store.meta("id_property:" + label) {
            let parts = idProp.split(separator: "|").map(String.init)
            if parts.first == key { return .externalID(integer: parts.count > 1 && parts[1] == "integer") }
        }
        if try store.propertyIndexes().contains(where: { $0.label == label && $0.key == key }) { return .property }
        return .none
    }

    public func hasIndex(label: String, key: String) throws -> Bool {
        let cacheKey = label + "\u{0}" + key
        if let cached = keyIndexCache[cacheKey] { return cached }
        let has: Bool
        if case .none = try indexKind(label: label, key: key) { has = false } else { has = true }
        keyIndexCache[cacheKey] = has
        return has
    }

    /// The declared property indexes, the ontology keys and the import id columns.
    public func indexes() throws -> [(label: String, key: String)] {
        var out = try store.propertyIndexes()
        if let schema = validator?.schema {
            for cls in schema.classes.keys.sorted() { for (c, k) in schema.keys(for: [cls]) where c == cls { out.append((cls, k)) } }
        }
        for row in try store.db.rows("SELECT key, value FROM meta WHERE key LIKE 'id_property:%'") {
            if let k = row[0].text, let v = row[1].text {
                out.append((String(k.dropFirst("id_property:".count)), String(v.split(separator: "|").first ?? "")))
            }
        }
        return out.sorted { ($0.label, $0.key) < ($1.label, $1.key) }
    }

    /// Nodes with `label` whose `key` equals `value`, through an index; nil when no index covers it.
    public func indexSeek(label: String, key: String, value: Value) throws -> [Int64]? {
        guard try hasIndex(label: label, key: key) else { return nil }
        guard let lid = store.labelIDs[label] else { return [] }
        switch try indexKind(label: label, key: key) {
        case .ontologyKey:
            return try ints("SELECT node FROM node_keys WHERE class = ? AND key = ? AND value = ?",
                            [.text(label), .text(key), .text(JSONWriter.string(value.propertyJSON))])
        case .externalID(let integer):
            let text: String
            switch value {
            case .int(let i) where integer: text = String(i)
            case .string(let s) where !integer: text = s
            case .double(let d) where integer && d == d.rounded() && abs(d) < 9e18: text = String(Int64(d))
            default: return []
            }
            return try ints("SELECT n.id FROM nodes n WHERE n.ext_space = ? AND n.ext_id = ? AND EXISTS (SELECT 1 FROM node_labels l WHERE l.label = ? AND l.node = n.id)",
                            [.text(label), .text(text), .int(lid)])
        case .property:
            guard let arg = store.db.dialect.propertyIndexArgument(value) else { return nil }
            // Written so that SQLite starts from the expression index, not from the label.
            return try ints("SELECT n.id FROM nodes n WHERE \(store.indexExpression(key)) = \(store.db.dialect.propertyIndexParameter) AND EXISTS (SELECT 1 FROM node_labels l WHERE l.label = ? AND l.node = n.id) ORDER BY n.id",
                            [arg, .int(lid)])
        case .none:
            return nil
        }
    }

    /// How many nodes `indexSeek` would find, counting at most `cap` (for a property index,
    /// entries of any label: an upper bound); nil when no index covers (label, key).
    public func indexSeekCount(label: String, key: String, value: Value, cap: Int) throws -> Int? {
        guard try hasIndex(label: label, key: key) else { return nil }
        guard case .property = try indexKind(label: label, key: key) else {
            return try indexSeek(label: label, key: key, value: value)?.count
        }
        guard let arg = store.db.dialect.propertyIndexArgument(value) else { return nil }
        return try ints("SELECT count(*) FROM (SELECT 1 FROM nodes n WHERE \(store.indexExpression(key)) = \(store.db.dialect.propertyIndexParameter) LIMIT ?) AS hits",
                        [arg, .int(Int64(cap))]).first.map(Int.init)
    }

    public func createIndex(label: String, key: String) throws {
        try checkWritable()
        try store.createPropertyIndex(label: label, key: key)
        keyIndexCache.removeAll(); indexKindCache.removeAll()
    }

    public func dropIndex(label: String, key: String) throws {
        try checkWritable()
        try store.dropPropertyIndex(label: label, key: key)
        keyIndexCache.removeAll(); indexKindCache.removeAll()
    }

    public func nodeExists(_ id: Int64) throws -> Bool {
        try !ints("SELECT id FROM nodes WHERE id = ?", [.int(id)]).isEmpty
    }

    public func labels(ofNode id: Int64) throws -> [String] {
        if let cached = nodeLabelsCache[id] { return cached }
        let labels = try ints("SELECT label FROM node_labels WHERE node = ?", [.int(id)]).compactMap { store.labelNames[$0] }.sorted()
        // Kept like properties: a caller checking each property of a node against its labels
        // (masking) asks again and again, a round trip each on PostgreSQL. Label writes clear it.
        if nodeLabelsCache.count > 100_000 { nodeLabelsCache.removeAll(keepingCapacity: true) }
        nodeLabelsCache[id] = labels
        return labels
    }

    /// Whether a node has every one of `labels`: one primary-key look-up per label.
    public func hasLabels(_ node: Int64, _ labels: [String]) throws -> Bool {
        if let csr = servingAdjacency, let answer = csrHasLabels(csr, node, labels) { return answer }
        if let cached = nodeLabelsCache[node] { return labels.allSatisfy(cached.contains) }
        for label in labels {
            guard let lid = store.labelIDs[label] else { return false }
            if try ints("SELECT 1 FROM node_labels WHERE label = ? AND node = ?", [.int(lid), .int(node)]).isEmpty { return false }
        }
        return true
    }

    public func properties(ofNode id: Int64) throws -> [String: Value] {
        if let p = nodePropsCache[id] { return p }
        let p = try withRawProperties(ofNode: id) { try GraphStore.decodeProperties($0) } ?? [:]
        if nodePropsCache.count > 100_000 { nodePropsCache.removeAll(keepingCapacity: true) }
        nodePropsCache[id] = p
        return p
    }

    private func invalidateWindow(_ id: Int64) {
        if id == recentID { recentID = -1 }
        if let first = windowIDs.first, id >= first, id <= windowIDs[windowIDs.count - 1] {
            windowIDs.removeAll(); windowOffsets.removeAll(); windowBytes.removeAll()
        }
    }

    /// One property of a node, decoding only that key.
    public func property(ofNode id: Int64, key: String) throws -> Value? {
        if let p = nodePropsCache[id] { return p[key] }
        return try withRawProperties(ofNode: id) { bytes in
            bytes.count <= 2 ? nil : try PropertyDecoder.decode(key: key, in: bytes)
        } ?? nil
    }

    /// Raw property documents read ahead in id order: a scan that touches nodes in ascending,
    /// nearly consecutive ids reads them in windows (32 documents, doubling up to 512 while the
    /// scan uses at least half of each window) instead of one statement per node. Sparse
    /// ascending access (an index seek's nodes spread over the store) stays one look-up each.
    private var windowIDs: [Int64] = []
    private var windowOffsets: [Int] = []
    private var windowBytes: [UInt8] = []
    private var windowHits = 0
    private var windowLimit = 32
    private var lastMiss: Int64 = -10

    private func withRawProperties<T>(ofNode id: Int64, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T? {
        if let first = windowIDs.first, id >= first, id <= windowIDs[windowIDs.count - 1] {
            var lo = 0, hi = windowIDs.count
            while lo < hi { let mid = (lo + hi) / 2; if windowIDs[mid] < id { lo = mid + 1 } else { hi = mid } }
            if lo < windowIDs.count, windowIDs[lo] == id {
                windowHits += 1
                return try windowBytes.withUnsafeBufferPointer { all in
                    try body(UnsafeBufferPointer(rebasing: all[windowOffsets[lo]..<windowOffsets[lo + 1]]))
                }
            }
        }
        let nearLastMiss = id > lastMiss && id - lastMiss <= 8
        let afterWindow = windowIDs.last.map { id > $0 && id - $0 <= 8 } ?? false
        lastMiss = id
        if nearLastMiss || afterWindow {
            let wellUsed = !windowIDs.isEmpty && windowHits * 2 >= windowIDs.count
            windowLimit = wellUsed ? min(512, windowLimit * 2) : 32
            windowHits = 1
            windowIDs.removeAll(keepingCapacity: true)
            windowOffsets.removeAll(keepingCapacity: true)
            windowBytes.removeAll(keepingCapacity: true)
            windowOffsets.append(0)
            let s = try statement("SELECT id, props FROM nodes WHERE id >= ? ORDER BY id LIMIT ?")
            try s.bind([.int(id), .int(Int64(windowLimit))])
            while try s.step() {
                windowIDs.append(s.int(0))
                windowBytes.append(contentsOf: s.bytes(1))
                windowOffsets.append(windowBytes.count)
            }
            if windowIDs.first == id {
                return try windowBytes.withUnsafeBufferPointer { all in try body(UnsafeBufferPointer(rebasing: all[0..<windowOffsets[1]])) }
            }
            return nil
        }
        if id == recentID { return try recentBytes.withUnsafeBufferPointer(body) }
        let s = try statement("SELECT props FROM nodes WHERE id = ?")
        try s.bind([.int(id)])
        guard try s.step() else { return nil }
        recentID = id
        recentBytes = Array(s.bytes(0))
        return try recentBytes.withUnsafeBufferPointer(body)
    }

    /// The last node read outside a window (a row usually reads several properties of one node).
    private var recentID: Int64 = -1
    private var recentBytes: [UInt8] = []

    /// Relationships at a node: outgoing, incoming, or both (a self-loop once), each direction
    /// in the order of its index: (type, far end, id). On PostgreSQL the answer comes from
    /// `adjacencyCache`, read ahead for many nodes at once or else for this node alone, with
    /// that order made explicit (see `StoreTransaction+Adjacency.swift`).
    public func relationships(of node: Int64, outgoing: Bool, incoming: Bool, types: [String]) throws -> [RelationshipRef] {
        var typeFilter: Set<Int64>?
        if !types.isEmpty {
            typeFilter = Set(types.compactMap { store.typeIDs[$0] })
            if typeFilter!.isEmpty { return [] }
        }
        if let csr = servingAdjacency, let rels = csrRelationships(csr, of: node, outgoing: outgoing, incoming: incoming, types: typeFilter) {
            return rels
        }
        if prefersBatchedReads {
            let shape = AdjacencyShape(outgoing: outgoing, incoming: incoming, types: typeFilter.map { $0.sorted() })
            if let cached = adjacencyCache[shape]?[node] { return cached }
            try readAdjacency(of: [node], shape)
            return adjacencyCache[shape]?[node] ?? []
        }
        var out: [RelationshipRef] = []
        // One type: the (node, type) prefix of the index; otherwise all of the node's entries.
        // No ORDER BY: the index order is fine and a sort per node would cost more than the read.
        let single = typeFilter.flatMap { $0.count == 1 ? $0.first : nil }
        if outgoing {
            let s = try statement(single == nil ? "SELECT id, type, dst FROM rels WHERE src = ?" : "SELECT id, type, dst FROM rels WHERE src = ? AND type = ?")
            try s.bind(single.map { [.int(node), .int($0)] } ?? [.int(node)])
            while try s.step() {
                let t = s.int(1)
                if let typeFilter, !typeFilter.contains(t) { continue }
                out.append(RelationshipRef(id: s.int(0), type: store.typeNames[t] ?? "?", start: node, end: s.int(2)))
            }
        }
        if incoming {
            let s = try statement(single == nil ? "SELECT id, type, src FROM rels WHERE dst = ?" : "SELECT id, type, src FROM rels WHERE dst = ? AND type = ?")
            try s.bind(single.map { [.int(node), .int($0)] } ?? [.int(node)])
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

    /// How many relationships `relationships(of:outgoing:incoming:types:)` would return, counted
    /// on the (start, type, end) and (end, type, start) indexes without reading them.
    /// Read ahead (`prefetchAdjacency`), the count comes from memory.
    public func degree(of node: Int64, outgoing: Bool, incoming: Bool, types: [String]) throws -> Int {
        if let csr = servingAdjacency, let n = csrDegree(csr, of: node, outgoing: outgoing, incoming: incoming, types: types) { return n }
        var typeClause = ""
        if !types.isEmpty {
            let typeIDs = Array(Set(types.compactMap { store.typeIDs[$0] })).sorted()
            if typeIDs.isEmpty { return 0 }
            if let cached = adjacencyCache[AdjacencyShape(outgoing: outgoing, incoming: incoming, types: typeIDs)]?[node] { return cached.count }
            typeClause = " AND type IN (" + typeIDs.map(String.init).joined(separator: ",") + ")"
        } else if let cached = adjacencyCache[AdjacencyShape(outgoing: outgoing, incoming: incoming, types: nil)]?[node] {
            return cached.count
        }
        var n: Int64 = 0
        if outgoing { n += try ints("SELECT count(*) FROM rels WHERE src = ?" + typeClause, [.int(node)]).first ?? 0 }
        if incoming { n += try ints("SELECT count(*) FROM rels WHERE dst = ?" + typeClause, [.int(node)]).first ?? 0 }
        if outgoing && incoming {
            // A self-loop is one relationship of the node, not two.
            n -= try ints("SELECT count(*) FROM rels WHERE src = ? AND dst = ?" + typeClause, [.int(node), .int(node)]).first ?? 0
        }
        return Int(n)
    }

    /// The far ends of the relationships of all of `nodes`, 256 nodes to a statement
    /// (`IN (…)`: one index walk per node without a statement round trip each); a self-loop
    /// counts once when both directions are read.
    public func neighbors(ofAll nodes: [Int64], outgoing: Bool, incoming: Bool, types: [String]) throws -> [Int64] {
        var typeIDs: [Int64] = []
        if !types.isEmpty {
            typeIDs = Array(Set(types.compactMap { store.typeIDs[$0] })).sorted()
            if typeIDs.isEmpty { return [] }
        }
        if let csr = servingAdjacency, let ends = csrNeighbors(csr, ofAll: nodes, outgoing: outgoing, incoming: incoming, types: typeIDs) {
            return ends
        }
        var out: [Int64] = []
        var start = 0
        while start < nodes.count {
            let chunk = nodes[start..<min(nodes.count, start + 256)]
            let dialect = store.db.dialect
            for (column, key, wanted) in [("dst", "src", outgoing), ("src", "dst", incoming)] where wanted {
                let both = column == "src" && outgoing
                let typeClause = typeIDs.isEmpty ? "" : " AND type IN (" + typeIDs.map(String.init).joined(separator: ",") + ")"
                // SQLite walks an `IN` list in ascending order through the index: (node, type, far end, id).
                // PostgreSQL is given that order, so both backends list the far ends alike.
                let order = dialect.kind == .postgres ? " ORDER BY \(key), type, \(column), id" : ""
                let s = try statement("SELECT \(key), \(column) FROM rels WHERE \(dialect.inList(key, count: chunk.count))" + typeClause + order)
                try s.bind(dialect.inListArguments(chunk))
                while try s.step() {
                    if both && s.int(0) == s.int(1) { continue }
                    out.append(s.int(1))
                }
            }
            start += 256
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

    /// The node count, counted only up to `cap` (a bounded index walk instead of a full count).
    public func nodeCount(label: String?, cap: Int) throws -> Int {
        guard let label else { return Int(try ints("SELECT count(*) FROM (SELECT 1 FROM nodes LIMIT ?) AS hits", [.int(Int64(cap))]).first ?? 0) }
        guard let lid = store.labelIDs[label] else { return 0 }
        return Int(try ints("SELECT count(*) FROM (SELECT 1 FROM node_labels WHERE label = ? LIMIT ?) AS hits", [.int(lid), .int(Int64(cap))]).first ?? 0)
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

    /// Notes each (kind, owner, key) in `property_keys`, once per transaction: a write of many
    /// elements with the same keys (`UNWIND … CREATE`) sends the upsert once per key, not once
    /// per element (a round trip each on PostgreSQL).
    private func recordKeys(_ props: [String: Value], kind: Int64, owners: [Int64]) throws {
        for o in owners {
            for k in props.keys where recordedKeys.insert(RecordedKey(kind: kind, owner: o, key: k)).inserted {
                let upsert = try statement("INSERT INTO property_keys(owner_kind, owner, key) VALUES(?, ?, ?) ON CONFLICT DO NOTHING")
                try upsert.bind([.int(kind), .int(o), .text(k)]); try upsert.run()
            }
        }
    }

    /// A `property_keys` row this transaction has written.
    private struct RecordedKey: Hashable { let kind: Int64; let owner: Int64; let key: String }

    private func writeKeys(node id: Int64, labels: [String], props: [String: Value]) throws {
        guard let schema = validator?.schema else { return }
        let del = try statement("DELETE FROM node_keys WHERE node = ?")
        try del.bind([.int(id)]); try del.run()
        // No row back: the key is taken (a conflict is not an error, which would end a PostgreSQL transaction).
        let ins = try statement("INSERT INTO node_keys(class, key, value, node) VALUES(?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING node")
        for (cls, key) in schema.keys(for: labels) {
            guard let value = props[key] else {
                throw OntologyError(code: .missingKey, message: "\(cls) nodes need the key property '\(key)'")
            }
            let text = JSONWriter.string(value.propertyJSON)
            try ins.bind([.text(cls), .text(key), .text(text), .int(id)])
            let inserted = try ins.step()
            ins.reset()
            if !inserted {
                throw OntologyError(code: .duplicateKey, message: "another \(cls) already has this \(key) (owl:hasKey of \(cls))")
            }
        }
    }

    public func createNode(labels: [String], properties: [String: Value]) throws -> Int64 {
        try checkWritable()
        var props = properties
        if let validator { props = try validator.validateNode(labels: labels, properties: props) }
        let id = nextNodeID
        nextNodeID += 1
        changedStructure = true
        let lids = try Set(labels).map { try store.labelID($0) }
        if prefersBatchedReads && !lids.isEmpty {
            // PostgreSQL: the node and its labels in one statement (one round trip, not 1 + one per label).
            let s = try statement("""
                WITH created AS (INSERT INTO nodes(id, ext_space, ext_id, props) VALUES(?, NULL, NULL, ?) RETURNING id)
                INSERT INTO node_labels(label, node) SELECT l, created.id FROM created, unnest(?::int8[]) AS l ON CONFLICT DO NOTHING
                """)
            try s.bind([.int(id), .text(BulkWriter.encode(props)), .int64Array(lids)]); try s.run()
        } else {
            let s = try statement("INSERT INTO nodes(id, ext_space, ext_id, props) VALUES(?, NULL, NULL, ?)")
            try s.bind([.int(id), .text(BulkWriter.encode(props))]); try s.run()
            for lid in lids {
                let ls = try statement("INSERT INTO node_labels(label, node) VALUES(?, ?) ON CONFLICT DO NOTHING")
                try ls.bind([.int(lid), .int(id)]); try ls.run()
            }
        }
        try recordKeys(props, kind: 0, owners: lids)
        try writeKeys(node: id, labels: labels, props: props)
        nodePropsCache[id] = props
        nodeLabelsCache[id] = nil
        nodeIDsCache.removeAll()
        invalidateWindow(id)
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
        changedStructure = true
        let s = try statement("INSERT INTO rels(id, type, src, dst, props) VALUES(?, ?, ?, ?, ?)")
        try s.bind([.int(id), .int(tid), .int(start), .int(end), .text(BulkWriter.encode(props))]); try s.run()
        try recordKeys(props, kind: 1, owners: [tid])
        relPropsCache[id] = props
        dropAdjacency()
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
        invalidateWindow(id)
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
        changedStructure = true
        let all = Array(Set(try self.labels(ofNode: id) + labels)).sorted()
        nodeLabelsCache[id] = nil
        nodeIDsCache.removeAll()
        let props = try properties(ofNode: id)
        if let validator { _ = try validator.validateNode(labels: all, properties: props) }
        for l in labels {
            let lid = try store.labelID(l)
            let s = try statement("INSERT INTO node_labels(label, node) VALUES(?, ?) ON CONFLICT DO NOTHING")
            try s.bind([.int(lid), .int(id)]); try s.run()
        }
        try writeKeys(node: id, labels: all, props: props)
    }

    public func removeLabels(_ labels: [String], fromNode id: Int64) throws {
        try checkWritable()
        changedStructure = true
        nodeLabelsCache[id] = nil
        nodeIDsCache.removeAll()
        for l in labels {
            guard let lid = store.labelIDs[l] else { continue }
            let s = try statement("DELETE FROM node_labels WHERE label = ? AND node = ?")
            try s.bind([.int(lid), .int(id)]); try s.run()
        }
        try writeKeys(node: id, labels: try self.labels(ofNode: id), props: try properties(ofNode: id))
    }

    public func deleteNode(_ id: Int64) throws {
        try checkWritable()
        changedStructure = true
        for sql in ["DELETE FROM nodes WHERE id = ?", "DELETE FROM node_labels WHERE node = ?", "DELETE FROM node_keys WHERE node = ?"] {
            let s = try statement(sql)
            try s.bind([.int(id)]); try s.run()
        }
        nodePropsCache[id] = nil
        nodeLabelsCache[id] = nil
        nodeIDsCache.removeAll()
        invalidateWindow(id)
        dropAdjacency()
    }

    public func deleteRelationship(_ id: Int64) throws {
        try checkWritable()
        changedStructure = true
        let s = try statement("DELETE FROM rels WHERE id = ?")
        try s.bind([.int(id)]); try s.run()
        relPropsCache[id] = nil
        dropAdjacency()
    }

    // MARK: end

    /// Commits; the store is then at a new graph version if anything was written.
    public func commit() throws {
        guard !finished else { return }
        do {
            if wrote {
                if changedStructure { try store.recordStructureChange() }
                try store.recordWrite(nextNodeID: nextNodeID, nextRelationshipID: nextRelID)
            }
            statements.removeAll()
            try store.db.commit()
            finished = true
            if wrote { store.cachedSnapshot = nil; store.afterCommit() }
            storePendingColumns()
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
        store.db.rollback()
        try? store.loadDictionaries()
        store.lock.unlock()
    }
}

extension GraphStore {
    /// Starts a query transaction; hold no other use of this store until it commits or rolls back.
    /// - Parameters:
    ///   - readOnly: a snapshot read transaction (SQLite deferred) that refuses writes.
    ///   - validator: the ontology validator for writes, or nil in schema-off mode.
    public func beginTransaction(readOnly: Bool, validator: SchemaValidator?) throws -> StoreTransaction {
        lock.lock()
        do { return try StoreTransaction(store: self, readOnly: readOnly, validator: validator) } catch { lock.unlock(); throw error }
    }
}
