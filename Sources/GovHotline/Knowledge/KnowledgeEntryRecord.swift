import KGCore

/// An entry as a `KnowledgeEntry` node holds it: its id, kind and stored versions (from 1). The
/// node also carries the latest version's intent, office, question, answer and status as
/// properties of their own, so Cypher can read them without parsing the `versions` JSON.
public struct KnowledgeEntryRecord: Sendable, Equatable {
    public let id: String
    public let kind: String
    /// Stored versions, oldest first (never empty).
    public let versions: [KnowledgeEntryVersion]

    public init(id: String, kind: String, versions: [KnowledgeEntryVersion]) {
        self.id = id; self.kind = kind; self.versions = versions
    }

    static let label = "KnowledgeEntry"

    /// Whether the record overrides a generated entry (its id is the generated entry's).
    public var overridesGenerated: Bool { id.hasPrefix("KB-") }

    /// The node's properties.
    var properties: [String: Value] {
        let latest = versions[versions.count - 1]
        var p: [String: Value] = [
            "code": .string(id), "kind": .string(kind), "intentCode": .string(latest.intent), "question": .string(latest.question),
            "answer": .string(latest.answer), "status": .string(latest.status.rawValue), "version": .int(Int64(latest.version)),
            "publishedVersion": .int(Int64(versions.last { $0.status == .published }?.version ?? 0)),
            "versions": .string(JSONWriter.string((try? JSONValueEncoder().encode(versions)) ?? .array([]))),
        ]
        if let office = latest.office { p["officeCode"] = .string(office) }
        if let first = versions.first.flatMap({ CypherDateTime(iso: $0.at) }) { p["createdAt"] = .dateTime(first) }
        if let last = CypherDateTime(iso: latest.at) { p["updatedAt"] = .dateTime(last) }
        return p
    }

    /// The record a node holds, or nil when it is not one (no parseable `versions`).
    init?(properties p: [String: Value]) {
        guard case .string(let id)? = p["code"], case .string(let text)? = p["versions"],
              let json = try? JSONParser.parse(text),
              let versions = try? JSONValueDecoder().decode([KnowledgeEntryVersion].self, from: json), !versions.isEmpty else { return nil }
        var kind = KnowledgeEntry.customKind
        if case .string(let k)? = p["kind"] { kind = k }
        self.init(id: id, kind: kind, versions: versions)
    }
}
