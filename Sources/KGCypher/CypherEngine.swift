import Foundation
import KGCore

/// The result of a query: columns, rows (in column order), side-effect counters, and the plan
/// for EXPLAIN / PROFILE.
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[Value]]
    public var statistics: QueryStatistics
    public var plan: PlanDescription?
    /// Whether the statement was EXPLAIN (not run) or PROFILE (run with counters).
    public var mode: String
}

/// What static analysis says about a query before it runs.
public struct QueryAnalysis: Sendable {
    /// Whether it contains a writing clause or calls a writing procedure.
    public var writes: Bool
    public var columns: [String]
    /// Whether it calls a procedure (which may open transactions of its own).
    public var callsProcedures = false
}

/// openCypher over any `GraphReadable`/`GraphWritable`: parse (CypherSyntax) → check
/// (CypherSemantics) → plan (CypherPlanner) → execute (CypherExecutor). Stateless apart from the
/// procedure registry; the caller owns the transaction.
public final class CypherEngine: @unchecked Sendable {
    public let procedures: ProcedureRegistry

    public init(procedures: ProcedureRegistry = ProcedureRegistry()) {
        self.procedures = procedures
    }

    /// Parses and checks a query without running it.
    /// - Throws: `CypherError` at compile time, located in the text.
    /// With `parameters`, the analysis is of the bound query (a configuration parameter that
    /// holds no write option does not make a call writing).
    public func analyze(_ text: String, parameters: [String: Value]? = nil) throws -> QueryAnalysis {
        do {
            let statement = try Parser.parse(text)
            let analyzer = SemanticAnalyzer(procedures: procedures, boundParameters: parameters)
            let columns = try analyzer.check(statement.query)
            return QueryAnalysis(writes: analyzer.writes, columns: columns, callsProcedures: analyzer.callsProcedures)
        } catch let e as CypherError {
            throw e.located(in: text)
        }
    }

    /// Runs a query, calling `onRow` for each result row as it is produced (rows are streamed,
    /// not collected, so results of any size pass through). Returns the columns, counters and plan.
    @discardableResult
    public func run(_ text: String, parameters: [String: Value] = [:], graph: GraphReadable,
                    options: QueryOptions = QueryOptions(), onRow: ([Value]) throws -> Void) throws -> QueryResult {
        do {
            return try runUnlocated(text, parameters: parameters, graph: graph, writable: nil, options: options, onRow: onRow)
        } catch let e as CypherError {
            throw e.located(in: text)
        }
    }

    /// Runs a query that may write to `graph` (see `run(_:parameters:graph:options:onRow:)`).
    @discardableResult
    public func run(_ text: String, parameters: [String: Value] = [:], graph: GraphWritable,
                    options: QueryOptions = QueryOptions(), onRow: ([Value]) throws -> Void) throws -> QueryResult {
        do {
            return try runUnlocated(text, parameters: parameters, graph: graph, writable: graph, options: options, onRow: onRow)
        } catch let e as CypherError {
            throw e.located(in: text)
        }
    }

    /// Runs a read-only query and collects its rows.
    public func execute(_ text: String, parameters: [String: Value] = [:], graph: GraphReadable,
                        options: QueryOptions = QueryOptions()) throws -> QueryResult {
        var rows: [[Value]] = []
        var result = try run(text, parameters: parameters, graph: graph, options: options) { rows.append($0) }
        result.rows = rows
        return result
    }

    /// Runs a query (reading or writing) and collects its rows.
    public func execute(_ text: String, parameters: [String: Value] = [:], graph: GraphWritable,
                        options: QueryOptions = QueryOptions()) throws -> QueryResult {
        var rows: [[Value]] = []
        var result = try run(text, parameters: parameters, graph: graph, options: options) { rows.append($0) }
        result.rows = rows
        return result
    }

    private func runUnlocated(_ text: String, parameters: [String: Value], graph: GraphReadable, writable: GraphWritable?, options: QueryOptions,
                              onRow: ([Value]) throws -> Void) throws -> QueryResult {
        let statement = try Parser.parse(text)
        let analyzer = SemanticAnalyzer(procedures: procedures, boundParameters: parameters)
        _ = try analyzer.check(statement.query)
        for name in analyzer.parameters.sorted() where parameters[name] == nil {
            throw CypherError(type: .parameterMissing, code: .missingParameter, phase: .compile,
                              message: "the query uses $\(name), but no value was given for it (pass it with --params or \"parameters\")")
        }
        if analyzer.writes && options.readOnly {
            throw CypherError(type: .semantic, code: .writeNotAllowed, phase: .compile,
                              message: "this query writes (CREATE, MERGE, SET, REMOVE, DELETE or a writing procedure), but the access is read-only")
        }
        let planner = QueryPlanner(options: options, graph: graph, procedures: procedures)
        let (root, columns) = try planner.plan(statement.query)
        let ctx = ExecutionContext(graph: graph, writable: writable, parameters: parameters, procedures: procedures, options: options)
        ctx.planner = planner
        ctx.queryWrites = analyzer.writes
        if statement.mode == .explain {
            Estimator.estimate(root, graph: graph)
            return QueryResult(columns: columns, rows: [], statistics: QueryStatistics(),
                               plan: PlanDescription.describe(root, profile: nil), mode: "explain")
        }
        let profiling = statement.mode == .profile
        let factory = OperatorFactory(ctx: ctx, profiling: profiling)
        let stream = try factory.build(root, argument: [:])
        // The cap counts values, not rows: a row counts once, or once per element of the lists,
        // maps and paths it returns, so collect() cannot return a whole label in one row.
        var count = 0
        while let row = try stream.next() {
            let values = columns.map { row[$0] ?? .null }
            if let cap = options.maxRows {
                count += max(1, values.reduce(0) { $0 + Self.elementCount($1) })
                if count > cap {
                    throw CypherError(type: .argument, code: .rowLimitExceeded, phase: .runtime,
                                      message: "the result has more than \(cap) rows (counting each element of a returned list or map); add LIMIT, aggregate, or raise the row cap")
                }
            }
            try onRow(values)
        }
        // A node may only be deleted together with its relationships.
        for id in ctx.tracker.deletedNodes {
            let remaining = try graph.relationships(of: id, direction: .both, types: []).filter { !ctx.tracker.deletedRelationships.contains($0.id) }
            if !remaining.isEmpty {
                throw CypherError(type: .constraintVerification, code: .deleteConnectedNode, phase: .runtime,
                                  message: "cannot delete node \(id): it still has \(remaining.count) relationship(s); use DETACH DELETE or delete them first")
            }
        }
        let stats = ctx.tracker.wrote || !ctx.tracker.createdNodes.isEmpty ? try ctx.tracker.statistics(graph: graph) : QueryStatistics()
        var plan: PlanDescription?
        if profiling {
            Estimator.estimate(root, graph: graph)
            plan = PlanDescription.describe(root, profile: ctx.profile)
        }
        return QueryResult(columns: columns, rows: [], statistics: stats, plan: plan, mode: profiling ? "profile" : "run")
    }

    /// How many values a returned value holds for the row cap: 0 for a scalar, node or
    /// relationship (the row counts it), the elements of a list or map (each at least one), the
    /// nodes of a path.
    static func elementCount(_ value: Value) -> Int {
        switch value {
        case .list(let items): return items.reduce(0) { $0 + max(1, elementCount($1)) }
        case .map(let m): return m.values.reduce(0) { $0 + max(1, elementCount($1)) }
        case .path(let p): return p.nodes.count
        default: return 0
        }
    }
}
