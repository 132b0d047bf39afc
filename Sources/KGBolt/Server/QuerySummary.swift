import KGCypher

/// The metadata of the SUCCESS that ends a result: query type, counters, timing, and the plan
/// of EXPLAIN (`plan`) or PROFILE (`profile`, with the rows each operator produced) in Neo4j's
/// shape (`operatorType`, `args`, `identifiers`, `children`), which drivers expose as
/// `summary.plan` / `summary.profile`.
enum QuerySummary {
    /// The metadata for a finished query.
    /// - Parameters:
    ///   - bookmark: the bookmark of an auto-commit query's transaction (nil inside an explicit one).
    ///   - database: the name of the database the query ran on.
    ///
    /// `properties-set` counts set and removed properties alike, as Neo4j's counter does;
    /// `properties-removed` (an addition drivers keep in the raw summary metadata) says how many
    /// of them were removals, so a client can recover the openCypher TCK's split.
    static func metadata(_ result: QueryResult, milliseconds: Int64, bookmark: String?, database: String) -> [String: PackValue] {
        let s = result.statistics
        var stats: [String: PackValue] = [:]
        let counters: [(String, Int)] = [
            ("nodes-created", s.nodesCreated), ("nodes-deleted", s.nodesDeleted),
            ("relationships-created", s.relationshipsCreated), ("relationships-deleted", s.relationshipsDeleted),
            ("properties-set", s.propertiesSet + s.propertiesRemoved), ("properties-removed", s.propertiesRemoved), ("labels-added", s.labelsAdded), ("labels-removed", s.labelsRemoved),
        ]
        for (key, n) in counters where n > 0 { stats[key] = .int(Int64(n)) }
        if s.containsUpdates { stats["contains-updates"] = .bool(true) }
        var metadata: [String: PackValue] = [
            "type": .string(s.containsUpdates ? (result.columns.isEmpty ? "w" : "rw") : "r"),
            "t_last": .int(milliseconds), "db": .string(database), "stats": .map(stats),
        ]
        if let bookmark { metadata["bookmark"] = .string(bookmark) }
        if let plan = result.plan {
            let profiled = result.mode == "profile"
            metadata[profiled ? "profile" : "plan"] = describe(plan, profiled: profiled)
        }
        return metadata
    }

    private static func describe(_ plan: PlanDescription, profiled: Bool) -> PackValue {
        var args: [String: PackValue] = ["EstimatedRows": .float(plan.estimatedRows)]
        if !plan.details.isEmpty { args["Details"] = .string(plan.details) }
        var map: [String: PackValue] = [
            "operatorType": .string(plan.operatorName), "args": .map(args), "identifiers": .list([]),
            "children": .list(plan.children.map { describe($0, profiled: profiled) }),
        ]
        if profiled {
            map["rows"] = .int(Int64(plan.rows ?? 0))
            map["dbHits"] = .int(0)
        }
        return .map(map)
    }
}
