import Foundation
import KGCore
import GovSupervision
import KGEngine
import KGML

/// The temporal hold-out of policy recommendation. With "now" the half-year after the last record:
/// blends are learned on the validation half-year (history before now − 12 months, truth in the
/// half-year after) and measured on the test half-year (history before now − 6 months, truth: what
/// each enterprise applied for after that and received). Every ranker recommends only eligible
/// policies the enterprise has not applied for; outside rankers (implicit ALS) are read from a file
/// of ranked lists and measured as they are and with the same eligibility filter.
public struct PolicyRecommendationEvaluation: Sendable {
    public struct Metrics: Sendable, Encodable {
        public let name: String
        public let recall: Double
        public let ndcg: Double
        public let coverage: Double
        public let eligibleShare: Double
        public let users: Int
        enum CodingKeys: String, CodingKey {
            case name = "ranker", recall = "recallAt10", ndcg = "ndcgAt10", coverage, eligibleShare, users
        }
    }

    public static let k = 10
    public let validation: PolicyRecommendationSplit
    public let test: PolicyRecommendationSplit
    /// The learned blends: content-only, collaborative-only, and all features.
    public let content: PolicyBlend
    public let collaborative: PolicyBlend
    public let blend: PolicyBlend
    /// Share of the test truth that was among the enterprises' candidates at the cut (the best recall possible).
    public let reachable: Double
    /// Per test enterprise: its candidates at the cut (eligible, not taken up) with their features.
    let candidates: [Int: [(index: Int, features: [Double])]]

    public init(context: PolicyRecommendationContext) throws {
        let now = context.records.now
        let testCut = SupervisionCalendar.shift(now, months: -6), validationCut = SupervisionCalendar.shift(now, months: -12)
        let placeholder = PolicyBlend.single(.popularity)
        validation = PolicyRecommendationSplit(context: context, cut: validationCut, end: testCut, blend: placeholder)
        test = PolicyRecommendationSplit(context: context, cut: testCut, end: now, blend: placeholder)
        guard !validation.truth.isEmpty, !test.truth.isEmpty else {
            throw ModelError(code: .insufficientData, "no policy grants in the half-years after \(PolicyRecommender.iso(validationCut)) and \(PolicyRecommender.iso(testCut)); the evaluation needs applications and grants on both sides of each cut-off")
        }
        let (rows, labels) = validation.trainingRows()
        content = try PolicyBlend.fit(features: PolicyFeature.contentGroup, rows: rows, labels: labels)
        collaborative = try PolicyBlend.fit(features: PolicyFeature.collaborativeGroup, rows: rows, labels: labels)
        blend = try PolicyBlend.fit(features: PolicyFeature.allCases, rows: rows, labels: labels)
        var hit = 0, total = 0, candidates: [Int: [(index: Int, features: [Double])]] = [:]
        for (e, truth) in test.truth {
            let ranked = test.recommender.ranked(test.profile(e)).map { ($0.index, $0.features) }
            candidates[e] = ranked
            let eligible = Set(ranked.map(\.0))
            total += truth.count
            hit += truth.filter(eligible.contains).count
        }
        self.candidates = candidates
        reachable = total == 0 ? 0 : Double(hit) / Double(total)
    }

    /// The top-10 lists of a blend for the test enterprises.
    public func lists(_ blend: PolicyBlend) -> [Int: [Int]] {
        let codes = test.recommender.catalog.policies.map(\.code)
        var out: [Int: [Int]] = [:]
        for (e, list) in candidates {
            let scored = list.map { ($0.index, blend.score($0.features)) }
            out[e] = scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : codes[$0.0] < codes[$1.0] }.prefix(Self.k).map(\.0)
        }
        return out
    }

    /// Recall@10, NDCG@10, catalogue coverage and the share of eligible items of ranked lists.
    public func measure(_ name: String, _ lists: [Int: [Int]]) -> Metrics {
        var recall = 0.0, ndcg = 0.0, eligible = 0, recommended = 0
        var covered = Set<Int>()
        for (e, truth) in test.truth {
            let list = Array((lists[e] ?? []).prefix(Self.k))
            let candidates = Set((self.candidates[e] ?? []).map(\.index))
            var dcg = 0.0, hits = 0
            for (rank, p) in list.enumerated() {
                covered.insert(p)
                recommended += 1
                if candidates.contains(p) { eligible += 1 }
                if truth.contains(p) { hits += 1; dcg += 1 / log2(Double(rank + 2)) }
            }
            let ideal = (0..<min(truth.count, Self.k)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
            recall += Double(hits) / Double(truth.count)
            ndcg += dcg / ideal
        }
        let n = Double(test.truth.count)
        return Metrics(name: name, recall: recall / n, ndcg: ndcg / n, coverage: Double(covered.count) / Double(max(1, test.openPolicies)),
                       eligibleShare: recommended == 0 ? 1 : Double(eligible) / Double(recommended), users: test.truth.count)
    }

    /// Ranked lists from a CSV file `uscc,policy,rank` (an outside recommender's output).
    public func readLists(_ path: String) throws -> [Int: [Int]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ModelError(code: .fileNotFound, "cannot read the ranked lists \(path)") }
        let codes = Dictionary(test.recommender.catalog.policies.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        var ranked: [Int: [(Int, Int)]] = [:]
        for (n, line) in text.split(whereSeparator: \.isNewline).enumerated() where n > 0 {
            let f = line.split(separator: ",").map(String.init)
            guard f.count >= 3, let e = test.context.records.byUSCC[f[0]], let p = codes[f[1]], let rank = Int(f[2]) else {
                throw ModelError(code: .badValue, "\(path) line \(n + 1): expected uscc,policy,rank with a known enterprise and policy, got \"\(line)\"")
            }
            ranked[e, default: []].append((rank, p))
        }
        return ranked.mapValues { $0.sorted { $0.0 < $1.0 }.map(\.1) }
    }

    /// The same lists keeping only what the enterprise may apply for (eligible, not applied for).
    public func eligibleOnly(_ lists: [Int: [Int]]) -> [Int: [Int]] {
        var out: [Int: [Int]] = [:]
        for (e, list) in lists {
            let candidates = Set((self.candidates[e] ?? []).map(\.index))
            out[e] = Array(list.filter(candidates.contains).prefix(Self.k))
        }
        return out
    }

    /// Popularity, content-only, collaborative-only, the blend, then each outside ranker as given and eligibility-filtered.
    public func table(peers: [(name: String, path: String)]) throws -> [Metrics] {
        var rows = [measure("popularity", lists(.single(.popularity))), measure("content-only", lists(content)),
                    measure("collaborative-only", lists(collaborative)), measure("blend", lists(blend))]
        for peer in peers {
            let lists = try readLists(peer.path)
            rows.append(measure(peer.name, lists))
            rows.append(measure(peer.name + " + eligibility", eligibleOnly(lists)))
        }
        return rows
    }

    /// Writes what an outside recommender needs, per split (`validation/`, `test/`): `train.csv`
    /// (`uscc,policy,day`: first uptake before the cut), `users.csv` (the enterprises to rank for)
    /// and `truth.csv` (`uscc,policy`).
    public func export(to directory: String) throws {
        for (name, split) in [("validation", validation), ("test", test)] {
            let dir = (directory as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let records = split.context.records, catalog = split.recommender.catalog
            var train = "uscc,policy,day\n"
            for (i, p) in catalog.policies.enumerated() {
                var first: [Int64: Int] = [:]
                for a in p.applications + p.grants where a.day < split.cut { first[a.enterprise] = min(first[a.enterprise] ?? .max, a.day) }
                for (node, day) in first.sorted(by: { $0.key < $1.key }) {
                    if let e = records.index[node] { train += "\(records[e].uscc),\(catalog.policies[i].code),\(PolicyRecommender.iso(day))\n" }
                }
            }
            var users = "uscc\n", truth = "uscc,policy\n"
            for e in split.truth.keys.sorted() {
                users += records[e].uscc + "\n"
                for p in split.truth[e]!.sorted() { truth += "\(records[e].uscc),\(catalog.policies[p].code)\n" }
            }
            for (file, text) in [("train.csv", train), ("users.csv", users), ("truth.csv", truth)] {
                try AtomicFile.write(Data(text.utf8), to: (dir as NSString).appendingPathComponent(file))
            }
        }
    }
}
