import KGCore
import KGCypher

/// The query result JSON (the contract in `../shared/tck/CONTRACT.md`, also served by
/// `POST /v1/query`): every object is a one-key tagged value, so integers, floats, maps,
/// nodes, relationships and paths survive the trip through JSON.
public enum WireFormat {
    /// Encodes a value; nodes and relationships are looked up in `graph` for labels and properties.
    public static func encode(_ v: Value, graph: GraphReadable?) -> JSON {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .object([("$float", .string(floatText(d)))])
        case .string(let s): return .string(s)
        case .list(let items): return .array(items.map { encode($0, graph: graph) })
        case .map(let m):
            return .object([("$map", .object(m.keys.sorted().map { ($0, encode(m[$0]!, graph: graph)) }))])
        case .date(let d): return .object([("$temporal", .string(d.description))])
        case .dateTime(let t): return .object([("$temporal", .string(t.description))])
        case .time(let t): return .object([("$temporal", .string(t.description))])
        case .localTime(let t): return .object([("$temporal", .string(t.description))])
        case .localDateTime(let t): return .object([("$temporal", .string(t.description))])
        case .duration(let d): return .object([("$temporal", .string(d.description))])
        case .node(let id): return .object([("$node", nodeBody(id, graph: graph))])
        case .relationship(let r): return .object([("$rel", relBody(r, graph: graph))])
        case .path(let p):
            var items: [JSON] = [.object([("$node", nodeBody(p.nodes[0], graph: graph))])]
            for (k, r) in p.relationships.enumerated() {
                items.append(.object([("$rel", relBody(r, graph: graph))]))
                items.append(.object([("$node", nodeBody(p.nodes[k + 1], graph: graph))]))
            }
            return .object([("$path", .array(items))])
        }
    }

    static func floatText(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        return "\(d)"
    }

    private static func properties(_ props: [String: Value], graph: GraphReadable?) -> JSON {
        .object(props.keys.sorted().map { k in
            let v = props[k]!
            return (k, encode(v, graph: graph))
        })
    }

    private static func nodeBody(_ id: Int64, graph: GraphReadable?) -> JSON {
        let labels = (try? graph?.labels(ofNode: id)) ?? []
        let props = (try? graph?.properties(ofNode: id)) ?? [:]
        return .object([("id", .int(id)), ("labels", .array(labels.map(JSON.string))),
                        ("properties", properties(props, graph: graph))])
    }

    private static func relBody(_ r: RelationshipRef, graph: GraphReadable?) -> JSON {
        let props = (try? graph?.properties(ofRelationship: r.id)) ?? [:]
        return .object([("id", .int(r.id)), ("type", .string(r.type)), ("start", .int(r.start)), ("end", .int(r.end)),
                        ("properties", properties(props, graph: graph))])
    }

    /// Decodes parameters: `{"name": value, …}` in the wire format.
    public static func decodeParameters(_ json: JSON) throws -> [String: Value] {
        guard case .object(let members) = json else {
            throw EngineError(code: .badValue, message: "parameters must be a JSON object {\"name\": value, …}")
        }
        var out: [String: Value] = [:]
        for (k, v) in members { out[k] = try decode(v) }
        return out
    }

    /// Decodes one wire value. Bare JSON numbers with a fraction are accepted as floats.
    public static func decode(_ json: JSON) throws -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .array(let items): return .list(try items.map(decode))
        case .object(let members):
            guard members.count == 1 else {
                // A plain object is taken as a map (friendlier for HTTP clients).
                var m: [String: Value] = [:]
                for (k, v) in members { m[k] = try decode(v) }
                return .map(m)
            }
            let (tag, body) = members[0]
            switch tag {
            case "$float":
                guard case .string(let s) = body, let d = Double(s) ?? special(s) else {
                    throw EngineError(code: .badValue, message: "bad $float value; write {\"$float\": \"1.5\"}")
                }
                return .double(d)
            case "$map":
                guard case .object(let inner) = body else { throw EngineError(code: .badValue, message: "$map needs an object") }
                var m: [String: Value] = [:]
                for (k, v) in inner { m[k] = try decode(v) }
                return .map(m)
            case "$temporal":
                guard case .string(let s) = body else { throw EngineError(code: .badValue, message: "$temporal needs a string") }
                return Value(temporalText: s) ?? .string(s)
            default:
                return .map([tag: try decode(body)])
            }
        }
    }

    private static func special(_ s: String) -> Double? {
        switch s.lowercased() {
        case "nan": return .nan
        case "infinity", "inf": return .infinity
        case "-infinity", "-inf": return -.infinity
        default: return nil
        }
    }

    /// The whole result document.
    static func document(columns: [String], rows: [JSON], stats: QueryStatistics, plan: PlanDescription?, elapsedMs: Double? = nil) -> JSON {
        var members: [(String, JSON)] = [
            ("columns", .array(columns.map(JSON.string))),
            ("rows", .array(rows)),
            ("stats", .object([
                ("nodesCreated", .int(Int64(stats.nodesCreated))), ("nodesDeleted", .int(Int64(stats.nodesDeleted))),
                ("relationshipsCreated", .int(Int64(stats.relationshipsCreated))), ("relationshipsDeleted", .int(Int64(stats.relationshipsDeleted))),
                ("propertiesSet", .int(Int64(stats.propertiesSet))), ("propertiesRemoved", .int(Int64(stats.propertiesRemoved))),
                ("labelsAdded", .int(Int64(stats.labelsAdded))), ("labelsRemoved", .int(Int64(stats.labelsRemoved))),
            ])),
        ]
        if let plan { members.append(("plan", plan.json())) }
        // Engine time (parse, plan, run, commit), for benchmarks; not part of the compared result.
        if let elapsedMs { members.append(("elapsedMs", .double((elapsedMs * 1000).rounded() / 1000))) }
        return .object(members)
    }

    /// An error document `{"error": {type, code, phase, message, line, column}}`.
    public static func errorDocument(_ error: Error) -> JSON {
        if let c = error as? CypherError {
            var m: [(String, JSON)] = [("type", .string(c.type.rawValue)), ("code", .string(c.code.rawValue)),
                                       ("phase", .string(c.cypherPhase.rawValue)), ("message", .string(c.message))]
            if let l = c.location { m.append(("line", .int(Int64(l.line)))); m.append(("column", .int(Int64(l.column)))) }
            return .object([("error", .object(m))])
        }
        if let g = error as? GovBrainError {
            var m: [(String, JSON)] = [("type", .string(g.phase == "ontology" ? "ConstraintValidationFailed" : "DatabaseError")),
                                       ("code", .string(g.code.rawValue)), ("phase", .string("runtime")), ("message", .string(g.message))]
            if let l = g.location { m.append(("line", .int(Int64(l.line)))); m.append(("column", .int(Int64(l.column)))) }
            return .object([("error", .object(m))])
        }
        return .object([("error", .object([("type", .string("DatabaseError")), ("code", .string("InternalError")),
                                            ("phase", .string("runtime")), ("message", .string("\(error)"))]))])
    }
}
