import KGCore
import KGEngine
import Foundation

/// The policy library cut into passages for policy Q&A: every policy's summary split at sentence
/// ends (。；！？) into passages of at least 20 characters (short sentences join the next), each
/// with its policy, its article number and the policy title (indexed with the passage, so a
/// question naming the place or the programme finds it).
public struct PolicyPassages: Sendable {
    public struct Passage: Sendable {
        public let policyCode: String
        public let policyNodeID: Int64
        public let title: String
        /// 1-based position in the policy ("第n段").
        public let article: Int
        public let text: String
        /// What is indexed: the title, then the passage.
        public var indexed: String { title + "：" + text }
    }

    /// A policy's facts the question set is built from.
    public struct Policy: Sendable {
        public let code: String
        public let nodeID: Int64
        public let title: String
        public let tags: [String]
        public let regionNames: [String]
        public let forCitizens: Bool
    }

    public let passages: [Passage]
    public let policies: [Policy]

    public init(graph store: KnowledgeGraph) throws {
        func string(_ v: Value?) -> String? { if case .string(let s)? = v { return s } else { return nil } }
        var nodes: [(id: Int64, code: String, title: String, summary: String, citizens: Bool)] = []
        try store.forEachNode(label: "Policy") { id, p in
            var citizens = false
            if case .bool(let b)? = p["forCitizens"] { citizens = b }
            nodes.append((id, string(p["code"]) ?? "\(id)", string(p["title"]) ?? "", string(p["summary"]) ?? "", citizens))
        }
        var tagName: [Int64: String] = [:], regionName: [Int64: String] = [:]
        try store.forEachNode(label: "Tag") { id, p in tagName[id] = string(p["name"]) ?? string(p["code"]) }
        try store.forEachNode(label: "Region") { id, p in regionName[id] = string(p["name"]) }
        var tags: [Int64: [String]] = [:], regions: [Int64: [String]] = [:]
        try store.forEachRelationship(type: "HAS_TAG") { p, t in if let n = tagName[t] { tags[p, default: []].append(n) } }
        try store.forEachRelationship(type: "APPLIES_TO_REGION") { p, r in if let n = regionName[r] { regions[p, default: []].append(n) } }
        var passages: [Passage] = []
        for n in nodes {
            var article = 0, pending = ""
            for sentence in Self.sentences(n.summary) {
                pending += sentence
                guard pending.count >= 20 else { continue }
                article += 1
                passages.append(Passage(policyCode: n.code, policyNodeID: n.id, title: n.title, article: article, text: pending))
                pending = ""
            }
            if !pending.isEmpty {
                article += 1
                passages.append(Passage(policyCode: n.code, policyNodeID: n.id, title: n.title, article: article, text: pending))
            }
        }
        self.passages = passages
        policies = nodes.map { Policy(code: $0.code, nodeID: $0.id, title: $0.title, tags: tags[$0.id] ?? [], regionNames: regions[$0.id] ?? [], forCitizens: $0.citizens) }
    }

    /// Sentences of a text, each with its closing mark.
    static func sentences(_ text: String) -> [String] {
        var out: [String] = [], current = ""
        for c in text {
            current.append(c)
            if "。；！？".contains(c) { out.append(current); current = "" }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { out.append(current) }
        return out
    }
}
