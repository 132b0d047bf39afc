import KGCore

/// Batched reads of many elements at once, for the backends where each statement is a round
/// trip (PostgreSQL: ≈35 µs each, against ≈1 µs for an SQLite call).
///
/// The result rows of a query (an algorithm's 70,000 nodes, say) are rendered one at a time, and
/// each node asks for its labels and its properties: two statements per row. `prefetchNodes`
/// reads them for a whole batch of rows with one statement per `prefetchChunk` ids
/// (`= ANY(?)`, one `int8[]` bind on PostgreSQL; `IN (…)` on SQLite) into the caches that
/// `labels(ofNode:)`, `hasLabels`, `properties(ofNode:)` and `property(ofNode:key:)` answer from.
/// The caches are the transaction's own, so what they hold is what the transaction sees;
/// writes keep them current (see `StoreTransaction`).
extension StoreTransaction {
    /// Ids per statement of a prefetch (SQLite's `IN` list binds one parameter per id).
    static let prefetchChunk = 500

    /// Whether batching reads pays on this store: true on PostgreSQL (a round trip per
    /// statement), false on SQLite, whose per-element reads cost about a microsecond each, so
    /// reading ahead what a caller may not use would cost more than it saves.
    public var prefersBatchedReads: Bool { store.db.dialect.kind == .postgres }

    /// Reads the labels and properties of the nodes in `ids` not cached yet, a statement per
    /// `prefetchChunk` ids. Ids of nodes that do not exist are left to the per-node reads.
    /// - Throws: `StoreError` when a statement fails.
    public func prefetchNodes(_ ids: [Int64]) throws {
        let wanted = PrefetchBatch(ids, size: Self.prefetchChunk) { nodePropsCache[$0] == nil || nodeLabelsCache[$0] == nil }
        guard !wanted.isEmpty else { return }
        if nodePropsCache.count + wanted.ids.count > 100_000 { nodePropsCache.removeAll(keepingCapacity: true) }
        if nodeLabelsCache.count + wanted.ids.count > 100_000 { nodeLabelsCache.removeAll(keepingCapacity: true) }
        let dialect = store.db.dialect
        try wanted.forEachChunk { chunk in
            // One row per node: its properties and its label ids as one text ("3,7"; NULL for none).
            let s = try statement("""
                SELECT n.id, n.props, (SELECT \(dialect.labelList("label")) FROM node_labels WHERE node = n.id)
                FROM nodes n WHERE \(dialect.inList("n.id", count: chunk.count))
                """)
            try s.bind(dialect.inListArguments(chunk))
            while try s.step() {
                let id = s.int(0)
                if nodePropsCache[id] == nil { nodePropsCache[id] = try GraphStore.decodeProperties(s.bytes(1)) }
                if nodeLabelsCache[id] == nil {
                    let labelIDs = s.isNull(2) ? [] : s.text(2).split(separator: ",").compactMap { Int64($0) }
                    nodeLabelsCache[id] = labelIDs.compactMap { store.labelNames[$0] }.sorted()
                }
            }
        }
    }

    /// Reads the properties of the relationships in `ids` not cached yet, a statement per
    /// `prefetchChunk` ids.
    /// - Throws: `StoreError` when a statement fails.
    public func prefetchRelationships(_ ids: [Int64]) throws {
        let wanted = PrefetchBatch(ids, size: Self.prefetchChunk) { relPropsCache[$0] == nil }
        guard !wanted.isEmpty else { return }
        if relPropsCache.count + wanted.ids.count > 100_000 { relPropsCache.removeAll(keepingCapacity: true) }
        let dialect = store.db.dialect
        try wanted.forEachChunk { chunk in
            let s = try statement("SELECT id, props FROM rels WHERE \(dialect.inList("id", count: chunk.count))")
            try s.bind(dialect.inListArguments(chunk))
            while try s.step() { relPropsCache[s.int(0)] = try GraphStore.decodeProperties(s.bytes(1)) }
        }
    }
}
