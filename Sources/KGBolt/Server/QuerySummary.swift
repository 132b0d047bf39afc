import KGCypher

/// The metadata of the SUCCESS that ends a result: query type, counters, timing.
enum QuerySummary {
    /// The metadata for a finished query.
    /// - Parameters:
    ///   - bookmark: the bookmark of an auto-commit query's transaction (nil inside an explicit one).
    static func metadata(_ result: QueryResult, milliseconds: Int64, bookmark: String?) -> [String: PackValue] {
        let s = result.statistics
        var stats: [String: PackValue] = [:]
        let counters: [(String, Int)] = [
            ("nodes-created", s.nodesCreated), ("nodes-deleted", s.nodesDeleted),
            ("relationships-created", s.relationshipsCreated), ("relationships-deleted", s.relationshipsDeleted),
            ("properties-set", s.propertiesSet + s.propertiesRemoved), ("labels-added", s.labelsAdded), ("labels-removed", s.labelsRemoved),
        ]
        for (key, n) in counters where n > 0 { stats[key] = .int(Int64(n)) }
        if s.containsUpdates { stats["contains-updates"] = .bool(true) }
        var metadata: [String: PackValue] = [
            "type": .string(s.containsUpdates ? (result.columns.isEmpty ? "w" : "rw") : "r"),
            "t_last": .int(milliseconds), "db": .string(BoltSession.databaseName), "stats": .map(stats),
        ]
        if let bookmark { metadata["bookmark"] = .string(bookmark) }
        return metadata
    }
}
