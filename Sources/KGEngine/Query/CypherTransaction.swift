import Foundation
import KGCore
import KGCypher
import KGOntology
import KGStore

/// An explicit transaction: several queries that see each other's writes, then one commit or
/// rollback (Bolt's BEGIN … COMMIT). Other connections see nothing of it until it commits.
///
/// A writable transaction holds the store's write lock from `KnowledgeGraph.beginTransaction`
/// to `commit`/`rollback`, so other writers wait (SQLite has one writer); a read-only one runs
/// on a reader connection of its own with one consistent snapshot and blocks nobody. The lock
/// belongs to the thread that took it: begin, run, commit and rollback must all be called on one
/// thread, made with `DeepStack.threadName` and `DeepStack.stackSize` so the queries run on it
/// in place. A query that fails rolls the whole transaction back (as Neo4j does): the caller
/// then sees `isOpen == false`.
public final class CypherTransaction {
    let graph: KnowledgeGraph
    private let target: GraphStore
    private let borrowedReader: Bool
    private let tx: StoreTransaction
    private let storeGraph: StoreGraph
    /// Whether the transaction may write.
    public let writable: Bool
    /// False once committed or rolled back.
    public private(set) var isOpen = true

    init(graph: KnowledgeGraph, writable: Bool, masked: Bool) throws {
        self.graph = graph
        self.writable = writable
        target = writable ? graph.store : try graph.store.borrowReader()
        borrowedReader = !writable
        let validator = target.schemaMode == .ontology ? SchemaValidator(schema: graph.schema) : nil
        do {
            tx = try target.beginTransaction(readOnly: !writable, validator: validator)
        } catch {
            if borrowedReader { graph.store.returnReader(target) }
            throw error
        }
        storeGraph = StoreGraph(tx, masker: masked ? graph.masker : nil)
    }

    /// Runs one query inside the transaction.
    /// - Parameters:
    ///   - onColumns: the column names, once the query is analysed and before any row.
    ///   - onRow: each row, with the graph to resolve nodes and relationships.
    /// - Returns: the result's columns and statistics (rows went to `onRow`).
    /// - Throws: `CypherError` for the query (the transaction is then rolled back), or when the
    ///   transaction is over or read-only and the query writes.
    @discardableResult
    public func run(_ text: String, parameters: [String: Value] = [:], options: QueryOptions = QueryOptions(),
                    onColumns: ([String]) throws -> Void = { _ in },
                    onRow: ([Value], GraphReadable) throws -> Void) throws -> QueryResult {
        guard isOpen else {
            throw EngineError(code: .badValue, message: "the transaction is over (committed or rolled back); begin a new one")
        }
        do {
            return try DeepStack.run {
                let analysis = try graph.cypher.analyze(text, parameters: parameters)
                if analysis.writes && (options.readOnly || !writable) { throw KnowledgeGraph.writeRefused }
                try onColumns(analysis.columns)
                let graph = storeGraph
                return try self.graph.cypher.run(text, parameters: parameters, graph: graph, options: options) { try onRow($0, graph) }
            }
        } catch {
            rollback()
            throw error
        }
    }

    /// Makes the transaction's writes visible to everyone.
    public func commit() throws {
        guard isOpen else { return }
        isOpen = false
        defer { if borrowedReader { graph.store.returnReader(target) } }
        try tx.commit()
    }

    /// Undoes the transaction's writes.
    public func rollback() {
        guard isOpen else { return }
        isOpen = false
        tx.rollback()
        if borrowedReader { graph.store.returnReader(target) }
    }
}

extension KnowledgeGraph {
    /// Begins an explicit transaction (see `CypherTransaction` for the threading rule).
    /// - Parameters:
    ///   - writable: take the write lock (other writers wait until the end); false for a
    ///     read-only transaction on a snapshot.
    ///   - masked: mask sensitive properties (every role but admin).
    public func beginTransaction(writable: Bool, masked: Bool) throws -> CypherTransaction {
        try CypherTransaction(graph: self, writable: writable, masked: masked)
    }
}
