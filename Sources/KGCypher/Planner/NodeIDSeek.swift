import KGCore

/// What a `NodeByIdSeek` looks up: the expression giving the id(s), whether it is a list
/// (`IN`), and whether it holds element ids (`elementId(n)`, strings `n:<id>`) or ids.
struct NodeIDSeek {
    let value: Expr
    let list: Bool
    let elementID: Bool

    /// The predicate of `pending` that a seek on `variable` can answer, its other side bound
    /// (free variables all in `bound`): `id(v) = e`, `e = id(v)`, `id(v) IN e`, and the same
    /// with `elementId`.
    static func candidate(for variable: String, in pending: [Expr], bound: Set<String>) -> NodeIDSeek? {
        /// Whether `e` is `id(variable)` (true) or `elementId(variable)` (false); nil otherwise.
        func idCall(_ e: Expr) -> Bool? {
            guard case .function(let name, false, let args) = e.kind, args.count == 1,
                  case .variable(variable) = args[0].kind else { return nil }
            switch name.lowercased() {
            case "id": return false
            case "elementid": return true
            default: return nil
            }
        }
        for c in pending {
            guard case .binary(let op, let l, let r) = c.kind else { continue }
            switch op {
            case .eq:
                if let element = idCall(l), r.freeVariables.isSubset(of: bound) { return NodeIDSeek(value: r, list: false, elementID: element) }
                if let element = idCall(r), l.freeVariables.isSubset(of: bound) { return NodeIDSeek(value: l, list: false, elementID: element) }
            case .in:
                if let element = idCall(l), r.freeVariables.isSubset(of: bound) { return NodeIDSeek(value: r, list: true, elementID: element) }
            default: continue
            }
        }
        return nil
    }

    /// The node ids a value names, in order, each once. Values that can equal no node's id
    /// (null, a fraction, a string that is no element id, a list element of another type) name
    /// none; the filter above the seek decides the rest.
    func ids(_ value: Value) -> [Int64] {
        func one(_ v: Value) -> Int64? {
            if elementID {
                guard case .string(let s) = v, s.hasPrefix("n:") else { return nil }
                return Int64(s.dropFirst(2))
            }
            switch v {
            case .int(let i): return i
            case .double(let d):
                guard d.isFinite, d == d.rounded(), abs(d) < 9.2e18 else { return nil }
                return Int64(d)
            default: return nil
            }
        }
        guard list else { return one(value).map { [$0] } ?? [] }
        guard case .list(let items) = value else { return [] }
        var seen = Set<Int64>(), out: [Int64] = []
        for item in items { if let id = one(item), seen.insert(id).inserted { out.append(id) } }
        return out
    }
}
