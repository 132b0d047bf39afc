import Foundation
import KGCore
import KGEngine
import KGEmbedding
import KGML

/// The hotline agents' knowledge base: question–answer entries per intent, built from the graph.
///
/// - A guide entry per intent: a typical question (the work order of that intent nearest to the
///   centroid of all of them), and an answer that says what the intent covers, which department
///   type handles it, and how long such work orders took to close (median over the graph's
///   closed work orders of the intent).
/// - Policy entries: each policy of the policy library attached to the intents of its issuing
///   department whose wording it shares (TF-IDF cosine between the policy and the intent's
///   description and typical questions), with its title, document number, validity and summary.
///
/// Entries are searched by TF-IDF cosine on the routing model's character n-gram features.
public struct HotlineKnowledgeBase: Sendable {
    public struct Entry: Sendable {
        public let id: String
        public let intent: String
        public let department: String
        /// guide or policy.
        public let kind: String
        public let question: String
        public let answer: String
        /// Policy codes the answer cites.
        public let sources: [String]
        /// Regions a policy applies to (empty: everywhere).
        public let regions: [String]
        let vector: SparseVector
        /// The version found: 0 for a generated entry, the latest published one of a stored entry.
        public var version = 0
        /// The office that owns a stored entry.
        public var office: String?
    }

    public struct Hit: Sendable {
        public let entry: Entry
        public let score: Double
    }

    public let entries: [Entry]
    let vocabulary: TFIDFVocabulary

    /// Minimum cosine between a policy and an intent for the policy to be attached to it.
    static let policyAttachment: Float = 0.12
    /// Policies attached per intent at most.
    static let policiesPerIntent = 5

    public init(graph: KnowledgeGraph, vocabulary: TFIDFVocabulary, cases: CaseDirectory) throws {
        self.vocabulary = vocabulary
        struct IntentInfo { let code, name, description, department, departmentName: String }
        var intents: [IntentInfo] = []
        try graph.query("MATCH (i:Intent) OPTIONAL MATCH (i)-[:HANDLED_BY]->(d:DepartmentType) RETURN i.code, i.name, i.description, d.code, d.name ORDER BY i.code") { row, _ in
            guard case .string(let code) = row[0] else { return }
            func s(_ v: Value) -> String { if case .string(let x) = v { return x } else { return "" } }
            intents.append(IntentInfo(code: code, name: s(row[1]), description: s(row[2]), department: s(row[3]), departmentName: s(row[4])))
        }
        // Work orders per intent: texts, and days to close.
        var texts: [String: [String]] = [:]
        var days: [String: [Double]] = [:]
        for c in cases.all.sorted(by: { $0.code < $1.code }) {
            guard let intent = c.intent else { continue }
            texts[intent, default: []].append(c.text)
            if let created = c.createdAt, let closed = c.closedAt {
                days[intent, default: []].append(Double(closed.epochSeconds - created.epochSeconds) / 86_400)
            }
        }
        var out: [Entry] = []
        var intentVectors: [String: SparseVector] = [:]
        for info in intents {
            let examples = texts[info.code] ?? []
            let question = Self.typical(examples, vocabulary: vocabulary) ?? info.name
            var answer = "此类诉求属于「\(info.name)」（\(info.description)），由\(info.departmentName.isEmpty ? info.department : info.departmentName)负责办理。"
            if let d = days[info.code], !d.isEmpty {
                let sorted = d.sorted()
                answer += String(format: "据%d件同类已办结工单，办结时长中位数为%.1f天。", sorted.count, sorted[sorted.count / 2])
            }
            let vector = vocabulary.vector(info.name + "，" + info.description + "，" + question)
            intentVectors[info.code] = vocabulary.vector(([info.name, info.description] + examples.prefix(200)).joined(separator: "。"))
            out.append(Entry(id: "KB-\(info.code)", intent: info.code, department: info.department, kind: "guide", question: question,
                             answer: answer, sources: [], regions: [], vector: vector))
        }
        // Policies, attached to the intents of their issuing department they resemble.
        struct PolicyInfo { let code, title, summary, docNumber, validUntil, department: String; let regions: [String] }
        var policies: [PolicyInfo] = []
        try graph.query("""
            MATCH (p:Policy)-[:ISSUED_BY]->(:Office)-[:OF_TYPE]->(d:DepartmentType)
            OPTIONAL MATCH (p)-[:APPLIES_TO_REGION]->(r:Region)
            RETURN p.code, p.title, p.summary, p.docNumber, p.validUntil, d.code, collect(r.adcode) ORDER BY p.code
            """) { row, _ in
            func s(_ v: Value) -> String { if case .string(let x) = v { return x } else if v == .null { return "" } else { return ValueRenderer.text(v, graph: nil) } }
            var regions: [String] = []
            if case .list(let items) = row[6] { regions = items.compactMap { if case .string(let x) = $0 { return x } else { return nil } } }
            policies.append(PolicyInfo(code: s(row[0]), title: s(row[1]), summary: s(row[2]), docNumber: s(row[3]), validUntil: s(row[4]),
                                       department: s(row[5]), regions: regions))
        }
        var attached: [String: [(PolicyInfo, Float)]] = [:]
        var policyVectors: [String: SparseVector] = [:]
        for p in policies {
            let v = vocabulary.vector(p.title + "。" + p.summary)
            policyVectors[p.code] = v
            for info in intents where info.department == p.department {
                guard let iv = intentVectors[info.code] else { continue }
                let score = v.dot(iv)
                if score >= Self.policyAttachment { attached[info.code, default: []].append((p, score)) }
            }
        }
        for info in intents {
            for (p, _) in (attached[info.code] ?? []).sorted(by: { $0.1 > $1.1 }).prefix(Self.policiesPerIntent * 8) {
                var answer = "可参考《\(p.title)》"
                if !p.docNumber.isEmpty { answer += "（\(p.docNumber)）" }
                if !p.validUntil.isEmpty { answer += "，有效期至\(p.validUntil)" }
                answer += "：" + String(p.summary.prefix(160)) + (p.summary.count > 160 ? "…" : "")
                out.append(Entry(id: "KB-\(info.code)-\(p.code)", intent: info.code, department: info.department, kind: "policy",
                                 question: "\(info.name)：\(p.title)", answer: answer, sources: [p.code], regions: p.regions,
                                 vector: policyVectors[p.code]!))
            }
        }
        entries = out
    }

    /// A knowledge base of these entries (the generated ones merged with stored ones).
    init(entries: [Entry], vocabulary: TFIDFVocabulary) {
        self.entries = entries
        self.vocabulary = vocabulary
    }

    /// The typical text of a set: the one nearest to the centroid of their TF-IDF vectors.
    static func typical(_ texts: [String], vocabulary: TFIDFVocabulary) -> String? {
        guard !texts.isEmpty else { return nil }
        let sample = Array(texts.prefix(400))
        let vectors = sample.map { vocabulary.vector($0) }
        var centroid: [Int32: Float] = [:]
        for v in vectors { for (i, x) in zip(v.indices, v.values) { centroid[i, default: 0] += x } }
        var best = 0
        var bestScore = -Float.infinity
        for (k, v) in vectors.enumerated() {
            var s: Float = 0
            for (i, x) in zip(v.indices, v.values) { s += x * (centroid[i] ?? 0) }
            if s > bestScore { bestScore = s; best = k }
        }
        return sample[best]
    }

    /// The `k` entries nearest to `text`, optionally only those of `intent` and, for policies,
    /// only those applying to one of `regions` (a region chain; empty: any).
    public func search(_ text: String, k: Int, intent: String? = nil, regions: [String] = []) -> [Hit] {
        search(vector: vocabulary.vector(text), k: k, intent: intent, regions: regions)
    }

    /// `search` for a text whose TF-IDF vector over this knowledge base's vocabulary is `q`.
    public func search(vector q: SparseVector, k: Int, intent: String? = nil, regions: [String] = []) -> [Hit] {
        var hits: [Hit] = []
        for e in entries where intent == nil || e.intent == intent {
            if !regions.isEmpty && !e.regions.isEmpty && !e.regions.contains(where: regions.contains) { continue }
            hits.append(Hit(entry: e, score: Double(q.dot(e.vector))))
        }
        hits.sort { $0.score != $1.score ? $0.score > $1.score : $0.entry.id < $1.entry.id }
        return Array(hits.prefix(k))
    }
}

extension HotlineKnowledgeBase.Hit: Encodable {
    /// The entry as the API returns it (score to four decimals).
    public func encode(to encoder: any Encoder) throws { try wireValue.encode(to: encoder) }

    /// The entry as one value (the routing's answer adds `relatedPolicies` to these members).
    var wireValue: JSON { .object(wireMembers) }

    var wireMembers: [(String, JSON)] {
        var members: [(String, JSON)] = [
            ("id", .string(entry.id)), ("intent", .string(entry.intent)), ("department", .string(entry.department)),
            ("kind", .string(entry.kind)), ("question", .string(entry.question)), ("answer", .string(entry.answer)),
            ("sources", .array(entry.sources.map { .string($0) })), ("score", .double((score * 10_000).rounded() / 10_000))]
        // A stored entry says which version was found and whose it is (generated ones keep their old shape).
        if entry.version > 0 {
            members.append(("version", .int(Int64(entry.version))))
            members.append(("office", entry.office.map(JSON.string) ?? .null))
        }
        return members
    }
}
