import Foundation
import KGCore
import KGCypher
import KGOntology
import KGStore

extension KnowledgeGraph {
    /// Runs one Cypher query as one transaction: committed when it succeeds, rolled back (the
    /// graph unchanged) when it fails. `onRow` sees each row while the transaction is open, with
    /// the graph to resolve nodes and relationships; `onColumns` sees the column names once the
    /// query is analysed, before the first row (a streaming protocol announces them first).
    @discardableResult
    public func query(_ text: String, parameters: [String: Value] = [:], options: QueryOptions = QueryOptions(), masked: Bool = false,
                      onColumns: ([String]) throws -> Void = { _ in },
                      onRow: ([Value], GraphReadable) throws -> Void) throws -> QueryResult {
        // Parsing, analysis, planning and the pull of rows recurse as deep as the query: on a thread with a large stack.
        try DeepStack.run {
            try queryOnThisThread(text, parameters: parameters, options: options, masked: masked, onColumns: onColumns, onRow: onRow)
        }
    }

    private func queryOnThisThread(_ text: String, parameters: [String: Value], options: QueryOptions, masked: Bool,
                                   onColumns: ([String]) throws -> Void,
                                   onRow: ([Value], GraphReadable) throws -> Void) throws -> QueryResult {
        let trace = PhaseTrace()
        let analysis = try cypher.analyze(text, parameters: parameters)
        trace.mark("analyze")
        if analysis.writes && options.readOnly { throw Self.writeRefused }
        try onColumns(analysis.columns)
        // A reading query runs on a reader connection of its own: it neither waits for nor holds up
        // writes and other reads (SQLite's WAL gives it a consistent snapshot). A process that runs
        // one query at a time reads on the store's own connection instead (no second connection
        // to open), unless the query calls procedures, which may open transactions of their own.
        let writes = analysis.writes
        let onStore = writes || (readsOnStoreConnection && !analysis.callsProcedures)
        let target = onStore ? store : try store.borrowReader()
        defer { if !onStore { store.returnReader(target) } }
        let validator = target.schemaMode == .ontology ? SchemaValidator(schema: schema) : nil
        let tx = try target.beginTransaction(readOnly: !writes, validator: validator)
        trace.mark("begin")
        let graph = StoreGraph(tx, masker: masked ? masker : nil)
        // Where each statement is a round trip, a reading query's rows go out in batches whose
        // nodes and relationships are read a few statements at a time (`RowPrefetcher`).
        let batcher = !writes && tx.prefersBatchedReads ? RowPrefetcher(tx: tx) : nil
        do {
            let result = try cypher.run(text, parameters: parameters, graph: graph, options: options) { row in
                if let batcher { try batcher.add(row) { try onRow($0, graph) } } else { try onRow(row, graph) }
            }
            try batcher?.flush { try onRow($0, graph) }
            trace.mark("run")
            try tx.commit()
            trace.mark("commit")
            trace.report()
            return result
        } catch {
            tx.rollback()
            throw error
        }
    }

    /// The error for a writing query where only reads are allowed.
    static var writeRefused: CypherError {
        CypherError(type: .semantic, code: .writeNotAllowed, phase: .compile,
                    message: "this query writes (CREATE, MERGE, SET, REMOVE, DELETE or a writing procedure), but the access is read-only")
    }

    /// Runs a query and returns the result document of the query contract (columns, rows as
    /// tagged wire values, stats, and the plan for EXPLAIN/PROFILE).
    public func queryDocument(_ text: String, parameters: [String: Value] = [:], options: QueryOptions = QueryOptions(),
                              masked: Bool = false) throws -> JSON {
        let started = DispatchTime.now().uptimeNanoseconds
        var rows: [JSON] = []
        let result = try query(text, parameters: parameters, options: options, masked: masked) { values, graph in
            rows.append(.array(values.map { WireFormat.encode($0, graph: graph) }))
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        return WireFormat.document(columns: result.columns, rows: rows, stats: result.statistics, plan: result.plan, elapsedMs: elapsed)
    }

    /// Runs a query and renders each row's values as display text (for tables and CSV).
    public func queryText(_ text: String, parameters: [String: Value] = [:], options: QueryOptions = QueryOptions(),
                          masked: Bool = false) throws -> (result: QueryResult, rows: [[String]]) {
        var rows: [[String]] = []
        let result = try query(text, parameters: parameters, options: options, masked: masked) { values, graph in
            rows.append(values.map { ValueRenderer.text($0, graph: graph) })
        }
        return (result, rows)
    }
}
