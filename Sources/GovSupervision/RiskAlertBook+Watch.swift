import KGCore
import KGEngine

extension RiskAlertBook {
    /// Every alert's status by its code: what a watcher compares between two looks.
    public static func statuses(graph: KnowledgeGraph) throws -> [String: String] {
        var out: [String: String] = [:]
        try graph.forEachNode(label: "RiskAlert") { _, p in
            guard case .string(let code)? = p["code"] else { return }
            if case .string(let s)? = p["status"] { out[code] = s } else { out[code] = "new" }
        }
        return out
    }

    /// The alerts with these codes (those that exist), in the order given, with their enterprises' names.
    public static func alerts(graph: KnowledgeGraph, codes: [String]) throws -> [Alert] {
        let wanted = Set(codes)
        var found: [String: [String: Value]] = [:]
        try graph.forEachNode(label: "RiskAlert") { _, p in
            if case .string(let code)? = p["code"], wanted.contains(code) { found[code] = p }
        }
        let names = try subjectNames(found.values.map { alert($0, names: [:]) }, graph: graph)
        return codes.compactMap { found[$0].map { alert($0, names: names) } }
    }
}
