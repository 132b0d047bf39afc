import KGCore
import KGEngine

extension KnowledgeEntryService {
    /// The version with its text trimmed and personal numbers masked, after checking its content.
    /// - Throws: `KnowledgeEntryError.invalid` naming the member and what it must be.
    func checked(_ version: KnowledgeEntryVersion) throws -> KnowledgeEntryVersion {
        var v = version
        v.question = TextRedactor.redactStrictly(version.question.trimmingWhitespace)
        v.answer = TextRedactor.redactStrictly(version.answer.trimmingWhitespace)
        guard !v.question.isEmpty else { throw KnowledgeEntryError.invalid("\"question\" must be a non-empty string") }
        guard !v.answer.isEmpty else { throw KnowledgeEntryError.invalid("\"answer\" must be a non-empty string") }
        guard v.question.count <= Self.maxQuestion else {
            throw KnowledgeEntryError.invalid("\"question\" is longer than \(Self.maxQuestion) characters; ask it in fewer words")
        }
        guard v.answer.count <= Self.maxAnswer else {
            throw KnowledgeEntryError.invalid("\"answer\" is longer than \(Self.maxAnswer) characters; split it into several entries")
        }
        try checkIntent(v.intent)
        if let office = v.office { try checkOffice(office) }
        var regions: [String] = []
        guard v.regions.count <= Self.maxRegions else { throw KnowledgeEntryError.invalid("\"regions\" has more than \(Self.maxRegions) adcodes") }
        for r in v.regions where !regions.contains(r) {
            guard r.count == 6, r.allSatisfy({ $0.isASCII && $0.isNumber }), try exists("Region", "adcode", r) else {
                throw KnowledgeEntryError.invalid("\"regions\" must list adcodes of the graph's regions such as 450103, not \"\(r.prefix(40))\"")
            }
            regions.append(r)
        }
        v.regions = regions
        guard v.sources.count <= Self.maxSources else { throw KnowledgeEntryError.invalid("\"sources\" has more than \(Self.maxSources) items") }
        v.sources = try v.sources.map { s in
            let t = s.trimmingWhitespace
            guard !t.isEmpty, t.count <= Self.maxSource, !t.contains(where: \.isNewline) else {
                throw KnowledgeEntryError.invalid("each of \"sources\" must be one line of 1 to \(Self.maxSource) characters (a policy code or document number)")
            }
            return TextRedactor.redactStrictly(t)
        }
        return v
    }

    /// - Throws: `.invalid` unless `intent` is an intent id of the taxonomy.
    func checkIntent(_ intent: String) throws {
        guard intent.count <= 64, try exists("Intent", "code", intent) else {
            throw KnowledgeEntryError.invalid("unknown intent \"\(intent.prefix(40))\"; use an id of the taxonomy such as water_outage (Datasets/reference/intents.csv)")
        }
    }

    /// - Throws: `.invalid` unless `office` is the code of an `Office` node.
    func checkOffice(_ office: String) throws {
        guard office.count <= 64, try exists("Office", "code", office) else {
            throw KnowledgeEntryError.invalid("no office \"\(office.prefix(40))\"; offices are listed by `MATCH (o:Office) RETURN o.code, o.name`")
        }
    }

    /// Whether a node of `label` has `key` = `value` (through the key index, or a scan on a graph without an ontology).
    func exists(_ label: String, _ key: String, _ value: String) throws -> Bool {
        let graph = hotline.graph
        if try graph.nodeID(label: label, key: key, value: .string(value)) != nil { return true }
        guard graph.schemaMode != .ontology else { return false }
        return try graph.read { tx in try WorkOrderBook.seek(tx, label, key, value) != nil }
    }
}
