import KGCore
import KGEngine
import Foundation

/// The question set of policy Q&A, built from the policy library, and recall@5 and MRR of each
/// retrieval mode on it. For every policy whose summary has a support measure ("对…给予/奖励/按…"),
/// the question is how a citizen or an enterprise would ask about it: the place (short name of
/// the policy's first region) + who is supported + a question ending ("能享受什么支持？", "有什么补贴？",
/// "怎么奖励？" in turn); the relevant passage is the measure's own passage.
public enum PolicySearchEvaluation {
    public struct Question: Sendable {
        public let text: String
        public let policyCode: String
        public let article: Int
    }

    static let endings = ["能享受什么支持？", "有什么补贴？", "怎么奖励？"]
    static let verbs = ["给予", "奖励", "按", "补助", "补贴", "一次性"]

    public static func questions(_ library: PolicyPassages) -> [Question] {
        var out: [Question] = []
        let byCode = Dictionary(library.policies.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<String>()
        for p in library.passages where p.text.hasPrefix("对") && !seen.contains(p.policyCode) {
            let body = p.text.dropFirst()
            guard let cut = verbs.compactMap({ body.range(of: $0)?.lowerBound }).min() else { continue }
            let who = String(body[..<cut]).trimmingCharacters(in: .whitespaces)
            guard who.count >= 2, who.count <= 30 else { continue }
            let region = byCode[p.policyCode]?.regionNames.first ?? ""
            let place = RegionNameForms.shortForm(region) ?? region
            seen.insert(p.policyCode)
            out.append(Question(text: place + who + endings[out.count % endings.count], policyCode: p.policyCode, article: p.article))
        }
        return out
    }

    /// The validation half (even positions) and the test half (odd positions) of the questions.
    public static func halves(_ qs: [Question]) -> (validation: [Question], test: [Question]) {
        (qs.enumerated().filter { $0.offset % 2 == 0 }.map(\.element), qs.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
    }

    /// recall@5 and MRR (over the top 100) of one mode on `qs`.
    static func measure(_ search: PolicySearch, _ qs: [Question], mode: PolicySearch.Mode) throws -> (recall: Double, mrr: Double) {
        var hits = 0, reciprocal = 0.0
        for q in qs {
            let ranked = try search.search(q.text, k: 100, mode: mode)
            if let r = ranked.firstIndex(where: { $0.passage.policyCode == q.policyCode && $0.passage.article == q.article }) {
                if r < 5 { hits += 1 }
                reciprocal += 1 / Double(r + 1)
            }
        }
        let n = Double(max(1, qs.count))
        return (Double(hits) / n, reciprocal / n)
    }

    /// The dense weight with the best MRR on the validation questions (0, 1/8, 1/4, 1/2 or 1).
    public static func tune(_ search: PolicySearch) throws -> Double {
        guard search.hasDense else { return 0 }
        let validation = halves(questions(search.library)).validation
        var best = (weight: 0.0, mrr: -1.0)
        for w in [0.0, 0.125, 0.25, 0.5, 1.0] {
            var s = search
            s.denseWeight = w
            let m = try measure(s, validation, mode: .hybrid).mrr
            if m > best.mrr { best = (w, m) }
        }
        return best.weight
    }

    /// recall@5 and MRR of each mode on the test half of the questions (the fusion weight tuned on the other half).
    public static func run(_ search: PolicySearch) throws -> Report {
        let test = halves(questions(search.library)).test
        var modes: [(mode: String, recallAt5: Double, mrr: Double)] = []
        for mode in PolicySearch.Mode.allCases where mode != .dense || search.hasDense {
            let m = try measure(search, test, mode: mode)
            modes.append((mode.rawValue, m.recall, m.mrr))
        }
        return Report(questions: test.count, passages: search.library.passages.count, dense: search.hasDense, denseWeight: search.denseWeight,
                      modes: modes, examples: test.prefix(3).map { .init(question: $0.text, policyId: $0.policyCode, article: $0.article) })
    }

    /// The evaluation: how many test questions and passages, each mode's recall@5 and MRR, and examples.
    public struct Report: Encodable, Sendable {
        public var questions: Int
        public var passages: Int
        public var dense: Bool
        public var denseWeight: Double
        public var modes: [(mode: String, recallAt5: Double, mrr: Double)]
        public var examples: [Example]

        public struct Example: Encodable, Sendable {
            public var question: String
            public var policyId: String
            public var article: Int
        }


        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: StringCodingKey.self)
            try c.encode(questions, forKey: StringCodingKey("questions")); try c.encode(passages, forKey: StringCodingKey("passages"))
            try c.encode(dense, forKey: StringCodingKey("dense")); try c.encode(denseWeight, forKey: StringCodingKey("denseWeight"))
            var m = c.nestedContainer(keyedBy: StringCodingKey.self, forKey: StringCodingKey("modes"))
            for row in modes {
                var r = m.nestedContainer(keyedBy: StringCodingKey.self, forKey: StringCodingKey(row.mode))
                try r.encode(row.recallAt5, forKey: StringCodingKey("recallAt5")); try r.encode(row.mrr, forKey: StringCodingKey("mrr"))
            }
            try c.encode(examples, forKey: StringCodingKey("examples"))
        }
    }
}
