import KGCore
import KGStore

/// Hands a reading query's rows to their consumer in batches, after reading the labels and
/// properties of every node and relationship in the batch with a few statements
/// (`StoreTransaction.prefetchNodes`/`prefetchRelationships`), so that rendering the rows costs
/// no statement per element.
///
/// Used where a statement is a round trip (PostgreSQL): `govbrain algo pageRank` over 70,000
/// nodes read each node's labels and properties one statement at a time (two round trips per
/// row). Only for reading queries: their transaction reads one snapshot, so a row rendered a
/// few hundred rows later shows exactly what it showed when it was produced. (A writing query
/// may change a node after a row holding it was produced; its rows go out one at a time.)
final class RowPrefetcher {
    /// Rows per batch.
    static let batchRows = 500

    private let tx: StoreTransaction
    private var pending: [[Value]] = []
    private var nodes: [Int64] = []
    private var relationships: [Int64] = []

    /// - Parameter tx: the query's transaction, whose caches the batches fill.
    init(tx: StoreTransaction) {
        self.tx = tx
        pending.reserveCapacity(Self.batchRows)
    }

    /// Takes a row; delivers the batch to `deliver` (in the rows' order) when it is full.
    func add(_ row: [Value], deliver: ([Value]) throws -> Void) throws {
        pending.append(row)
        for value in row { collect(value) }
        if pending.count >= Self.batchRows { try flush(deliver: deliver) }
    }

    /// Prefetches what the pending rows hold and delivers them. Call it before the transaction ends.
    func flush(deliver: ([Value]) throws -> Void) throws {
        guard !pending.isEmpty else { return }
        if !nodes.isEmpty { try tx.prefetchNodes(nodes) }
        if !relationships.isEmpty { try tx.prefetchRelationships(relationships) }
        let rows = pending
        pending.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
        relationships.removeAll(keepingCapacity: true)
        for row in rows { try deliver(row) }
    }

    /// Notes the nodes and relationships inside a value (lists, maps and paths included).
    private func collect(_ value: Value) {
        switch value {
        case .node(let id): nodes.append(id)
        case .relationship(let r): relationships.append(r.id)
        case .path(let p):
            nodes += p.nodes
            relationships += p.relationships.map(\.id)
        case .list(let items): for item in items { collect(item) }
        case .map(let entries): for item in entries.values { collect(item) }
        default: break
        }
    }
}
