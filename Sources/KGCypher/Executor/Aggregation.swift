import Foundation
import KGCore

/// Hash aggregation: groups rows by the grouping keys (Cypher equivalence) and folds each
/// aggregate per group. With no keys, an empty input still yields one row (`count(*)` = 0).
enum Aggregation {
    static func run(_ input: RowStream, keys: [(String, Expr)], aggregates: [(String, Expr)], evaluator ev: Evaluator) throws -> RowStream {
        var groups: [EquivalenceKey: Int] = [:]
        var order: [(keyValues: [Value], states: [Aggregator], representative: Row)] = []
        // No grouping keys: one group, made at the first row, and no key to hash per row.
        var single: [Aggregator]?
        while let row = try input.next() {
            try ev.ctx.checkDeadline()
            if keys.isEmpty {
                let states: [Aggregator]
                if let single { states = single } else {
                    try ev.ctx.memory.charge(256 + MemoryBudget.estimate(row))
                    states = try aggregates.map { try Aggregator($0.1, row: row, evaluator: ev) }
                    single = states
                    order.append(([], states, row))
                }
                for a in states { try a.add(row, evaluator: ev) }
                continue
            }
            let keyValues = try keys.map { try ev.eval($0.1, row) }
            let k = EquivalenceKey(values: keyValues)
            let index: Int
            if let i = groups[k] { index = i } else {
                index = order.count
                try ev.ctx.memory.charge(256 + keyValues.reduce(0) { $0 + 2 * MemoryBudget.estimate($1) } + MemoryBudget.estimate(row))
                groups[k] = index
                order.append((keyValues, try aggregates.map { try Aggregator($0.1, row: row, evaluator: ev) }, row))
            }
            for a in order[index].states { try a.add(row, evaluator: ev) }
        }
        if order.isEmpty && keys.isEmpty {
            order.append(([], try aggregates.map { try Aggregator($0.1, row: [:], evaluator: ev) }, [:]))
        }
        var out: [Row] = []
        out.reserveCapacity(order.count)
        for g in order {
            var r: Row = [:]
            for (k, (name, _)) in keys.enumerated() { r[name] = g.keyValues[k] }
            for (k, (name, _)) in aggregates.enumerated() { r[name] = try g.states[k].result() }
            out.append(r)
        }
        return ArrayStream(out)
    }
}

/// The running state of one aggregate function for one group.
final class Aggregator {
    let name: String
    let distinct: Bool
    let argument: Expr?
    let extra: Expr?
    var seen = Set<EquivalenceKey>()
    /// DISTINCT nodes by id: a node is equivalent to the same node only, so they need no general key.
    var seenNodes = Set<Int64>()
    var count: Int64 = 0
    var intSum: Int64 = 0
    var doubleSum: Double = 0
    var sawDouble = false
    var sawAny = false
    var best: Value = .null
    var values: [Value] = []
    var percentile: Double?
    /// The query's memory budget, charged for what `collect`, the percentiles and DISTINCT keep.
    let budget: MemoryBudget

    init(_ call: Expr, row: Row, evaluator: Evaluator) throws {
        budget = evaluator.ctx.memory
        switch call.kind {
        case .countStar:
            name = "count*"; distinct = false; argument = nil; extra = nil
        case .function(let n, let d, let args):
            name = n.lowercased(); distinct = d
            argument = args.first
            extra = args.count > 1 ? args[1] : nil
            let expected = (name == "percentilecont" || name == "percentiledisc") ? 2 : 1
            guard args.count == expected else {
                throw CypherError.syntax(.invalidNumberOfArguments, "\(n)() takes \(expected) argument\(expected == 1 ? "" : "s")", at: call.offset)
            }
        default:
            fatalError("not an aggregate")
        }
    }

    func add(_ row: Row, evaluator: Evaluator) throws {
        if name == "count*" { count += 1; return }
        let v = try evaluator.eval(argument!, row)
        if v.isNull { return }
        if distinct {
            guard try firstTime(v) else { return }
        }
        if let extra {
            let p = try evaluator.eval(extra, row)
            guard let pv = p.numericValue else { throw CypherError.argument(.invalidArgumentType, "the percentile must be a number") }
            guard pv >= 0 && pv <= 1 else { throw CypherError.argument(.numberOutOfRange, "the percentile must be between 0.0 and 1.0, got \(pv)") }
            percentile = pv
        }
        try fold(v)
    }

    /// Folds one argument value directly (column aggregates, which take one argument).
    func add(value v: Value) throws {
        if name == "count*" { count += 1; return }
        if v.isNull { return }
        if distinct {
            guard try firstTime(v) else { return }
        }
        try fold(v)
    }

    /// Whether a DISTINCT aggregate meets `v` for the first time (charged to the budget when so).
    @inline(__always)
    private func firstTime(_ v: Value) throws -> Bool {
        if case .node(let id) = v {
            guard seenNodes.insert(id).inserted else { return false }
        } else {
            guard seen.insert(EquivalenceKey(values: [v])).inserted else { return false }
        }
        try budget.charge(2 * MemoryBudget.estimate(v))
        return true
    }

    private func fold(_ v: Value) throws {
        sawAny = true
        switch name {
        case "count": count += 1
        case "sum", "avg":
            count += 1
            switch v {
            case .int(let i):
                if !sawDouble {
                    let (s, o) = intSum.addingReportingOverflow(i)
                    if o { throw CypherError.arithmetic(.integerOverflow, "sum() overflowed a 64-bit integer") }
                    intSum = s
                }
                doubleSum += Double(i)
            case .double(let d): sawDouble = true; doubleSum += d
            default: throw CypherError.typeError(.invalidArgumentType, "\(name)() needs numbers, not a \(v.typeName)")
            }
        case "min":
            if best.isNull || ValueSemantics.order(v, best) < 0 { best = v }
        case "max":
            if best.isNull || ValueSemantics.order(v, best) > 0 { best = v }
        case "collect":
            try ValueNesting.checkElement(v)
            try budget.charge(MemoryBudget.estimate(v))
            values.append(v)
        case "stdev", "stdevp", "percentilecont", "percentiledisc":
            guard v.numericValue != nil else { throw CypherError.typeError(.invalidArgumentType, "\(name)() needs numbers, not a \(v.typeName)") }
            try budget.charge(MemoryBudget.slotBytes)
            values.append(v)
        default: break
        }
    }

    func result() throws -> Value {
        switch name {
        case "count*", "count": return .int(count)
        case "sum":
            return sawDouble ? .double(doubleSum) : .int(intSum)
        case "avg":
            return count == 0 ? .null : .double(doubleSum / Double(count))
        case "min", "max": return best
        case "collect": return .list(values)
        case "stdev", "stdevp":
            let xs = values.compactMap(\.numericValue)
            let n = Double(xs.count)
            let denominator = name == "stdev" ? n - 1 : n
            guard denominator > 0 else { return .double(0) }
            let mean = xs.reduce(0, +) / n
            return .double((xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / denominator).squareRoot())
        case "percentilecont", "percentiledisc":
            guard !values.isEmpty, let p = percentile else { return .null }
            let sorted = values.sorted { ValueSemantics.order($0, $1) < 0 }
            if name == "percentiledisc" {
                let n = Double(sorted.count)
                let index = p == 0 ? 0 : Int((p * n).rounded(.up)) - 1
                return sorted[max(0, min(sorted.count - 1, index))]
            }
            let xs = sorted.compactMap(\.numericValue)
            let pos = p * Double(xs.count - 1)
            let lo = Int(pos.rounded(.down)), hi = Int(pos.rounded(.up))
            return .double(xs[lo] + (xs[hi] - xs[lo]) * (pos - Double(lo)))
        default: return .null
        }
    }
}
