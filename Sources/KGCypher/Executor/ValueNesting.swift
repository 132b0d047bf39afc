import KGCore

/// Bounds how deeply the lists and maps a query builds nest.
///
/// Comparison, hashing, sorting and JSON output recurse over a value, so a value nested
/// thousands of levels deep (`reduce(a = [], x IN range(1, 100000) | [a])`) would exhaust the
/// stack; building such a value fails instead with `NestingTooDeep`.
enum ValueNesting {
    /// The deepest value a query may build; parameters may nest as deep as the JSON parser allows.
    static let maxDepth = 200

    /// How deeply `value` nests (a scalar is 0, `[1]` is 1), counting no further than `limit + 1`.
    static func depth(_ value: Value, limit: Int) -> Int {
        switch value {
        case .list(let items): return 1 + deepest(items, limit: limit - 1)
        case .map(let m): return 1 + deepest(m.values, limit: limit - 1)
        default: return 0
        }
    }

    private static func deepest<S: Sequence<Value>>(_ values: S, limit: Int) -> Int {
        guard limit >= 0 else { return 0 }
        var d = 0
        for v in values {
            switch v {
            case .list, .map:
                d = max(d, depth(v, limit: limit))
                if d > limit { return d }
            default: continue
            }
        }
        return d
    }

    /// Throws when a list or map holding `elements` would nest deeper than `maxDepth`.
    static func checkContainer<S: Sequence<Value>>(of elements: S) throws {
        if deepest(elements, limit: maxDepth - 1) >= maxDepth { throw tooDeep() }
    }

    /// Throws when a list or map holding `element` would nest deeper than `maxDepth`.
    static func checkElement(_ element: Value) throws {
        switch element {
        case .list, .map: if depth(element, limit: maxDepth - 1) >= maxDepth { throw tooDeep() }
        default: return
        }
    }

    private static func tooDeep() -> CypherError {
        CypherError(type: .argument, code: .nestingTooDeep, phase: .runtime,
                    message: "the query builds a list or map nested more than \(maxDepth) levels deep; flatten it")
    }
}
