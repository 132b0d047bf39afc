import KGCore

extension GraphStore {
    /// Calls `body` for every node in id order, streaming (never all in memory).
    public func forEachNode(_ body: (StoredNode) throws -> Void) throws {
        try withLock {
            let s = try db.prepare("""
                SELECT n.id, n.ext_space, n.ext_id, n.props, \(db.dialect.labelList("nl.label")) FROM nodes n
                LEFT JOIN node_labels nl ON nl.node = n.id GROUP BY n.id ORDER BY n.id
                """, streaming: true)
            try scanNodes(s, body)
        }
    }

    /// Calls `body` for every relationship in id order, streaming.
    public func forEachRelationship(_ body: (StoredRelationship) throws -> Void) throws {
        try withLock {
            let s = try db.prepare("SELECT id, type, src, dst, props FROM rels ORDER BY id", streaming: true)
            try scanRelationships(s, body)
        }
    }

    /// The loop of `forEachNode(_:)`, generic over the backend's statement.
    private func scanNodes<S: StoreStatement>(_ s: S, _ body: (StoredNode) throws -> Void) throws {
        while try s.step() { try body(try decodeNode(s)) }
    }

    /// The loop of `forEachRelationship(_:)`, generic over the backend's statement.
    private func scanRelationships<S: StoreStatement>(_ s: S, _ body: (StoredRelationship) throws -> Void) throws {
        while try s.step() {
            try body(StoredRelationship(id: s.int(0), type: typeNames[s.int(1)] ?? "?", start: s.int(2), end: s.int(3),
                                        properties: try Self.decodeProperties(s.bytes(4))))
        }
    }

    /// Calls `body` with the id and properties of every node with `label`, in id order, streaming.
    public func forEachNode(label: String, _ body: (Int64, [String: Value]) throws -> Void) throws {
        try withLock {
            let s = try db.prepare("""
                SELECT n.id, n.props FROM node_labels nl JOIN nodes n ON n.id = nl.node
                WHERE nl.label = (SELECT id FROM labels WHERE name = ?) ORDER BY n.id
                """, streaming: true)
            try s.bind([.text(label)])
            while try s.step() { try body(s.int(0), try Self.decodeProperties(s.bytes(1))) }
        }
    }

    /// Calls `body` with the start and end node of every relationship of `type`, in id order, streaming.
    public func forEachRelationship(type: String, _ body: (_ start: Int64, _ end: Int64) throws -> Void) throws {
        try withLock {
            let s = try db.prepare("SELECT src, dst FROM rels WHERE type = (SELECT id FROM rel_types WHERE name = ?) ORDER BY id", streaming: true)
            try s.bind([.text(type)])
            while try s.step() { try body(s.int(0), s.int(1)) }
        }
    }

    /// The node with a stable id, or nil.
    public func node(id: Int64) throws -> StoredNode? {
        try withLock {
            let s = try db.prepare("""
                SELECT n.id, n.ext_space, n.ext_id, n.props, (SELECT \(db.dialect.labelList("label")) FROM node_labels WHERE node = n.id)
                FROM nodes n WHERE n.id = ?
                """)
            try s.bind([.int(id)])
            return try s.step() ? try decodeNode(s) : nil
        }
    }

    /// The node imported with an external id, or nil.
    public func nodeID(external: ExternalID) throws -> Int64? {
        try withLock {
            try db.scalar("SELECT id FROM nodes WHERE ext_space = ? AND ext_id = ?", [.text(external.space), .text(external.id)])?.int
        }
    }

    /// The node of a class with a key value (`Enterprise`, `uscc`, "91450…"), through the key index.
    public func nodeID(className: String, key: String, value: Value) throws -> Int64? {
        try withLock {
            try db.scalar("SELECT node FROM node_keys WHERE class = ? AND key = ? AND value = ?",
                          [.text(className), .text(key), .text(JSONWriter.string(value.propertyJSON))])?.int
        }
    }

    private func decodeNode<S: StoreStatement>(_ s: S) throws -> StoredNode {
        let labelIDs = s.isNull(4) ? [] : s.text(4).split(separator: ",").compactMap { Int64($0) }
        let ext = s.isNull(2) ? nil : ExternalID(space: s.text(1), id: s.text(2))
        return StoredNode(id: s.int(0), labels: labelIDs.compactMap { labelNames[$0] }.sorted(),
                          properties: try Self.decodeProperties(s.bytes(3)), externalID: ext)
    }

    static func decodeProperties(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [String: Value] {
        if bytes.count <= 2 { return [:] }
        return try PropertyDecoder.decodeAll(bytes)
    }
}
