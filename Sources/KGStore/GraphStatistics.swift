import Foundation
import KGCore

/// Counts that describe a store: nodes per label, relationships per type, property keys.
public struct GraphStatistics: Sendable, Equatable {
    public var nodeCount: Int
    public var relationshipCount: Int
    public var nodesByLabel: [String: Int]
    public var relationshipsByType: [String: Int]
    /// Property keys by label (nodes) and by type (relationships).
    public var nodePropertyKeys: [String: [String]]
    public var relationshipPropertyKeys: [String: [String]]
    public var schemaMode: String
    public var fileBytes: Int64

    /// All property keys in use, sorted.
    public var propertyKeys: [String] {
        Array(Set(nodePropertyKeys.values.joined()).union(relationshipPropertyKeys.values.joined())).sorted()
    }

    /// The statistics as JSON (lowerCamel keys, sorted maps), as `govbrain stats --format json`
    /// and `GET /v1/stats` return them.
    public var json: JSON {
        func counts(_ d: [String: Int]) -> JSON { .object(d.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) }) }
        func keys(_ d: [String: [String]]) -> JSON { .object(d.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map(JSON.string))) }) }
        return .object([
            ("nodes", .int(Int64(nodeCount))),
            ("relationships", .int(Int64(relationshipCount))),
            ("labels", counts(nodesByLabel)),
            ("relationshipTypes", counts(relationshipsByType)),
            ("propertyKeys", .array(propertyKeys.map(JSON.string))),
            ("nodePropertyKeys", keys(nodePropertyKeys)),
            ("relationshipPropertyKeys", keys(relationshipPropertyKeys)),
            ("schemaMode", .string(schemaMode)),
            ("fileBytes", .int(fileBytes)),
        ])
    }

    /// The statistics as aligned text for the terminal.
    public var text: String {
        var out = "nodes: \(nodeCount)\nrelationships: \(relationshipCount)\nschema: \(schemaMode)\n"
        out += "\nnodes by label:\n"
        for (l, c) in nodesByLabel.sorted(by: { $0.key < $1.key }) {
            out += "  \(l.padding(toLength: 28, withPad: " ", startingAt: 0)) \(c)\n"
        }
        out += "\nrelationships by type:\n"
        for (t, c) in relationshipsByType.sorted(by: { $0.key < $1.key }) {
            out += "  \(t.padding(toLength: 28, withPad: " ", startingAt: 0)) \(c)\n"
        }
        out += "\nproperty keys:\n"
        for (l, ks) in nodePropertyKeys.sorted(by: { $0.key < $1.key }) { out += "  (:\(l)) \(ks.joined(separator: ", "))\n" }
        for (t, ks) in relationshipPropertyKeys.sorted(by: { $0.key < $1.key }) { out += "  [:\(t)] \(ks.joined(separator: ", "))\n" }
        return out
    }
}

extension GraphStore {
    /// Computes the statistics from the label and type indexes (no full scan of properties).
    public func statistics() throws -> GraphStatistics {
        try withLock {
            var byLabel: [String: Int] = [:]
            for row in try db.rows("SELECT label, count(*) FROM node_labels GROUP BY label") {
                if let l = row[0].int, let c = row[1].int, let name = labelNames[l] { byLabel[name] = Int(c) }
            }
            var byType: [String: Int] = [:]
            for row in try db.rows("SELECT type, count(*) FROM rels GROUP BY type") {
                if let t = row[0].int, let c = row[1].int, let name = typeNames[t] { byType[name] = Int(c) }
            }
            var nodeKeys: [String: [String]] = [:], relKeys: [String: [String]] = [:]
            for row in try db.rows("SELECT owner_kind, owner, key FROM property_keys ORDER BY key") {
                guard let kind = row[0].int, let owner = row[1].int, let key = row[2].text else { continue }
                if kind == 0, let l = labelNames[owner], byLabel[l] != nil { nodeKeys[l, default: []].append(key) }
                if kind == 1, let t = typeNames[owner], byType[t] != nil { relKeys[t, default: []].append(key) }
            }
            let nodes = Int(try db.scalar("SELECT count(*) FROM nodes")?.int ?? 0)
            let rels = Int(try db.scalar("SELECT count(*) FROM rels")?.int ?? 0)
            let bytes = try db.storeBytes()
            let mode = try meta("schema_mode") ?? "ontology"
            return GraphStatistics(nodeCount: nodes, relationshipCount: rels, nodesByLabel: byLabel,
                                   relationshipsByType: byType, nodePropertyKeys: nodeKeys,
                                   relationshipPropertyKeys: relKeys, schemaMode: mode, fileBytes: bytes)
        }
    }
}
