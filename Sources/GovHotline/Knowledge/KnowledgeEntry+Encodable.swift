import KGCore

extension KnowledgeEntry: Encodable {
    /// The entry as `GET /v1/hotline/knowledge/entries/{id}`, `POST` and `PUT` return it: the latest
    /// version's fields, the published version number, and every version.
    public func encode(to encoder: any Encoder) throws { try wire(withVersions: true).encode(to: encoder) }

    /// The entry as one JSON value; a listing leaves out the versions (`versionCount` says how many).
    func wire(withVersions: Bool) -> JSON {
        let v = latest
        var members: [(String, JSON)] = [
            ("id", .string(id)), ("kind", .string(kind)), ("origin", .string(origin.rawValue)),
            ("department", department.map(JSON.string) ?? .null), ("intent", .string(v.intent)), ("office", v.office.map(JSON.string) ?? .null),
            ("question", .string(v.question)), ("answer", .string(v.answer)),
            ("regions", .array(v.regions.map(JSON.string))), ("sources", .array(v.sources.map(JSON.string))),
            ("status", .string(v.status.rawValue)), ("version", .int(Int64(v.version))),
            ("publishedVersion", published.map { .int(Int64($0.version)) } ?? .null),
            ("author", .string(v.author)), ("at", .string(v.at)), ("versionCount", .int(Int64(versions.count))),
        ]
        if withVersions { members.append(("versions", .array(versions.map(Self.wire)))) }
        return .object(members)
    }

    static func wire(_ v: KnowledgeEntryVersion) -> JSON {
        .object([("version", .int(Int64(v.version))), ("status", .string(v.status.rawValue)), ("intent", .string(v.intent)),
                 ("office", v.office.map(JSON.string) ?? .null), ("question", .string(v.question)), ("answer", .string(v.answer)),
                 ("regions", .array(v.regions.map(JSON.string))), ("sources", .array(v.sources.map(JSON.string))),
                 ("author", .string(v.author)), ("at", .string(v.at))])
    }
}
