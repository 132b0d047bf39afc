import Foundation
import KGCore
import Testing
@testable import KGAlgorithms

/// Every algorithm against NetworkX's results on the same graphs (fixtures written by
/// `Tools/fixtures/make_algorithm_fixtures.py`).
@Suite struct NetworkXFixtureTests {
    struct Fixture {
        let name: String
        let json: JSON
        let projection: GraphProjection

        func doubles(_ key: String) -> [Double] {
            (json[key]?.arrayValue ?? []).map { v in
                switch v {
                case .int(let i): return Double(i)
                case .double(let d): return d
                default: return .nan
                }
            }
        }
        func ints(_ key: String) -> [Int] { doubles(key).map { Int($0) } }
    }

    static let names = ["karate", "directed_gnp", "weighted_gnm", "les_miserables"]

    static func load(_ name: String, orientation: Orientation? = nil) throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name).json")
        let json = try JSONParser.parse(try String(contentsOf: url, encoding: .utf8))
        let directed = json["directed"] == .bool(true), weighted = json["weighted"] == .bool(true)
        guard case .int(let n)? = json["nodes"] else { throw AlgorithmError("fixture \(name) has no node count") }
        let edges = (json["edges"]?.arrayValue ?? []).enumerated().map { k, e -> (source: Int32, target: Int32, weight: Double, relationship: Int64) in
            let a = e.arrayValue!
            guard case .int(let u) = a[0], case .int(let v) = a[1] else { fatalError("bad edge") }
            let w: Double
            switch a[2] { case .double(let d): w = d; case .int(let i): w = Double(i); default: w = 1 }
            return (Int32(u), Int32(v), w, Int64(k))
        }
        let projection = GraphProjection(nodeIDs: (0..<n).map { $0 }, edges: edges,
                                         orientation: orientation ?? (directed ? .natural : .undirected), weighted: weighted)
        return Fixture(name: name, json: json, projection: projection)
    }

    static func close(_ a: [Double], _ b: [Double], _ tolerance: Double) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test(arguments: names)
    func pageRankAndPersonalizedPageRank(name: String) throws {
        let f = try Self.load(name)
        var c = PageRank.Configuration()
        c.maxIterations = 10_000
        c.tolerance = 1e-13
        let r = try PageRank.run(f.projection, configuration: c)
        #expect(r.didConverge)
        #expect(Self.close(r.scores, f.doubles("pagerank"), 1e-6), "\(name)")
        #expect(abs(r.scores.reduce(0, +) - 1) < 1e-9)
        c.sourceNodes = f.ints("personalizedSources")
        let p = try PageRank.run(f.projection, configuration: c)
        #expect(Self.close(p.scores, f.doubles("personalizedPagerank"), 1e-6), "\(name)")
    }

    @Test(arguments: names)
    func betweennessClosenessAndDistances(name: String) throws {
        let f = try Self.load(name)
        var c = Betweenness.Configuration()
        #expect(Self.close(try Betweenness.run(f.projection, configuration: c), f.doubles("betweenness"), 1e-9), "\(name)")
        c.normalized = false
        #expect(Self.close(try Betweenness.run(f.projection, configuration: c), f.doubles("betweennessRaw"), 1e-9), "\(name)")
        #expect(Self.close(try Closeness.run(f.projection), f.doubles("closeness"), 1e-9), "\(name)")
        let want = (f.json["distancesFrom0"]?.arrayValue ?? []).map { v -> Double? in
            switch v { case .int(let i): return Double(i); case .double(let d): return d; default: return nil }
        }
        #expect(try ShortestPaths.distances(f.projection, from: 0) == want, "\(name)")
        let paths = try ShortestPaths.allPaths(f.projection, from: 0, to: f.projection.nodeCount - 1).map(\.nodes)
        let wantPaths = (f.json["allShortestPathsToLast"]?.arrayValue ?? []).map { $0.arrayValue!.map { v -> Int in
            if case .int(let i) = v { return Int(i) } else { return -1 } } }
        #expect(paths == wantPaths, "\(name)")
    }

    @Test(arguments: names)
    func componentsCoresTrianglesExactly(name: String) throws {
        let f = try Self.load(name)
        #expect(ConnectedComponents.weak(f.projection) == f.ints("wcc"))
        if f.json["scc"] != nil { #expect(ConnectedComponents.strong(f.projection) == f.ints("scc")) }
        #expect(KCore.coreNumbers(f.projection) == f.ints("coreNumber"))
        let t = TriangleCount.run(f.projection)
        #expect(t.triangles == f.ints("triangles"))
        #expect(Self.close(t.clustering, f.doubles("clustering"), 1e-12))
    }

    @Test(arguments: names)
    func louvainReachesNetworkXModularity(name: String) throws {
        let f = try Self.load(name, orientation: .undirected)
        let r = try Louvain.run(f.projection)
        guard case .double(let reference)? = f.json["louvainModularity"] else { Issue.record("no reference"); return }
        #expect(r.modularity >= reference - 1e-9, "\(name): \(r.modularity) vs NetworkX \(reference)")
        // The reported modularity is the partition's.
        #expect(abs(Louvain.modularity(of: f.projection, r.communities) - r.modularity) < 1e-12)
    }

    @Test func configurationErrorsNameTheOption() throws {
        let f = try Self.load("karate")
        var c = PageRank.Configuration()
        c.dampingFactor = -0.1
        #expect { try PageRank.run(f.projection, configuration: c) } throws: { "\($0)".contains("dampingFactor") }
        var n = NodeSimilarity.Configuration()
        n.topK = 0
        #expect { try NodeSimilarity.run(f.projection, configuration: n) } throws: { "\($0)".contains("topK") }
    }

    @Test func nodeSimilarityOnASmallGraph() throws {
        // 0 and 1 share both targets {2, 3}; 4 shares one with them.
        let edges: [(source: Int32, target: Int32, weight: Double, relationship: Int64)] =
            [(0, 2, 1, 0), (0, 3, 1, 1), (1, 2, 1, 2), (1, 3, 1, 3), (4, 3, 1, 4)]
        let g = GraphProjection(nodeIDs: [0, 1, 2, 3, 4], edges: edges, orientation: .natural, weighted: false)
        let pairs = try NodeSimilarity.run(g)
        #expect(pairs.contains(NodeSimilarity.Pair(node1: 0, node2: 1, similarity: 1)))
        #expect(pairs.contains(NodeSimilarity.Pair(node1: 4, node2: 0, similarity: 0.5)))
        var c = NodeSimilarity.Configuration()
        c.metric = .overlap
        #expect(try NodeSimilarity.run(g, configuration: c).contains(NodeSimilarity.Pair(node1: 4, node2: 0, similarity: 1)))
        c.topK = 1
        #expect(try NodeSimilarity.run(g, configuration: c).filter { $0.node1 == 4 }.count == 1)
    }
}
