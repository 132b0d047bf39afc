import KGCore

/// One operator of a logical plan. Operators pull rows from `children[0]` (their input);
/// `optional`, `apply`-like operators run `children[1]` once per input row, seeded with it.
final class PlanOp {
    enum Kind {
        /// Yields the argument row once (the start of every pipeline).
        case argument
        /// For each input row, every node (with a label, if given).
        case nodeScan(variable: String, label: String?)
        /// For each input row, the nodes with label and key = value, through an index.
        case indexSeek(variable: String, label: String, key: String, value: Expr)
        /// For each input row, the nodes whose id the row's `seek` names (`id(n) = e`,
        /// `id(n) IN list`, `elementId(n) = e`): a look-up instead of a scan. The predicate stays
        /// as a filter above it, which keeps Cypher's equality semantics exact.
        case nodeByIdSeek(variable: String, seek: NodeIDSeek)
        /// Follows relationships from a bound node. `toBound`: the far node is already bound and
        /// must match. `unique`: relationship variables of the same MATCH the new one must differ from.
        case expand(from: String, relationship: String, to: String, types: [String], direction: ExpandDirection,
                    toBound: Bool, unique: [String])
        /// Variable-length expansion; binds the relationship variable to a list.
        case varExpand(from: String, relationship: String, to: String, types: [String], direction: ExpandDirection,
                       min: Int, max: Int?, toBound: Bool, properties: Expr?, unique: [String], reversed: Bool)
        /// Variable-length expansion that yields each reachable end node once per input row
        /// (breadth-first, each node expanded once), for plans where only distinct end nodes
        /// matter (`PruningVarExpandPass`); the relationship variable is not bound.
        case pruningVarExpand(from: String, to: String, types: [String], direction: ExpandDirection,
                              min: Int, max: Int?, unique: [String])
        /// `count(DISTINCT to)` (one or more outputs) of a pruning expansion's end nodes, those with
        /// `labels` when given, with no grouping keys (`ReachCountPass`): the aggregation, the label
        /// filter and the expansion in one, without a row per end node.
        case reachCount(from: String, to: String, types: [String], direction: ExpandDirection,
                        min: Int, max: Int?, unique: [String], labels: [String]?, outputs: [String])
        /// Shortest path(s) between two bound nodes.
        case shortestPath(path: String, from: String, to: String, relationship: String?, types: [String],
                          direction: ExpandDirection, min: Int, max: Int?, all: Bool, properties: Expr?)
        case filter(Expr)
        /// The number of relationships of a bound node (in a direction, of types), bound to
        /// `into`; a row only where it is at least one (`DegreeCountPass`). `relationship` and `to`
        /// are the expansion's variables: when an outer row binds them, they are matched.
        case degreeCount(from: String, relationship: String, to: String, types: [String], direction: ExpandDirection, into: String)
        /// The nodes of a label passing column predicates, in id order (`ColumnarScanPass`).
        case columnScan(ColumnScanSpec)
        /// A grouping over a label's nodes computed on property columns: keys are (name,
        /// property key), aggregates read properties of the scanned node.
        case columnAggregate(ColumnScanSpec, keys: [(String, String)], aggregates: [(String, Expr)])
        /// The first `limit` nodes of a label in the order of property columns (ties by id).
        case columnTop(ColumnScanSpec, order: [(key: String, ascending: Bool)], limit: Expr)
        /// Binds a path variable from the pattern's node and relationship variables.
        case namedPath(variable: String, nodes: [String], relationships: [String])
        /// children[1] runs per input row; rows with no match get nulls for `newVariables`.
        case optional(newVariables: [String])
        /// children[1] runs per input row; passes the row when it has (or, negated, lacks) a match.
        case semiApply(negated: Bool)
        case unwind(Expr, variable: String)
        /// Computes columns; with `keepInput`, the input's variables stay (for ORDER BY).
        case projection([(String, Expr)], keepInput: Bool)
        case aggregation(keys: [(String, Expr)], aggregates: [(String, Expr)])
        case distinct([String])
        case sort([SortItem])
        /// Sort with a LIMIT: keeps only the top rows.
        case top([SortItem], limit: Expr)
        case skip(Expr)
        case limit(Expr)
        /// Keeps only these variables (the end of WITH / RETURN).
        case select([String])
        case create([PatternPart])
        case merge(PatternPart, onCreate: [SetItem], onMatch: [SetItem])
        case set([SetItem])
        case remove([RemoveItem])
        case delete([Expr], detach: Bool)
        /// Materialises its input before passing it on (write/read isolation).
        case eager
        case procedureCall(ProcedureCall, outputs: [(field: String, variable: String)])
        case union(all: Bool)
        /// Consumes everything and returns no rows (a query without RETURN).
        case discard
    }

    private(set) var kind: Kind
    var children: [PlanOp]
    /// Unique within a plan; keys PROFILE counters.
    var id = 0
    var estimatedRows: Double = 1
    /// For column operators: the row-by-row plan with the same result, run when the graph has
    /// no column for a key (or the columns cannot express a value's semantics).
    var fallback: PlanOp?

    init(_ kind: Kind, _ children: [PlanOp] = []) {
        self.kind = kind
        self.children = children
    }

    /// Turns this operator into `other` in place (its parent keeps pointing here).
    func replace(with other: PlanOp) {
        kind = other.kind
        children = other.children
        estimatedRows = other.estimatedRows
        fallback = other.fallback
    }

    /// Numbers the operators depth-first.
    func assignIDs(start: inout Int) {
        id = start
        start += 1
        for c in children { c.assignIDs(start: &start) }
        fallback?.assignIDs(start: &start)
    }
}
