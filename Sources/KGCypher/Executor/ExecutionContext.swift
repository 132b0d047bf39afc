import Foundation
import KGCore

/// Per-query state shared by the operators: the graph, parameters, the procedure registry,
/// the write tracker, PROFILE counters, limits, and a cache of sub-plans for pattern
/// expressions.
final class ExecutionContext {
    let graph: GraphReadable
    let writable: GraphWritable?
    let parameters: [String: Value]
    let procedures: ProcedureRegistry
    let options: QueryOptions
    let tracker: WriteTracker
    var profile: [Int: (rows: Int, calls: Int)] = [:]
    var subplans: [String: PlanOp] = [:]
    /// Property columns read by this query, by label and key.
    private var columns: [String: PropertyColumn] = [:]
    var planner: QueryPlanner?
    let deadline: Date?
    /// What the query may hold in memory (`QueryOptions.memoryBudgetBytes`).
    let memory: MemoryBudget
    /// Whether the query writes: then expansions read what they match before anything downstream
    /// writes (no operator sees the query's own later writes while it reads).
    var queryWrites = true
    private var checkCounter = 0
    /// The instant the statement started: what `date()`, `datetime.statement()`, … return
    /// throughout it (so `localtime() = localtime()` holds), as openCypher's statement clock.
    let statementTime = Date()

    init(graph: GraphReadable, writable: GraphWritable?, parameters: [String: Value], procedures: ProcedureRegistry, options: QueryOptions) {
        self.graph = graph
        self.writable = writable
        self.parameters = parameters
        self.procedures = procedures
        self.options = options
        self.tracker = WriteTracker()
        self.deadline = options.timeoutSeconds.map { Date().addingTimeInterval($0) }
        self.memory = MemoryBudget(limit: options.memoryBudgetBytes)
    }

    /// The plan of a pattern expression, planned once per distinct set of bound variables.
    func subplan(key: String, row: Row, _ make: (QueryPlanner) throws -> PlanOp) throws -> PlanOp {
        let fullKey = key + "|" + row.keys.sorted().joined(separator: ",")
        if let p = subplans[fullKey] { return p }
        let planner = self.planner ?? QueryPlanner(options: options, graph: graph, procedures: procedures)
        let p = try make(planner)
        subplans[fullKey] = p
        return p
    }

    /// A property column, read once per query; nil when the graph has none for (label, key).
    func column(label: String, key: String) throws -> PropertyColumn? {
        let cacheKey = label + "\u{0}" + key
        if let c = columns[cacheKey] { return c }
        guard let c = try graph.propertyColumn(label: label, key: key) else { return nil }
        columns[cacheKey] = c
        return c
    }

    /// Throws when the query ran past its timeout; cheap enough to call per row and per element
    /// of every loop in the evaluator (the clock is read once every 1,024 calls).
    func checkDeadline() throws {
        guard let deadline else { return }
        checkCounter &+= 1
        if checkCounter & 1023 == 0, Date() > deadline {
            throw CypherError(type: .timeout, code: .queryTimeout,
                              phase: .runtime, message: "the query ran longer than its timeout of \(options.timeoutSeconds ?? 0) s; add LIMIT, narrow the pattern, or raise the timeout")
        }
    }

    func writer() throws -> GraphWritable {
        guard let writable else {
            throw CypherError(type: .semantic, code: .readOnlyAccess, phase: .runtime, message: "this query writes, but the graph was opened read-only")
        }
        return writable
    }

    /// Node properties, refusing nodes deleted by this query.
    func nodeProperties(_ id: Int64) throws -> [String: Value] {
        if tracker.deletedNodes.contains(id) {
            throw CypherError(type: .entityNotFound, code: .deletedEntityAccess, phase: .runtime, message: "node \(id) was deleted earlier in this query")
        }
        return try graph.properties(ofNode: id)
    }

    /// One node property, refusing nodes deleted by this query.
    func nodeProperty(_ id: Int64, _ key: String) throws -> Value {
        if tracker.deletedNodes.contains(id) {
            throw CypherError(type: .entityNotFound, code: .deletedEntityAccess, phase: .runtime, message: "node \(id) was deleted earlier in this query")
        }
        return try graph.property(ofNode: id, key: key) ?? .null
    }

    func relationshipProperties(_ id: Int64) throws -> [String: Value] {
        if tracker.deletedRelationships.contains(id) {
            throw CypherError(type: .entityNotFound, code: .deletedEntityAccess, phase: .runtime, message: "relationship \(id) was deleted earlier in this query")
        }
        return try graph.properties(ofRelationship: id)
    }

    func nodeHasLabels(_ id: Int64, _ labels: [String]) throws -> Bool {
        if tracker.deletedNodes.contains(id) {
            throw CypherError(type: .entityNotFound, code: .deletedEntityAccess, phase: .runtime, message: "node \(id) was deleted earlier in this query")
        }
        return try graph.hasLabels(id, labels)
    }

    func nodeLabels(_ id: Int64) throws -> [String] {
        if tracker.deletedNodes.contains(id) {
            throw CypherError(type: .entityNotFound, code: .deletedEntityAccess, phase: .runtime, message: "node \(id) was deleted earlier in this query")
        }
        return try graph.labels(ofNode: id)
    }
}

/// Per-query settings.
public struct QueryOptions: Sendable {
    /// Run the optimizer passes (filter push-down, index seeks, top-k). Off for differential tests.
    public var optimize: Bool
    /// Stop the query after this many seconds.
    public var timeoutSeconds: Double?
    /// Stop with an error when the result has more rows than this.
    public var maxRows: Int?
    /// Refuse writing clauses and writing procedures.
    public var readOnly: Bool
    /// Whole-label scans of at least this many nodes (by the graph's capped estimate, see
    /// `estimatedNodeCount`) read property columns (`ColumnarScanPass`), and so do aggregates
    /// and top-k over an index seek that finds at least a quarter of this many (fewer are read
    /// one by one: measured, about where that costs as much as loading the columns of a
    /// 200,000-node label); 0 uses columns always.
    public var columnarMinimumNodes: Int
    /// What the query may materialise (lists, collect and other buffers, sort and DISTINCT
    /// buffers, grouping keys), in estimated bytes, before it ends with `MemoryLimitExceeded`;
    /// nil for no budget (then one list still holds at most 10^8 elements).
    public var memoryBudgetBytes: Int?

    public init(optimize: Bool = true, timeoutSeconds: Double? = nil, maxRows: Int? = nil, readOnly: Bool = false,
                columnarMinimumNodes: Int = 2_000, memoryBudgetBytes: Int? = nil) {
        self.optimize = optimize; self.timeoutSeconds = timeoutSeconds; self.maxRows = maxRows; self.readOnly = readOnly
        self.columnarMinimumNodes = columnarMinimumNodes
        self.memoryBudgetBytes = memoryBudgetBytes
    }
}
