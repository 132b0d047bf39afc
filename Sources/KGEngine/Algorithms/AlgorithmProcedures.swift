import KGAlgorithms
import KGCore
import KGCypher
import KGEmbedding
import KGStore

/// The `kg.algo.*` procedures: each takes one configuration map (projection options plus the
/// algorithm's own), runs on a projection of the committed graph, and yields one row per node
/// (or pair, or path). With `write: 'property'` the main result is also stored on the nodes.
enum AlgorithmProcedures {
    typealias Field = ProcedureSignature.Field
    /// Per-node results: the value columns of node i (dense index).
    typealias NodeResults = (count: Int, values: (Int) -> [Value])

    /// An algorithm with one result row per node.
    struct NodeAlgorithm: Sendable {
        let name: String
        let outputs: [Field]
        let description: String
        var orientation: Orientation = .natural
        let compute: @Sendable (inout AlgorithmOptions, GraphProjection) throws -> NodeResults
    }

    /// The node-valued algorithms: rows (node, values…), optional write-back of the first value.
    static let nodeAlgorithms: [NodeAlgorithm] = [
        NodeAlgorithm(name: "pageRank", outputs: [Field(name: "score", type: "FLOAT")],
                      description: "PageRank (NetworkX semantics: scores sum to 1, dangling mass spread uniformly); options dampingFactor, maxIterations, tolerance, weightProperty", compute: { o, g in
            var pr = try pageRankConfiguration(&o)
            let r = try PageRank.run(g, configuration: pr)
            return (g.nodeCount, { [.double(r.scores[$0])] })
        }),
        NodeAlgorithm(name: "personalizedPageRank", outputs: [Field(name: "score", type: "FLOAT")],
                      description: "PageRank restarting at sourceNodes (nodes or ids); other options as pageRank", compute: { o, g in
            var pr = try pageRankConfiguration(&o)
            let sources = try o.nodes("sourceNodes")
            guard !sources.isEmpty else { throw AlgorithmError("kg.algo.personalizedPageRank: option sourceNodes is required (nodes or node ids)") }
            pr.sourceNodes = try sources.map { id in
                guard let i = g.index(of: id) else { throw AlgorithmError("kg.algo.personalizedPageRank: option sourceNodes: node \(id) is not in the projection") }
                return i
            }
            let r = try PageRank.run(g, configuration: pr)
            return (g.nodeCount, { [.double(r.scores[$0])] })
        }),
        NodeAlgorithm(name: "wcc", outputs: [Field(name: "componentId", type: "INTEGER")],
                      description: "weakly connected components; componentId = the smallest node id in the component", compute: { _, g in
            let c = ConnectedComponents.weak(g)
            return (g.nodeCount, { [.int(g.nodeIDs[c[$0]])] })
        }),
        NodeAlgorithm(name: "scc", outputs: [Field(name: "componentId", type: "INTEGER")],
                      description: "strongly connected components (Tarjan); componentId = the smallest node id in the component", compute: { _, g in
            let c = ConnectedComponents.strong(g)
            return (g.nodeCount, { [.int(g.nodeIDs[c[$0]])] })
        }),
        NodeAlgorithm(name: "louvain", outputs: [Field(name: "communityId", type: "INTEGER"), Field(name: "modularity", type: "FLOAT")],
                      description: "Louvain communities (undirected); options resolution, maxLevels, maxIterations, tolerance, weightProperty",
                      orientation: .undirected, compute: { o, g in
            var lc = Louvain.Configuration()
            lc.resolution = try o.double("resolution", 1)
            lc.maxLevels = try o.int("maxLevels", 10)
            lc.maxIterations = try o.int("maxIterations", 10)
            lc.tolerance = try o.double("tolerance", 1e-7)
            let r = try Louvain.run(g, configuration: lc)
            return (g.nodeCount, { [.int(Int64(r.communities[$0])), .double(r.modularity)] })
        }),
        NodeAlgorithm(name: "labelPropagation", outputs: [Field(name: "communityId", type: "INTEGER")],
                      description: "label propagation communities (direction ignored); options maxIterations, weightProperty", compute: { o, g in
            var lc = LabelPropagation.Configuration()
            lc.maxIterations = try o.int("maxIterations", 10)
            let r = try LabelPropagation.run(g, configuration: lc)
            return (g.nodeCount, { [.int(g.nodeIDs[r.labels[$0]])] })
        }),
        NodeAlgorithm(name: "betweenness", outputs: [Field(name: "score", type: "FLOAT")],
                      description: "betweenness centrality (Brandes; NetworkX scaling); options normalized (true), samplingSize, samplingSeed, weightProperty", compute: { o, g in
            var bc = Betweenness.Configuration()
            bc.normalized = try o.bool("normalized", true)
            bc.samplingSize = try o.optionalInt("samplingSize")
            bc.samplingSeed = UInt64(max(0, try o.int("samplingSeed", 42)))
            let r = try Betweenness.run(g, configuration: bc)
            return (g.nodeCount, { [.double(r[$0])] })
        }),
        NodeAlgorithm(name: "closeness", outputs: [Field(name: "score", type: "FLOAT")],
                      description: "closeness centrality (NetworkX, Wasserman–Faust); distances towards the node; option weightProperty", compute: { _, g in
            let r = try Closeness.run(g)
            return (g.nodeCount, { [.double(r[$0])] })
        }),
        NodeAlgorithm(name: "degree", outputs: [Field(name: "score", type: "FLOAT")],
                      description: "degree (out-degree for NATURAL, in-degree for REVERSE); options normalized (false), weightProperty", compute: { o, g in
            let r = DegreeCentrality.run(g, normalized: try o.bool("normalized", false))
            return (g.nodeCount, { [.double(r[$0])] })
        }),
        NodeAlgorithm(name: "triangleCount", outputs: [Field(name: "triangleCount", type: "INTEGER"), Field(name: "coefficient", type: "FLOAT")],
                      description: "triangles through each node and its local clustering coefficient (direction ignored)", compute: { _, g in
            let r = TriangleCount.run(g)
            return (g.nodeCount, { [.int(Int64(r.triangles[$0])), .double(r.clustering[$0])] })
        }),
        NodeAlgorithm(name: "kcore", outputs: [Field(name: "coreValue", type: "INTEGER")],
                      description: "k-core decomposition: the core number of each node (direction ignored)", compute: { _, g in
            let r = KCore.coreNumbers(g)
            return (g.nodeCount, { [.int(Int64(r[$0]))] })
        }),
        NodeAlgorithm(name: "fastRP", outputs: [Field(name: "embedding", type: "LIST<FLOAT>")],
                      description: "FastRP node embeddings; options embeddingDimension (128), iterationWeights ([0,1,1]), normalizationStrength, nodeSelfInfluence, randomSeed",
                      orientation: .undirected, compute: { o, g in
            var fc = FastRP.Configuration()
            fc.dimension = try o.int("embeddingDimension", 128)
            if let w = try o.doubles("iterationWeights") { fc.iterationWeights = w.map { Float($0) } }
            fc.normalizationStrength = Float(try o.double("normalizationStrength", 0))
            fc.nodeSelfInfluence = Float(try o.double("nodeSelfInfluence", 0))
            fc.seed = UInt64(max(0, try o.int("randomSeed", 42)))
            var edges: [(Int32, Int32)] = []
            for i in 0..<g.nodeCount { for k in g.outRange(i) where Int(g.outTargets[k]) >= i || !g.isUndirected { edges.append((Int32(i), g.outTargets[k])) } }
            let graph = FastRP.Graph.undirected(nodeCount: g.nodeCount, edges: edges)
            let e: [Float]
            do { e = try FastRP.embed(graph, configuration: fc) } catch { throw AlgorithmError("kg.algo.fastRP: \(error)") }
            let d = fc.dimension
            return (g.nodeCount, { i in [.list((0..<d).map { .double(Double(e[i * d + $0])) })] })
        })
    ]

    static func register(into registry: ProcedureRegistry, store: GraphStore) {
        let builder = ProjectionBuilder(store: store)
        let config = [Field(name: "configuration", type: "MAP?", defaultValue: .map([:]))]

        for algorithm in nodeAlgorithms {
            let name = algorithm.name
            registry.register(ProcedureSignature(name: "kg.algo.\(name)", inputs: config, outputs: [Field(name: "node", type: "NODE")] + algorithm.outputs,
                                                 writeOption: "write", description: algorithm.description)) { c in
                var options = try AlgorithmOptions(c.arguments[0], algorithm: "kg.algo.\(name)")
                let write = try options.string("write")
                let projection = try builder.build(&options, graph: c.graph, defaultOrientation: algorithm.orientation).projection
                let results = try algorithm.compute(&options, projection)
                try options.finish()
                var rows: [[Value]] = []
                rows.reserveCapacity(results.count)
                for i in 0..<results.count { rows.append([.node(projection.nodeIDs[i])] + results.values(i)) }
                if let write { try writeBack(rows, property: write, context: c, algorithm: name) }
                return rows
            }
        }

        registry.register(ProcedureSignature(
            name: "kg.algo.nodeSimilarity", inputs: config,
            outputs: [Field(name: "node1", type: "NODE"), Field(name: "node2", type: "NODE"), Field(name: "similarity", type: "FLOAT")],
            description: "Jaccard or overlap similarity of the nodes' neighbour sets, topK per node; options topK (10), similarityCutoff, metric ('jaccard'|'overlap'), degreeCutoff")) { c in
            var o = try AlgorithmOptions(c.arguments[0], algorithm: "kg.algo.nodeSimilarity")
            let g = try builder.build(&o, graph: c.graph).projection
            var nc = NodeSimilarity.Configuration()
            nc.topK = try o.int("topK", 10)
            nc.similarityCutoff = try o.double("similarityCutoff", 1e-42)
            nc.degreeCutoff = try o.int("degreeCutoff", 1)
            if let m = try o.string("metric") {
                guard let metric = NodeSimilarity.Metric(rawValue: m.lowercased()) else {
                    throw AlgorithmError("kg.algo.nodeSimilarity: option metric must be 'jaccard' or 'overlap', not '\(m)'")
                }
                nc.metric = metric
            }
            try o.finish()
            return try NodeSimilarity.run(g, configuration: nc).map { [.node(g.nodeIDs[$0.node1]), .node(g.nodeIDs[$0.node2]), .double($0.similarity)] }
        }

        registry.register(ProcedureSignature(
            name: "kg.algo.shortestPath", inputs: config,
            outputs: [Field(name: "path", type: "PATH"), Field(name: "cost", type: "FLOAT")],
            description: "shortest path from sourceNode to targetNode (BFS, or Dijkstra with weightProperty); allShortestPaths: true yields every shortest path (up to limit)")) { c in
            var o = try AlgorithmOptions(c.arguments[0], algorithm: "kg.algo.shortestPath")
            let source = try o.nodes("sourceNode"), target = try o.nodes("targetNode")
            guard source.count == 1, target.count == 1 else {
                throw AlgorithmError("kg.algo.shortestPath: options sourceNode and targetNode are required (one node or node id each)")
            }
            let all = try o.bool("allShortestPaths", false)
            let limit = try o.int("limit", 1000)
            let built = try builder.build(&o, graph: c.graph, keepRelationships: true)
            try o.finish()
            let g = built.projection
            guard let s = g.index(of: source[0]) else { throw AlgorithmError("kg.algo.shortestPath: option sourceNode: node \(source[0]) is not in the projection") }
            guard let t = g.index(of: target[0]) else { throw AlgorithmError("kg.algo.shortestPath: option targetNode: node \(target[0]) is not in the projection") }
            let paths = all ? try ShortestPaths.allPaths(g, from: s, to: t, limit: limit) : try ShortestPaths.path(g, from: s, to: t).map { [$0] } ?? []
            return paths.map { p in
                [.path(PathValue(nodes: p.nodes.map { g.nodeIDs[$0] }, relationships: p.relationships.compactMap { built.relationships[$0] })),
                 .double(p.cost)]
            }
        }
    }

    /// dampingFactor, maxIterations and tolerance.
    static func pageRankConfiguration(_ o: inout AlgorithmOptions) throws -> PageRank.Configuration {
        var pr = PageRank.Configuration()
        pr.dampingFactor = try o.double("dampingFactor", 0.85)
        pr.maxIterations = try o.int("maxIterations", 20)
        pr.tolerance = try o.double("tolerance", 1e-7)
        return pr
    }

    /// Stores the first result column of each row on its node as `property`.
    static func writeBack(_ rows: [[Value]], property: String, context c: ProcedureContext, algorithm: String) throws {
        guard !property.isEmpty else { throw AlgorithmError("kg.algo.\(algorithm): option write must name a property") }
        guard let g = c.writable else {
            throw AlgorithmError("kg.algo.\(algorithm): option write needs write access (this query runs read-only)")
        }
        for row in rows {
            guard case .node(let id) = row[0] else { continue }
            var props = try g.properties(ofNode: id)
            props[property] = row[1]
            try g.setProperties(ofNode: id, props)
        }
    }
}
