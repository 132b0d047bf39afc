import KGCore
import KGEmbedding

extension HotlineKnowledgeBase {
    /// This knowledge base with the stored entries' latest published versions: an override takes
    /// the place of the generated entry with its id, an added entry joins at the end. An entry
    /// with drafts only changes nothing (the generated entry it edits stays as it was).
    func merging(_ records: [KnowledgeEntryRecord]) -> HotlineKnowledgeBase {
        var replaced: [String: Entry] = [:]
        var added: [Entry] = []
        let known = Set(entries.map(\.id))
        for record in records {
            guard let v = record.versions.last(where: { $0.status == .published }) else { continue }
            let entry = Entry(id: record.id, intent: v.intent, department: department(ofIntent: v.intent) ?? "", kind: record.kind,
                              question: v.question, answer: v.answer, sources: v.sources, regions: v.regions,
                              vector: vocabulary.vector(v.question + "。" + v.answer), version: v.version, office: v.office)
            if known.contains(record.id) { replaced[record.id] = entry } else { added.append(entry) }
        }
        guard !replaced.isEmpty || !added.isEmpty else { return self }
        return HotlineKnowledgeBase(entries: entries.map { replaced[$0.id] ?? $0 } + added, vocabulary: vocabulary)
    }

    /// The department type that handles an intent (its guide entry's).
    public func department(ofIntent intent: String) -> String? {
        entries.first { $0.kind == "guide" && $0.intent == intent }?.department
    }

    /// The generated entry with this id, as version 0 of the editable knowledge base.
    func generated(_ id: String) -> KnowledgeEntry? {
        guard let e = entries.first(where: { $0.id == id && $0.version == 0 }) else { return nil }
        return KnowledgeEntry(id: e.id, kind: e.kind, origin: .generated, department: e.department.isEmpty ? nil : e.department,
                              versions: [Self.versionZero(e)])
    }

    static func versionZero(_ e: Entry) -> KnowledgeEntryVersion {
        KnowledgeEntryVersion(version: 0, status: .published, intent: e.intent, question: e.question, answer: e.answer,
                              regions: e.regions, sources: e.sources, author: KnowledgeEntryVersion.system, at: "")
    }
}
