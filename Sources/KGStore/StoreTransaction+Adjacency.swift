import KGCore

/// Relationships of many nodes read with one statement, for the expansions of Cypher on the
/// backends where each statement is a round trip (PostgreSQL).
///
/// `MATCH (a)--(b)--(c)` from a hub with 3,000 neighbours asked the store for the
/// relationships of each `b`: 3,000 statements, ≈50 µs of round trip each and more in decoding
/// every cell of every row. The executor now hands the store the nodes of a batch of input rows
/// (or the next nodes a variable-length search will enter) and this reads their relationships
/// with one statement per `prefetchChunk` nodes: `= ANY(?)` with one `int8[]` bind, each
/// node's relationships packed by the server into one `bytea` (`int8send` of id, type and far
/// end), cut up in Swift as `CSRSnapshot+Packed.swift` does for the whole graph.
///
/// **Why this and not the CSR snapshot.** The store's `CSRSnapshot` would answer without any
/// statement, but only for a transaction that has written nothing and whose snapshot is the
/// one the CSR was built from; any write by any server makes it stale until a full rebuild
/// (seconds on PostgreSQL), and a transaction's own writes are never in it. These reads are
/// statements of the transaction itself: they see its snapshot and its own uncommitted writes
/// by construction, so the answer is the per-node read's in every case. Writes that create or
/// delete a relationship empty the cache (`dropAdjacency`).
///
/// **Order.** Each direction lists its relationships in SQLite's index order, (type, far end,
/// id), outgoing before incoming, a self-loop once: what the per-node read gives on SQLite, so
/// rows come out in the same order on both backends (PostgreSQL's per-node reads followed heap
/// order before: the same rows, in another order).
extension StoreTransaction {
    /// The shape of an adjacency read: which directions and which relationship types (sorted
    /// type ids; nil for every type).
    struct AdjacencyShape: Hashable {
        let outgoing: Bool
        let incoming: Bool
        let types: [Int64]?
    }

    /// Relationships the cache holds at most; past it, it is emptied before the next read
    /// (≈80 bytes each: a batch of hubs must not hold a whole large graph in memory).
    static let adjacencyCacheLimit = 500_000

    /// Reads ahead the relationships of `nodes` not cached yet for this shape, a statement per
    /// `prefetchChunk` nodes, so that `relationships(of:outgoing:incoming:types:)` and `degree`
    /// answer from memory. Does nothing where statements are cheap (`prefersBatchedReads` false:
    /// SQLite), since the per-node reads cost about a microsecond there.
    /// - Throws: `StoreError` when a statement fails.
    public func prefetchAdjacency(of nodes: [Int64], outgoing: Bool, incoming: Bool, types: [String]) throws {
        guard prefersBatchedReads, outgoing || incoming else { return }
        var typeIDs: [Int64]?
        if !types.isEmpty {
            typeIDs = Array(Set(types.compactMap { store.typeIDs[$0] })).sorted()
            if typeIDs!.isEmpty { return }
        }
        let shape = AdjacencyShape(outgoing: outgoing, incoming: incoming, types: typeIDs)
        let known = adjacencyCache[shape]
        let wanted = PrefetchBatch(nodes, size: Self.prefetchChunk) { known?[$0] == nil }
        try wanted.forEachChunk { try readAdjacency(of: Array($0), shape) }
    }

    /// Empties the adjacency cache (a relationship was created or deleted).
    func dropAdjacency() {
        guard adjacencyCacheCount > 0 || !adjacencyCache.isEmpty else { return }
        adjacencyCache.removeAll()
        adjacencyCacheCount = 0
    }

    /// Reads the relationships of `nodes` (at most `prefetchChunk`) into the cache with one
    /// statement; every node gets an entry, an empty one when it has no relationship.
    /// - Throws: `StoreError` when the statement fails or a packed value is malformed.
    func readAdjacency(of nodes: [Int64], _ shape: AdjacencyShape) throws {
        guard !nodes.isEmpty else { return }
        let dialect = store.db.dialect
        let typeClause = shape.types.map { " AND type IN (" + $0.map(String.init).joined(separator: ",") + ")" } ?? ""
        // Part 0: outgoing (far end = dst), part 1: incoming (far end = src), one packed value per node.
        var parts: [String] = []
        var arguments: [StoreValue] = []
        for (part, key, far, wanted) in [(0, "src", "dst", shape.outgoing), (1, "dst", "src", shape.incoming)] where wanted {
            parts.append("""
                SELECT \(part) AS part, \(key) AS node, string_agg(int8send(id) || int8send(type) || int8send(\(far)), ''::bytea ORDER BY type, \(far), id)
                FROM rels WHERE \(dialect.inList(key, count: nodes.count))\(typeClause) GROUP BY \(key)
                """)
            arguments += dialect.inListArguments(nodes)
        }
        let s = try statement(parts.joined(separator: "\nUNION ALL\n"))
        try s.bind(arguments)
        var outgoing: [Int64: [RelationshipRef]] = [:], incoming: [Int64: [RelationshipRef]] = [:]
        while try s.step() {
            let part = s.int(0), node = s.int(1)
            let rels = try Self.unpackRelationships(UnsafeRawBufferPointer(s.bytes(2)), of: node, outgoing: part == 0,
                                                    typeNames: store.typeNames, database: store.db.displayName)
            if part == 0 { outgoing[node] = rels } else { incoming[node] = rels }
        }
        var read = 0
        var entries: [Int64: [RelationshipRef]] = [:]
        entries.reserveCapacity(nodes.count)
        for node in nodes {
            var rels = shape.outgoing ? outgoing[node] ?? [] : []
            if shape.incoming {
                // A self-loop is one relationship of the node, listed once (as outgoing).
                rels += (incoming[node] ?? []).filter { !shape.outgoing || $0.start != node }
            }
            read += rels.count
            entries[node] = rels
        }
        if adjacencyCacheCount + read > Self.adjacencyCacheLimit { dropAdjacency() }
        adjacencyCacheCount += read
        adjacencyCache[shape, default: [:]].merge(entries) { _, new in new }
    }

    /// Cuts up the packed relationships of `node` in one direction: 24 bytes each, the big-endian
    /// id, type id and far end that `int8send` wrote.
    /// - Parameters:
    ///   - raw: the packed value as the server sent it.
    ///   - outgoing: true when `node` is the start of these relationships, false for the end.
    ///   - typeNames: the store's type names by id.
    ///   - database: the store, for the message (a URL without its password).
    /// - Throws: `StoreError` `.storeCorrupted` when the value is not a whole number of records.
    static func unpackRelationships(_ raw: UnsafeRawBufferPointer, of node: Int64, outgoing: Bool,
                                    typeNames: [Int64: String], database: String) throws -> [RelationshipRef] {
        guard raw.count % 24 == 0 else {
            throw StoreError(code: .storeCorrupted, message: """
                the \(outgoing ? "outgoing" : "incoming") relationships of node \(node) came from \(database) as a packed \
                value of \(raw.count) bytes, not a multiple of 24 (an id, a type and a far end of 8 bytes each): the store's \
                rels table or the server is damaged, and the query stopped. Run `govbrain stats --integrity` with --db set to \
                that URL; if it reports findings, restore the store from a backup (`govbrain restore`)
                """)
        }
        var rels: [RelationshipRef] = []
        rels.reserveCapacity(raw.count / 24)
        for k in stride(from: 0, to: raw.count, by: 24) {
            let id = bigEndianInt64(raw, k), type = bigEndianInt64(raw, k + 8), other = bigEndianInt64(raw, k + 16)
            let name = typeNames[type] ?? "?"
            rels.append(outgoing ? RelationshipRef(id: id, type: name, start: node, end: other)
                                 : RelationshipRef(id: id, type: name, start: other, end: node))
        }
        return rels
    }

    private static func bigEndianInt64(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Int64 {
        Int64(bitPattern: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }
}
