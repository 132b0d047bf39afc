import Foundation
import KGCore
import KGEmbedding
import KGML

/// How well the FastRP `graph` index finds "similar enterprises": for a deterministic sample of
/// enterprises, the share of their k nearest enterprises that are in the same industry or the
/// same county, against the same shares for k other enterprises drawn at random.
public struct GraphEncoderEvaluation: Sendable {
    public let sampled: Int
    public let k: Int
    public let sameIndustry: Double
    public let sameCounty: Double
    public let randomSameIndustry: Double
    public let randomSameCounty: Double

    public static func run(graph: KnowledgeGraph, sample: Int = 300, k: Int = 5, seed: UInt64 = 7) throws -> GraphEncoderEvaluation {
        var industry: [Int64: Int64] = [:], county: [Int64: Int64] = [:]
        try graph.query("MATCH (e:Enterprise) OPTIONAL MATCH (e)-[:IN_INDUSTRY]->(i) OPTIONAL MATCH (e)-[:LOCATED_IN]->(c) RETURN id(e), id(i), id(c)") { row, _ in
            guard case .int(let e) = row[0] else { return }
            if case .int(let i) = row[1] { industry[e] = i }
            if case .int(let c) = row[2] { county[e] = c }
        }
        let all = industry.keys.sorted()
        guard all.count > k + 1 else { throw EngineError(code: .vectorIndex, message: "too few enterprises (\(all.count)) to evaluate the graph index") }
        let (_, index) = try graph.similarity.catalog.index(SimilarityService.graphIndexName)
        let step = max(1, all.count / sample)
        var rng = SplitMix64(seed: seed)
        var n = 0, industryHits = 0, countyHits = 0, randomIndustry = 0, randomCounty = 0, pairs = 0
        let filter = VectorFilter(allowed: Set(all))
        for e in stride(from: 0, to: all.count, by: step).map({ all[$0] }).prefix(sample) {
            guard let v = index.vector(of: e) else { continue }
            let hits = try index.search(v, k: k + 1, ef: 64, filter: filter).map(\.id).filter { $0 != e }.prefix(k)
            n += 1
            for h in hits {
                pairs += 1
                if industry[h] == industry[e] { industryHits += 1 }
                if county[h] != nil && county[h] == county[e] { countyHits += 1 }
                let r = all[Int(rng.next() % UInt64(all.count))]
                if industry[r] == industry[e] { randomIndustry += 1 }
                if county[r] != nil && county[r] == county[e] { randomCounty += 1 }
            }
        }
        let p = Double(max(1, pairs))
        return GraphEncoderEvaluation(sampled: n, k: k, sameIndustry: Double(industryHits) / p, sameCounty: Double(countyHits) / p,
                                      randomSameIndustry: Double(randomIndustry) / p, randomSameCounty: Double(randomCounty) / p)
    }

    /// The model card of the graph encoder as built for `entry`.
    public func card(entry: VectorIndexCatalog.Entry, database: String) -> ModelCard {
        ModelCard(
            name: "graph-encoder", version: "1.0.0",
            summary: "FastRP node embeddings (Chen et al. 2019, GDS parameters) of every node of a GovBrain database, over all relationships taken as undirected, indexed with HNSW (cosine) as the database's `graph` vector index.",
            intendedUse: "\"Similar enterprises\" and other same-label neighbours (`kg.similar.node`, `POST /v1/similar` with nodeId); graph features for the risk and recommendation models.",
            command: "govbrain vectors build --db \(database) --index graph --card Models/graph-encoder",
            parameters: [("source", entry.source), ("nodes", "\(entry.count)"), ("graph version", "\(entry.graphVersion)")],
            metrics: [
                .init("same industry among \(k) nearest enterprises", sameIndustry, "\(sampled) sampled enterprises"),
                .init("same industry, random enterprises", randomSameIndustry, "baseline: \(k) random enterprises each"),
                .init("same county among \(k) nearest enterprises", sameCounty, "\(sampled) sampled enterprises"),
                .init("same county, random enterprises", randomSameCounty, "baseline"),
            ],
            limitations: [
                "Computed from the graph's structure only (no properties); nodes added after the build are not in the index until `govbrain vectors build` runs again.",
                "Measured on the generated demo graph; the shares depend on how the generator links enterprises to industries, counties, people and policies.",
            ])
    }
}
