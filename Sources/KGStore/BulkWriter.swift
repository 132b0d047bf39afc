import KGCore
import KGOntology
import Foundation

/// Writes many nodes and relationships in one transaction: the importers' and the demo
/// builder's way in.
///
/// Everything between `GraphStore.beginBulkWrite` and `commit()` is one store transaction, so
/// an import is all or nothing, also when the process is killed. Each `addNode` /
/// `addRelationship` either writes its element whole or throws without writing anything, so a
/// caller can reject a bad row and go on (`--skip-bad`). Rows go through the backend's
/// `BulkRowSink` (SQLite: `SQLiteRowSink`, which into an empty store drops the secondary
/// indexes and rebuilds them at commit, several times faster than maintaining them row by row).
public final class BulkWriter {
    /// Counts of what this session wrote.
    public struct Summary: Sendable, Equatable {
        public var nodesCreated = 0
        public var relationshipsCreated = 0
    }

    /// Relationships buffered before they are written in start-node order (see
    /// `PendingRelationships`); about 2 M rows or 256 MiB of properties at most.
    static let pendingLimit = 1 << 21
    static let pendingBytesLimit = 256 << 20

    let store: GraphStore
    let validator: SchemaValidator?
    private(set) public var summary = Summary()
    private var nextNodeID: Int64
    private var nextRelID: Int64
    /// The first node id of this session: session nodes are `firstNodeID..<nextNodeID`.
    private let firstNodeID: Int64
    /// External id spaces by name, and per space the ids imported in this session.
    private var spaceIndex: [String: Int] = [:]
    private var spaceNames: [String] = []
    private var spaceMaps: [ExternalIDMap] = []
    /// The label set of each node of this session, by `id - firstNodeID`.
    private var sessionLabelSets: [Int32] = []
    /// Label sets of older nodes looked up in this session.
    private var olderLabelSets: [Int64: Int32] = [:]
    /// PostgreSQL, appending to a store with data: the older nodes' external ids and labels are
    /// read once, by one streamed query each (per id space; the labels of every older node on
    /// the first look-up), instead of a round trip per row; SQLite looks each up in place.
    private let preloads: Bool
    private var loadedSpaces = Set<Int>()
    private var olderLabelsLoaded = false
    private var labelSets: [[String]] = []
    private var labelSetIDs: [[Int64]] = []
    private var labelSetIndex: [[String]: Int32] = [:]
    private var propertyKeys = Set<PropertyKeyEntry>()
    private var pending = PendingRelationships()
    /// Id spaces whose id column is also a property: space → "property|integer" or "property|string".
    private var idProperties: [String: String] = [:]
    private var finished = false
    /// Whether this session started on an empty store: its id maps then hold every node, and
    /// relationship files can be parsed away from the writer (`CSVRelationshipParser`).
    private(set) var startedEmpty = false
    /// Where the rows go: the backend's bulk path.
    private let sink: any BulkRowSink
    /// Whether a unique key is already taken in the store (SQLite's check; PostgreSQL preloads).
    private let findKey: any StoreStatement
    /// PostgreSQL: the keys of this session and the stored ones of each (class, key) used so far.
    private var takenKeys = Set<KeyEntry>()
    private var loadedKeyOwners = Set<[String]>()
    private let findExternal: any StoreStatement
    private let findLabels: any StoreStatement
    private let nodeExists: any StoreStatement

    struct PropertyKeyEntry: Hashable { let kind: Int64; let owner: Int64; let key: String }
    /// A unique key's value (`owl:hasKey`): class, property and the value's JSON text.
    struct KeyEntry: Hashable { let owner: String; let key: String; let value: String }

    init(store: GraphStore, validator: SchemaValidator?) throws {
        self.store = store
        self.validator = validator
        let db = store.db
        preloads = db.dialect.kind == .postgres
        let sink = try db.makeBulkSink(emptyStore: try Self.isEmpty(db))
        self.sink = sink
        do {
            try db.begin(.graphWrite, wait: .standard)
        } catch {
            sink.end()
            throw error
        }
        do {
            nextNodeID = Int64(try store.meta("next_node_id") ?? "0") ?? 0
            nextRelID = Int64(try store.meta("next_rel_id") ?? "0") ?? 0
            firstNodeID = nextNodeID
            findKey = try db.prepare("SELECT 1 FROM node_keys WHERE class = ? AND key = ? AND value = ?")
            findExternal = try db.prepare("SELECT id FROM nodes WHERE ext_space = ? AND ext_id = ?")
            findLabels = try db.prepare("SELECT l.name FROM node_labels nl JOIN labels l ON l.id = nl.label WHERE nl.node = ? ORDER BY l.name")
            nodeExists = try db.prepare("SELECT 1 FROM nodes WHERE id = ?")
            // Property columns: every one is dropped (this load may touch any label); the sink
            // suspends what would check each row until `commit` puts it back, in this same
            // transaction (a rollback or a kill restores it with everything else).
            try db.execute("DELETE FROM node_columns")
            let empty = try Self.isEmpty(db)
            startedEmpty = empty
            try sink.start(emptyStore: empty)
        } catch {
            db.rollback()
            sink.end()
            throw error
        }
    }

    private static func isEmpty(_ db: any StoreConnection) throws -> Bool {
        try db.scalar("SELECT (SELECT count(*) FROM (SELECT 1 FROM nodes LIMIT 1) AS n) + (SELECT count(*) FROM (SELECT 1 FROM rels LIMIT 1) AS r)")?.int == 0
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
        if let ext = externalID { try Self.refuseNUL(ext.space, "an id space"); try Self.refuseNUL(ext.id, "an id") }
        let space = externalID.map { self.space($0.space) }
        if let ext = externalID, let space, try resolveExternal(space: space, id: ext.id) != nil {
            throw Self.duplicate(ext.space, ext.id)
        }
        let id = nextNodeID
        let uniqueLabels = Array(Set(labels)).sorted()
        // Every key is checked before anything is written, so a refused node leaves nothing behind.
        var keys: [KeyEntry] = []
        if let schema = validator?.schema {
            for (cls, key) in schema.keys(for: uniqueLabels) {
                guard let value = props[key] else {
                    throw OntologyError(code: .missingKey, message: "\(cls) nodes need the key property '\(key)'")
                }
                let entry = KeyEntry(owner: cls, key: key, value: JSONWriter.string(value.propertyJSON))
                if try isTaken(entry) || keys.contains(entry) {
                    throw OntologyError(code: .duplicateKey, message: "another \(cls) already has \(key) = \(schema.isSensitive(key, labels: uniqueLabels) ? "(masked)" : entry.value) (owl:hasKey of \(cls))")
                }
                keys.append(entry)
            }
        }
        let labelSet = try internLabels(uniqueLabels)
        try writeNode(space: space, externalID: externalID?.id, labelSet: labelSet, encodedProperties: Self.encode(props))
        for entry in keys {
            try sink.key(class: entry.owner, key: entry.key, value: entry.value, node: id)
            if preloads { takenKeys.insert(entry) }
        }
        if let space, let ext = externalID { spaceMaps[space].set(ext.id, node: id) }
        for lid in labelSetIDs[Int(labelSet)] {
            for key in props.keys { propertyKeys.insert(PropertyKeyEntry(kind: 0, owner: lid, key: key)) }
        }
        return id
    }

    /// Adds a node whose row an importer has prepared: the fast path of free-form imports
    /// (no ontology validator), where nothing but the external id can be refused.
    /// - Parameters:
    ///   - space: from `space(_:)`, with `externalID`, or nil for a node without one.
    ///   - labelSet: from `internLabels(_:)`.
    ///   - encodedProperties: the property document (as `encode` writes it, keys sorted).
    /// - Throws: `ImportError.duplicateID`; nothing is written then.
    @discardableResult
    func addEncodedNode(space: Int?, externalID: String?, labelSet: Int32, encodedProperties: String) throws -> Int64 {
        precondition(validator == nil, "the encoded fast path is for free-form imports")
        if let space, let ext = externalID {
            try Self.refuseNUL(spaceNames[space], "an id space"); try Self.refuseNUL(ext, "an id")
            if preloads && !startedEmpty { try loadSpace(space) }
            if spaceMaps[space].insertNew(ext, node: nextNodeID) != nil { throw Self.duplicate(spaceNames[space], ext) }
            if !startedEmpty, !preloads, try storedExternal(space: space, id: ext) != nil {
                spaceMaps[space].remove(ext)
                throw Self.duplicate(spaceNames[space], ext)
            }
        }
        return try writeNode(space: space, externalID: externalID, labelSet: labelSet, encodedProperties: encodedProperties)
    }

    @discardableResult
    private func writeNode(space: Int?, externalID: String?, labelSet: Int32, encodedProperties: String) throws -> Int64 {
        let id = nextNodeID
        try sink.node(id: id, space: space.map { spaceNames[$0] }, externalID: externalID, properties: encodedProperties,
                      labels: labelSetIDs[Int(labelSet)])
        nextNodeID += 1
        sessionLabelSets.append(labelSet)
        summary.nodesCreated += 1
        return id
    }

    private static func duplicate(_ space: String, _ id: String) -> ImportError {
        ImportError(code: .duplicateID, message: "duplicate id '\(id)'\(space.isEmpty ? "" : " in id space \(space)"): another node was already imported with it")
    }

    /// Refuses text holding a NUL character, on every backend alike: PostgreSQL's TEXT cannot
    /// hold it, and a refusal there would end the whole import's transaction.
    static func refuseNUL(_ text: String, _ what: String) throws {
        guard text.utf8.contains(0) else { return }
        throw ImportError(code: .badValue, message: "\(what) holds a NUL character (U+0000), which the store cannot hold; remove it from the input")
    }

    /// Whether another node holds this key value. SQLite asks the store, which holds this session's
    /// keys too (the sink writes each at once); PostgreSQL reads the stored values of each (class,
    /// key) once and keeps this session's in memory (the sink sends them by `COPY`).
    private func isTaken(_ entry: KeyEntry) throws -> Bool {
        guard preloads else {
            try findKey.bind([.text(entry.owner), .text(entry.key), .text(entry.value)])
            defer { findKey.reset() }
            return try findKey.step()
        }
        if !startedEmpty, loadedKeyOwners.insert([entry.owner, entry.key]).inserted {
            let s = try store.db.prepare("SELECT value FROM node_keys WHERE class = ? AND key = ?", streaming: true)
            try s.bind([.text(entry.owner), .text(entry.key)])
            while try s.step() { takenKeys.insert(KeyEntry(owner: entry.owner, key: entry.key, value: s.text(0))) }
        }
        return takenKeys.contains(entry)
    }

    /// The index of a label set (sorted, unique names), creating its labels as needed.
    func internLabels(_ labels: [String]) throws -> Int32 {
        if let i = labelSetIndex[labels] { return i }
        for label in labels { try Self.refuseNUL(label, "a label") }
        let ids = try labels.map { try store.labelID($0) }
        let i = Int32(labelSets.count)
        labelSets.append(labels)
        labelSetIDs.append(ids)
        labelSetIndex[labels] = i
        return i
    }

    /// The index of an external id space.
    func space(_ name: String) -> Int {
        if let i = spaceIndex[name] { return i }
        spaceIndex[name] = spaceNames.count
        spaceNames.append(name)
        spaceMaps.append(ExternalIDMap())
        return spaceNames.count - 1
    }

    /// The type id of a relationship type, creating it as needed.
    func typeID(_ name: String) throws -> Int64 {
        try Self.refuseNUL(name, "a relationship type")
        return try store.typeID(name)
    }

    /// Records that nodes of `labelSet` carry the property `keys` (for `db.propertyKeys()` and
    /// statistics), for importers that use the encoded fast path.
    func notePropertyKeys(labelSet: Int32, keys: [String]) {
        for lid in labelSetIDs[Int(labelSet)] {
            for key in keys { propertyKeys.insert(PropertyKeyEntry(kind: 0, owner: lid, key: key)) }
        }
    }

    /// Records that relationships of type `typeID` carry the property `keys`.
    func noteRelationshipKeys(typeID: Int64, keys: [String]) {
        for key in keys { propertyKeys.insert(PropertyKeyEntry(kind: 1, owner: typeID, key: key)) }
    }

    /// The node id for an external id, from this session or the store.
    public func resolveExternal(_ ext: ExternalID) throws -> Int64? {
        try resolveExternal(space: space(ext.space), id: ext.id)
    }

    /// The node id for an external id in a space from `space(_:)`.
    func resolveExternal(space: Int, id: String) throws -> Int64? {
        if let node = spaceMaps[space][id] { return node }
        // Into a store that was empty, this session's map is complete (and the index is dropped).
        if startedEmpty { return nil }
        guard preloads else { return try storedExternal(space: space, id: id) }
        guard !loadedSpaces.contains(space) else { return nil }
        try loadSpace(space)
        return spaceMaps[space][id]
    }

    /// Adds the older nodes of an id space to its map (once per space and session).
    private func loadSpace(_ space: Int) throws {
        guard loadedSpaces.insert(space).inserted else { return }
        let s = try store.db.prepare("SELECT ext_id, id FROM nodes WHERE ext_space = ? AND ext_id IS NOT NULL AND id < ?", streaming: true)
        try s.bind([.text(spaceNames[space]), .int(firstNodeID)])
        while try s.step() { spaceMaps[space].set(s.text(0), node: s.int(1)) }
    }

    /// Reads the label set of every older node (once per session).
    private func loadOlderLabels() throws {
        olderLabelsLoaded = true
        let s = try store.db.prepare("""
            SELECT n.id, \(store.db.dialect.labelList("nl.label")) FROM nodes n LEFT JOIN node_labels nl ON nl.node = n.id
            WHERE n.id < ? GROUP BY n.id
            """, streaming: true)
        try s.bind([.int(firstNodeID)])
        while try s.step() {
            let names = s.isNull(1) ? [] : s.text(1).split(separator: ",").compactMap { Int64($0).flatMap { store.labelNames[$0] } }
            olderLabelSets[s.int(0)] = try internLabels(Array(Set(names)).sorted())
        }
    }

    private func storedExternal(space: Int, id: String) throws -> Int64? {
        try findExternal.bind([.text(spaceNames[space]), .text(id)])
        defer { findExternal.reset() }
        return try findExternal.step() ? findExternal.int(0) : nil
    }

    /// The labels of a node written in this session or earlier.
    func labels(of node: Int64) throws -> [String]? {
        if node >= firstNodeID && node < nextNodeID { return labelSets[Int(sessionLabelSets[Int(node - firstNodeID)])] }
        if let set = olderLabelSets[node] { return labelSets[Int(set)] }
        if startedEmpty || olderLabelsLoaded { return nil }
        if preloads {
            try loadOlderLabels()
            return olderLabelSets[node].map { labelSets[Int($0)] }
        }
        try nodeExists.bind([.int(node)])
        let exists = try nodeExists.step()
        nodeExists.reset()
        guard exists else { return nil }
        try findLabels.bind([.int(node)])
        var out: [String] = []
        while try findLabels.step() { out.append(findLabels.text(0)) }
        findLabels.reset()
        olderLabelSets[node] = try internLabels(out)
        return out
    }

    /// Adds a relationship between two existing nodes (by stable id).
    ///
    /// Relationships are buffered and written in (start, type, end) order when the buffer fills
    /// or at commit; their ids are assigned then, in that order.
    /// - Throws: `ImportError.missingEndpoint` if a node does not exist, `OntologyError` if the
    ///   ontology refuses it; nothing is written then.
    public func addRelationship(type: String, start: Int64, end: Int64, properties: [String: Value]) throws {
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
        let tid = try typeID(type)
        for key in props.keys { propertyKeys.insert(PropertyKeyEntry(kind: 1, owner: tid, key: key)) }
        try addEncodedRelationship(typeID: tid, start: start, end: end, encodedProperties: Self.encode(props))
    }

    /// Adds a relationship an importer has prepared: endpoints resolved through
    /// `resolveExternal` (so they exist), type from `typeID(_:)`, properties encoded; free-form
    /// imports only (the ontology checks endpoint classes in `addRelationship`).
    func addEncodedRelationship(typeID: Int64, start: Int64, end: Int64, encodedProperties: String) throws {
        pending.append(start: start, type: typeID, end: end, properties: encodedProperties)
        summary.relationshipsCreated += 1
        if pending.count >= Self.pendingLimit || pending.propertyBytes >= Self.pendingBytesLimit { try flushRelationships() }
    }

    /// The ids of an external id space imported so far (a copy, for parser threads).
    func externalIDs(space name: String) -> ExternalIDMap { spaceMaps[space(name)] }

    /// Adds relationships a parser prepared, their types numbered by `typeNames`.
    /// - Returns: the type ids of `typeNames`.
    @discardableResult
    func addParsed(_ parsed: PendingRelationships, typeNames: [String]) throws -> [Int64] {
        let typeIDs = try typeNames.map { try typeID($0) }
        pending.append(contentsOf: parsed, typeIDs: typeIDs)
        summary.relationshipsCreated += parsed.count
        if pending.count >= Self.pendingLimit || pending.propertyBytes >= Self.pendingBytesLimit { try flushRelationships() }
        return typeIDs
    }

    /// Writes the buffered relationships in (start, type, end) order through the sink; their
    /// ids are assigned in that order.
    private func flushRelationships() throws {
        guard pending.count > 0 else { return }
        pending.sort()
        try sink.relationships(pending, firstID: nextRelID)
        nextRelID += Int64(pending.count)
        pending.removeAll()
    }

    /// Records that nodes of id space `space` carry their id in `property` (an index then serves
    /// look-ups of that property through the external-id index).
    public func recordIDProperty(space: String, property: String, integer: Bool) {
        guard !space.isEmpty else { return }
        idProperties[space] = property + (integer ? "|integer" : "|string")
    }

    /// Writes buffered relationships, rebuilds dropped indexes, records counters and commits.
    /// - Throws: `StoreError` if the commit fails; the store is then unchanged.
    public func commit() throws {
        guard !finished else { return }
        do {
            var trace = ImportTrace()
            try sink.flushNodes()
            try flushRelationships()
            trace.mark("write relationships")
            try sink.finish { trace.mark($0) }
            let pk = try store.db.prepare("INSERT INTO property_keys(owner_kind, owner, key) VALUES(?, ?, ?) ON CONFLICT DO NOTHING")
            for e in propertyKeys { try pk.bind([.int(e.kind), .int(e.owner), .text(e.key)]); try pk.run() }
            for (space, value) in idProperties { try store.setMeta("id_property:" + space, value) }
            try store.recordStructureChange()
            try store.recordWrite(nextNodeID: nextNodeID, nextRelationshipID: nextRelID)
            try store.db.commit()
            sink.end()
            trace.mark("commit")
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
        pending.removeAll()
        store.db.rollback()
        sink.end()
        try? store.loadDictionaries()
    }

    /// The property document: keys sorted, values in the property encoding.
    static func encode(_ props: [String: Value]) -> String {
        if props.isEmpty { return "{}" }
        var out = "{"
        for (i, key) in props.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            JSONWriter.writeString(key, into: &out)
            out += ":"
            props[key]!.writePropertyJSON(into: &out)
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
        let id = try db.insertReturningID("INSERT INTO labels(name) VALUES(?) RETURNING id", [.text(name)])
        labelIDs[name] = id; labelNames[id] = name
        return id
    }

    func typeID(_ name: String) throws -> Int64 {
        if let id = typeIDs[name] { return id }
        let id = try db.insertReturningID("INSERT INTO rel_types(name) VALUES(?) RETURNING id", [.text(name)])
        typeIDs[name] = id; typeNames[id] = name
        return id
    }
}
