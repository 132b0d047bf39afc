/// The functions GovBrain's Cypher knows: names (case-insensitive), arity, and which aggregate.
enum FunctionCatalog {
    static let aggregates: Set<String> = ["count", "sum", "avg", "min", "max", "collect", "stdev", "stdevp",
                                          "percentilecont", "percentiledisc"]

    /// Arity bounds of scalar functions (nil max = variadic).
    static let scalars: [String: (min: Int, max: Int?)] = [
        "id": (1, 1), "elementid": (1, 1), "labels": (1, 1), "type": (1, 1), "keys": (1, 1), "properties": (1, 1),
        "size": (1, 1), "length": (1, 1), "nodes": (1, 1), "relationships": (1, 1), "head": (1, 1), "last": (1, 1),
        "tail": (1, 1), "range": (2, 3), "reverse": (1, 1), "coalesce": (1, nil), "tointeger": (1, 1),
        "tofloat": (1, 1), "tostring": (1, 1), "toboolean": (1, 1), "tointegerornull": (1, 1), "tofloatornull": (1, 1),
        "tostringornull": (1, 1), "tobooleanornull": (1, 1), "tolower": (1, 1), "toupper": (1, 1), "lower": (1, 1),
        "upper": (1, 1), "trim": (1, 1), "ltrim": (1, 1), "rtrim": (1, 1), "substring": (2, 3), "split": (2, 2),
        "replace": (3, 3), "left": (2, 2), "right": (2, 2), "abs": (1, 1), "ceil": (1, 1), "floor": (1, 1),
        "round": (1, 3), "sign": (1, 1), "sqrt": (1, 1), "exp": (1, 1), "log": (1, 1), "log10": (1, 1),
        "sin": (1, 1), "cos": (1, 1), "tan": (1, 1), "cot": (1, 1), "asin": (1, 1), "acos": (1, 1), "atan": (1, 1),
        "atan2": (2, 2), "pi": (0, 0), "e": (0, 0), "rand": (0, 0), "degrees": (1, 1), "radians": (1, 1),
        "haversin": (1, 1), "isnan": (1, 1), "timestamp": (0, 0), "startnode": (1, 1), "endnode": (1, 1),
        "exists": (1, 1), "randomuuid": (0, 0),
        "tobooleanlist": (1, 1), "tointegerlist": (1, 1), "tofloatlist": (1, 1), "tostringlist": (1, 1),
        "isempty": (1, 1), "char_length": (1, 1), "character_length": (1, 1), "+": (1, 1),
    ].merging(TemporalFunctions.arities) { a, _ in a }

    static func isAggregate(_ name: String) -> Bool { aggregates.contains(name.lowercased()) }

    static func isKnown(_ name: String) -> Bool {
        let n = name.lowercased()
        return aggregates.contains(n) || scalars[n] != nil
    }

    /// Functions whose result differs between calls with equal arguments.
    static func isNondeterministic(_ name: String) -> Bool {
        let n = name.lowercased()
        if ["rand", "randomuuid", "timestamp"].contains(n) { return true }
        return n.hasSuffix(".realtime") || n.hasSuffix(".statement") || n.hasSuffix(".transaction")
    }
}
