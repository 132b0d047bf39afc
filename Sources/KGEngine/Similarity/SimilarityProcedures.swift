import KGCore
import KGCypher
import KGEmbedding

/// The similarity procedures: `db.index.vector.queryNodes` (Neo4j 5's name),
/// `db.index.vector.createNodeIndex`, `kg.similar.text`, `kg.similar.node`, `kg.embed.text`
/// and `kg.vector.indexes`.
enum SimilarityProcedures {
    static let hitOutputs: [ProcedureSignature.Field] = [.init(name: "node", type: "NODE"), .init(name: "score", type: "FLOAT")]

    static func register(into registry: ProcedureRegistry, service: SimilarityService, graphVersion: @escaping @Sendable () -> Int64) {
        func rows(_ hits: [SimilarityService.Hit]) -> [[Value]] { hits.map { [.node($0.nodeID), .double($0.score)] } }

        registry.register(ProcedureSignature(
            name: "db.index.vector.queryNodes",
            inputs: [.init(name: "indexName", type: "STRING"), .init(name: "numberOfNearestNeighbours", type: "INTEGER"),
                     .init(name: "query", type: "ANY")],
            outputs: hitOutputs,
            description: "the k nodes nearest to a vector (a list of numbers, or a text for the text index) in a vector index")) { c in
            let name = try string(c.arguments[0], "indexName"), k = try positive(c.arguments[1], "numberOfNearestNeighbours")
            let vector: [Float]
            if case .string(let text) = c.arguments[2] {
                guard try service.catalog.entry(name).kind == "text" else {
                    throw argument("query", "a text query needs the text index; index \(name) wants a list of numbers")
                }
                vector = try service.textEncoder().encode(text)
            } else {
                vector = try SimilarityService.vector(c.arguments[2], dimension: nil, what: "query")
            }
            return rows(try service.search(name, vector: vector, k: k, graph: c.graph))
        }

        registry.register(ProcedureSignature(
            name: "db.index.vector.createNodeIndex",
            inputs: [.init(name: "indexName", type: "STRING"), .init(name: "label", type: "STRING"), .init(name: "propertyKey", type: "STRING"),
                     .init(name: "vectorDimension", type: "INTEGER"), .init(name: "vectorSimilarityFunction", type: "STRING")],
            outputs: [], writes: true,
            description: "index the list-of-numbers property of the nodes with a label (similarity 'cosine', 'euclidean' or 'ip')")) { c in
            let name = try string(c.arguments[0], "indexName"), label = try string(c.arguments[1], "label")
            let key = try string(c.arguments[2], "propertyKey"), dim = try positive(c.arguments[3], "vectorDimension")
            let metric: VectorMetric
            switch try string(c.arguments[4], "vectorSimilarityFunction").lowercased() {
            case "cosine": metric = .cosine
            case "euclidean", "l2": metric = .l2
            case "ip", "dot": metric = .ip
            case let other: throw argument("vectorSimilarityFunction", "must be 'cosine', 'euclidean' or 'ip', not '\(other)'")
            }
            try service.buildPropertyIndex(name: name, label: label, property: key, dimension: dim, metric: metric,
                                           graph: c.graph, graphVersion: graphVersion())
            return []
        }

        registry.register(ProcedureSignature(
            name: "kg.similar.text",
            inputs: [.init(name: "text", type: "STRING"), .init(name: "k", type: "INTEGER"), .init(name: "label", type: "STRING?", defaultValue: .null)],
            outputs: hitOutputs,
            description: "work orders, policies or enterprises whose text is nearest to a text (text encoder + HNSW), optionally of one label")) { c in
            let text = try string(c.arguments[0], "text"), k = try positive(c.arguments[1], "k")
            let label: String? = c.arguments[2].isNull ? nil : try string(c.arguments[2], "label")
            return rows(try service.similarToText(text, k: k, label: label, graph: c.graph))
        }

        registry.register(ProcedureSignature(
            name: "kg.similar.node",
            inputs: [.init(name: "node", type: "ANY"), .init(name: "k", type: "INTEGER")],
            outputs: hitOutputs,
            description: "the nodes with the same label nearest to a node (or node id) in the FastRP graph embedding")) { c in
            let id: Int64
            switch c.arguments[0] {
            case .node(let n): id = n
            case .int(let n): id = n
            default: throw argument("node", "must be a node or a node id, not \(c.arguments[0].typeName)")
            }
            return rows(try service.similarToNode(id, k: try positive(c.arguments[1], "k"), graph: c.graph))
        }

        registry.register(ProcedureSignature(
            name: "kg.embed.text", inputs: [.init(name: "text", type: "STRING")],
            outputs: [.init(name: "vector", type: "LIST<FLOAT>")],
            description: "the text encoder's unit vector for a text")) { c in
            let v = try service.textEncoder().encode(try string(c.arguments[0], "text"))
            return [[.list(v.map { .double(Double($0)) })]]
        }

        registry.register(ProcedureSignature(
            name: "kg.vector.indexes", inputs: [],
            outputs: [.init(name: "name", type: "STRING"), .init(name: "kind", type: "STRING"), .init(name: "labels", type: "LIST<STRING>"),
                      .init(name: "dimension", type: "INTEGER"), .init(name: "metric", type: "STRING"), .init(name: "count", type: "INTEGER"),
                      .init(name: "source", type: "STRING")],
            description: "the vector indexes of this database")) { _ in
            try service.catalog.entries().map { e in
                [.string(e.name), .string(e.kind), .list(e.labels.map { .string($0) }), .int(Int64(e.dimension)), .string(e.metric),
                 .int(Int64(e.count)), .string(e.source)]
            }
        }
    }

    static func argument(_ name: String, _ message: String) -> CypherError {
        CypherError.argument(.invalidArgumentValue, "argument \(name) \(message)")
    }

    static func string(_ v: Value, _ name: String) throws -> String {
        guard case .string(let s) = v else { throw argument(name, "must be a string") }
        return s
    }

    static func positive(_ v: Value, _ name: String) throws -> Int {
        guard case .int(let i) = v, i > 0, i <= 10_000 else { throw argument(name, "must be an integer from 1 to 10000") }
        return Int(i)
    }
}
