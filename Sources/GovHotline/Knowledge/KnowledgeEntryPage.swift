import KGCore

/// One page of knowledge-base entries, by id, each with its latest version (no history).
public struct KnowledgeEntryPage: Encodable, Sendable {
    public var total: Int
    public var limit: Int
    public var offset: Int
    public var entries: [KnowledgeEntry]

    public func encode(to encoder: any Encoder) throws {
        try JSON.object([("total", .int(Int64(total))), ("limit", .int(Int64(limit))), ("offset", .int(Int64(offset))),
                         ("entries", .array(entries.map { $0.wire(withVersions: false) }))]).encode(to: encoder)
    }
}
