import Foundation
import KGCore
import KGEngine

/// The editable, versioned knowledge base behind the hotline agents' answers: the generated
/// entries (a guide per intent, attached policies; version 0, author `system`) together with the
/// versions agents and offices store, reviewed from `draft` to `published`.
///
/// Who may do what is the caller's to say (`mayPublish`); this type checks the content: intent and
/// office exist, question and answer are non-empty and bounded, regions are adcodes of the graph.
/// Personal numbers in the text are masked before anything is stored, as in work-order notes.
public final class KnowledgeEntryService: @unchecked Sendable {
    public let hotline: HotlineService

    /// Longest question and answer, in characters.
    public static let maxQuestion = 2_000
    public static let maxAnswer = 10_000
    /// Most regions and sources of one version, and the longest source.
    static let maxRegions = 200
    static let maxSources = 20
    static let maxSource = 200

    public init(hotline: HotlineService) { self.hotline = hotline }

    public var book: KnowledgeEntryBook { hotline.knowledgeEntries }

    /// The generated entries (the router's knowledge base, loaded once).
    func generated() throws -> HotlineKnowledgeBase { try hotline.router().knowledge }

    /// Every entry: generated ones not edited, edited ones (version 0 and the stored versions), added ones; by id.
    public func all() throws -> [KnowledgeEntry] {
        let base = try generated()
        var stored: [String: KnowledgeEntryRecord] = [:]
        for r in try book.records() { stored[r.id] = r }
        var out: [KnowledgeEntry] = []
        var seen = Set<String>()
        for e in base.entries {
            seen.insert(e.id)
            if let r = stored[e.id] {
                out.append(merged(r, base: base, generated: HotlineKnowledgeBase.versionZero(e)))
            } else {
                out.append(KnowledgeEntry(id: e.id, kind: e.kind, origin: .generated, department: e.department.isEmpty ? nil : e.department,
                                          versions: [HotlineKnowledgeBase.versionZero(e)]))
            }
        }
        for r in stored.values where !seen.contains(r.id) { out.append(merged(r, base: base, generated: nil)) }
        return out.sorted { $0.id < $1.id }
    }

    private func merged(_ r: KnowledgeEntryRecord, base: HotlineKnowledgeBase, generated: KnowledgeEntryVersion?) -> KnowledgeEntry {
        let latest = r.versions[r.versions.count - 1]
        return KnowledgeEntry(id: r.id, kind: r.kind, origin: r.overridesGenerated ? .edited : .added,
                              department: base.department(ofIntent: latest.intent), versions: (generated.map { [$0] } ?? []) + r.versions)
    }

    /// `GET /v1/hotline/knowledge/entries/{id}`: one entry with every version.
    /// - Throws: `KnowledgeEntryError` (NotFound) for an unknown id.
    public func find(_ id: String) throws -> KnowledgeEntry {
        let base = try generated()
        if let r = try book.record(id) {
            return merged(r, base: base, generated: base.entries.first { $0.id == id }.map(HotlineKnowledgeBase.versionZero))
        }
        guard let e = base.generated(id) else { throw KnowledgeEntryError.notFound(id) }
        return e
    }

    /// `GET /v1/hotline/knowledge/entries`: entries whose latest version matches the filters, by id.
    public func list(_ request: KnowledgeEntryListRequest) throws -> KnowledgeEntryPage {
        let code = ErrorCode.invalidKnowledgeRequest
        var status: KnowledgeEntryStatus?
        if let s = request.status {
            guard let parsed = KnowledgeEntryStatus(rawValue: s) else {
                throw KnowledgeEntryError.invalid("status must be draft or published, not \"\(s.prefix(40))\"")
            }
            status = parsed
        }
        if let intent = request.intent { try checkIntent(intent) }
        if let office = request.office { try checkOffice(office) }
        let limit = try RequestParameters.integer(request.limit, name: "limit", fallback: 50, range: 1...1000, code: code)
        let offset = try RequestParameters.integer(request.offset, name: "offset", fallback: 0, range: 0...Int(Int32.max), code: code)
        let matched = try all().filter { e in
            let v = e.latest
            return (request.intent == nil || v.intent == request.intent) && (request.office == nil || v.office == request.office)
                && (status == nil || v.status == status)
        }
        return KnowledgeEntryPage(total: matched.count, limit: limit, offset: offset, entries: Array(matched.dropFirst(offset).prefix(limit)))
    }

    /// `POST /v1/hotline/knowledge/entries`: a new entry (version 1, a draft unless `status` says published).
    /// - Parameters:
    ///   - author: who is writing (`key <id> (<name>)` from the API key).
    ///   - mayPublish: the caller is a supervisor or an admin.
    /// - Throws: `KnowledgeEntryError`: InvalidKnowledgeRequest (400) for bad content, Forbidden (403) for publishing without `mayPublish`.
    public func create(_ request: KnowledgeEntryCreateRequest, author: String, mayPublish: Bool, now: CypherDateTime? = nil) throws -> KnowledgeEntry {
        let status = request.status ?? .draft
        if status == .published && !mayPublish { throw KnowledgeEntryError.publishNeedsReviewer }
        let office = request.office.flatMap { $0.isEmpty ? nil : $0 }
        let draft = try checked(KnowledgeEntryVersion(version: 1, status: status, intent: request.intent, office: office, question: request.question,
                                                      answer: request.answer, regions: request.regions ?? [], sources: request.sources ?? [],
                                                      author: author, at: (now ?? WorkOrderBook.clock()).description))
        let record = try book.append(id: nil, kind: KnowledgeEntry.customKind) { _, _ in draft }
        return merged(record, base: try generated(), generated: nil)
    }

    /// `PUT /v1/hotline/knowledge/entries/{id}`: a new version of an entry; editing a generated
    /// entry stores an override under its id (its first stored version is 1).
    /// - Throws: `KnowledgeEntryError`: NotFound (404), Conflict (409) when `version` is not the
    ///   latest, Forbidden (403) for publishing without `mayPublish`, InvalidKnowledgeRequest (400).
    public func update(id: String, _ request: KnowledgeEntryUpdateRequest, author: String, mayPublish: Bool,
                       now: CypherDateTime? = nil) throws -> KnowledgeEntry {
        let status = request.status ?? .draft
        if status == .published && !mayPublish { throw KnowledgeEntryError.publishNeedsReviewer }
        let base = try generated()
        let generatedEntry = base.entries.first { $0.id == id && $0.version == 0 }
        let at = (now ?? WorkOrderBook.clock()).description
        let record = try book.append(id: id, kind: generatedEntry?.kind ?? KnowledgeEntry.customKind) { current, _ in
            let previous: KnowledgeEntryVersion
            if let current {
                previous = current.versions[current.versions.count - 1]
            } else if let generatedEntry {
                previous = HotlineKnowledgeBase.versionZero(generatedEntry)
            } else {
                throw KnowledgeEntryError.notFound(id)
            }
            if let sent = request.version, sent != Int64(previous.version) {
                throw KnowledgeEntryError.stale(id, current: previous.version, sent: Int(clamping: sent))
            }
            let office = request.office.map { $0.isEmpty ? nil : $0 } ?? previous.office
            return try checked(KnowledgeEntryVersion(version: previous.version + 1, status: status, intent: request.intent ?? previous.intent,
                                                     office: office, question: request.question ?? previous.question,
                                                     answer: request.answer ?? previous.answer, regions: request.regions ?? previous.regions,
                                                     sources: request.sources ?? previous.sources, author: author, at: at))
        }
        return merged(record, base: base, generated: generatedEntry.map(HotlineKnowledgeBase.versionZero))
    }
}
