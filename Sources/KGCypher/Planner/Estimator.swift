import KGCore

/// Cardinality estimates for EXPLAIN/PROFILE from simple statistics: label counts and the
/// average degree; filters keep a third, LIMIT caps.
enum Estimator {
    static func estimate(_ op: PlanOp, graph: GraphReadable) {
        for c in op.children { estimate(c, graph: graph) }
        let input = op.children.first?.estimatedRows ?? 1
        let nodes = Double((try? graph.estimatedNodeCount(label: nil)) ?? 0)
        let rels = Double((try? graph.relationshipCount()) ?? 0)
        let degree = nodes > 0 ? max(1, rels / nodes) : 1
        switch op.kind {
        case .argument: op.estimatedRows = 1
        case .nodeScan(_, let label): op.estimatedRows = input * Double((try? graph.estimatedNodeCount(label: label)) ?? 0)
        case .indexSeek: op.estimatedRows = input
        case .nodeByIdSeek(_, let seek):
            if seek.list, case .list(let items) = seek.value.kind { op.estimatedRows = input * Double(items.count) } else { op.estimatedRows = input }
        case .columnScan(let spec):
            let all = Double((try? graph.estimatedNodeCount(label: spec.label)) ?? 0)
            op.estimatedRows = input * spec.predicates.reduce(all) { r, _ in r / 3 }
        case .columnAggregate(let spec, let keys, _):
            op.estimatedRows = keys.isEmpty ? 1 : max(1, Double((try? graph.estimatedNodeCount(label: spec.label)) ?? 0) / 4)
        case .columnTop(let spec, _, let limit):
            let all = Double((try? graph.estimatedNodeCount(label: spec.label)) ?? 0)
            let passing = spec.predicates.reduce(all) { r, _ in r / 3 }
            if case .literal(.int(let n)) = limit.kind { op.estimatedRows = min(passing, Double(n)) } else { op.estimatedRows = passing }
        case .expand(_, _, _, _, _, let toBound, _): op.estimatedRows = input * (toBound ? 0.5 : degree)
        case .varExpand(_, _, _, _, _, _, let mx, _, _, _, _): op.estimatedRows = input * Foundation_pow(degree, Double(mx ?? 3))
        case .pruningVarExpand(_, _, _, _, _, let mx, _):
            op.estimatedRows = input * min(Double((try? graph.estimatedNodeCount(label: nil)) ?? 0), Foundation_pow(degree, Double(mx ?? 3)))
        case .reachCount: op.estimatedRows = 1
        case .filter: op.estimatedRows = input / 3
        case .aggregation(let keys, _): op.estimatedRows = keys.isEmpty ? 1 : max(1, input / 4)
        case .distinct: op.estimatedRows = max(1, input / 2)
        case .limit(let e), .top(_, let e):
            if case .literal(.int(let n)) = e.kind { op.estimatedRows = min(input, Double(n)) } else { op.estimatedRows = input }
        case .optional: op.estimatedRows = max(input, op.children.count > 1 ? op.children[1].estimatedRows * input : input)
        case .union: op.estimatedRows = op.children.reduce(0) { $0 + $1.estimatedRows }
        case .discard: op.estimatedRows = 0
        default: op.estimatedRows = input
        }
    }

    private static func Foundation_pow(_ x: Double, _ y: Double) -> Double {
        var r = 1.0
        for _ in 0..<Int(min(y, 10)) { r *= x }
        return r
    }
}
