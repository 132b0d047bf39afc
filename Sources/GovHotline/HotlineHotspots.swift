import Foundation
import KGCore
import KGEngine
import KGEmbedding
import KGML

/// Hotspots: spikes of similar work orders in one place within a short time (many water-outage
/// reports in one district within hours).
///
/// The work orders created in the window `(at − window, at]` are grouped by county and, within a
/// county, clustered in the text-embedding space (single linkage: two work orders join when the
/// cosine of their embeddings reaches `similarity`; without a text encoder, by intent). A
/// cluster is a hotspot when its size is improbable under the county's baseline: the work orders
/// of the preceding `baselineWindows` windows that resemble the cluster's centroid as closely,
/// per window, smoothed by ½, as the mean of a Poisson count; the cluster is reported when the
/// upper tail P(X ≥ size) is below `alpha` and the size is at least `minimumSize`.
public struct HotlineHotspots: Sendable {
    public struct Configuration: Sendable {
        public var window: Int64 = 86_400
        public var baselineWindows = 28
        public var similarity: Float = 0.5
        public var minimumSize = 5
        public var alpha = 1e-3
        public init() {}
    }

    /// Parses a window such as `24h`, `90m`, `7d`, `3600s` or `3600` (seconds).
    public static func parseWindow(_ text: String) throws -> Int64 {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var number = Substring(t), unit: Int64 = 1
        if let last = t.last, let u = units[last] { number = t.dropLast(); unit = u }
        guard let n = Int64(number), n > 0, n <= 366 * 86_400 / unit else {
            throw EngineError(code: .badValue, message: "window \"\(text)\" is not a duration; use a positive number with s, m, h or d, e.g. 24h (at most a year)")
        }
        return n * unit
    }

    /// The hotspots at time `at` (default: the newest work order).
    public static func detect(cases: CaseDirectory, places: PlaceResolver, encoder: TextEncoder?, at: CypherDateTime?,
                              configuration c: Configuration) -> HotspotReport {
        let newest = cases.all.compactMap(\.createdAt).max()
        guard let end = at ?? newest else { return HotspotReport(hotspots: []) }
        let windowStart = end.epochSeconds - c.window
        let baselineStart = windowStart - c.window * Int64(c.baselineWindows)
        var recent: [String: [CaseDirectory.Case]] = [:], baseline: [String: [CaseDirectory.Case]] = [:]
        for w in cases.all {
            guard let t = w.createdAt?.epochSeconds, let region = w.adcode else { continue }
            if t > windowStart && t <= end.epochSeconds { recent[region, default: []].append(w) } else if t > baselineStart && t <= windowStart {
                baseline[region, default: []].append(w)
            }
        }
        func embed(_ w: CaseDirectory.Case) -> [Float]? { encoder.map { $0.encode(w.text) } }
        var found: [(p: Double, hotspot: HotspotReport.Hotspot)] = []
        for (region, orders) in recent where orders.count >= c.minimumSize {
            let sorted = orders.sorted { ($0.createdAt!, $0.code) < ($1.createdAt!, $1.code) }
            let vectors = sorted.map(embed)
            let clusters = cluster(sorted, vectors: vectors, threshold: c.similarity)
            let past = baseline[region] ?? []
            let pastVectors = past.map(embed)
            for members in clusters where members.count >= c.minimumSize {
                var intents: [String: Int] = [:]
                for m in members { intents[sorted[m].intent ?? "unknown", default: 0] += 1 }
                let intent = intents.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key
                var similarPast = 0
                if let centroid = centroid(members.compactMap { vectors[$0] }) {
                    for v in pastVectors { if let v, dot(v, centroid) >= c.similarity * norm(centroid) { similarPast += 1 } }
                } else {
                    similarPast = past.filter { $0.intent == intent }.count
                }
                let expected = (Double(similarPast) + 0.5) / Double(c.baselineWindows)
                let p = poissonTail(atLeast: members.count, mean: expected)
                guard p < c.alpha else { continue }
                let first = sorted[members.first!].createdAt!, last = sorted[members.last!].createdAt!
                found.append((p, HotspotReport.Hotspot(
                    adcode: region, region: places.region(region)?.name, intent: intent, count: members.count,
                    expected: (expected * 1000).rounded() / 1000, ratio: (Double(members.count) / expected * 10).rounded() / 10,
                    pValue: p, from: first.description, to: last.description,
                    workOrders: members.map { m in
                        let w = sorted[m]
                        return HotspotReport.WorkOrder(id: w.code, createdAt: w.createdAt!.description, intent: w.intent, text: w.text)
                    })))
            }
        }
        found.sort { $0.p < $1.p }
        return HotspotReport(at: end.description, windowSeconds: c.window, baselineWindows: c.baselineWindows,
                             method: encoder == nil ? "intent" : "embedding", hotspots: found.map(\.hotspot))
    }

    /// Single-linkage clusters (indices, ascending) by cosine ≥ threshold, or by intent without vectors.
    static func cluster(_ orders: [CaseDirectory.Case], vectors: [[Float]?], threshold: Float) -> [[Int]] {
        var parent = Array(orders.indices)
        func find(_ i: Int) -> Int { var i = i; while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }; return i }
        for i in orders.indices {
            for j in orders.indices where j > i {
                let joined: Bool
                if let a = vectors[i], let b = vectors[j] { joined = dot(a, b) >= threshold } else { joined = orders[i].intent != nil && orders[i].intent == orders[j].intent }
                if joined { parent[find(i)] = find(j) }
            }
        }
        var groups: [Int: [Int]] = [:]
        for i in orders.indices { groups[find(i), default: []].append(i) }
        return groups.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    static func centroid(_ vectors: [[Float]]) -> [Float]? {
        guard let first = vectors.first else { return nil }
        var sum = [Float](repeating: 0, count: first.count)
        for v in vectors { for j in 0..<v.count { sum[j] += v[j] } }
        let n = norm(sum)
        return n > 0 ? sum.map { $0 / n } : nil
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
    static func norm(_ a: [Float]) -> Float { dot(a, a).squareRoot() }

    /// P(X ≥ k) for X ~ Poisson(mean), summed in log space from k upwards.
    static func poissonTail(atLeast k: Int, mean: Double) -> Double {
        guard k > 0 else { return 1 }
        var total = 0.0
        for i in k..<(k + 400) {
            let term = exp(-mean + Double(i) * log(mean) - lgamma(Double(i) + 1))
            total += term
            if term < total * 1e-16 { break }
        }
        return min(1, total)
    }
}
