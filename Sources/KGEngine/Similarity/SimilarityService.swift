import Foundation
import KGCore
import KGCypher
import KGEmbedding
import KGStore

extension ErrorCode {
    /// A vector index or the text encoder is missing, damaged or does not fit the request.
    public static let vectorIndex = ErrorCode("VectorIndexUnavailable")
}

/// Similarity over the graph: the `text` index (text-encoder embeddings of work orders,
/// policies and enterprises), the `graph` index (FastRP node embeddings), and indexes of vectors
/// stored on nodes. Used by the `kg.similar.*` and `db.index.vector.*` procedures and by
/// `POST /v1/similar`.
public final class SimilarityService: @unchecked Sendable {
    public static let textIndexName = "text"
    /// The work orders alone (similar past cases), built with the `text` index.
    public static let caseIndexName = "cases"
    public static let graphIndexName = "graph"
    /// The text encoder copied beside the indexes, so the database answers with the model its
    /// text index was built with.
    static let encoderFile = "text-encoder.bin"

    /// What the text index holds: label → the properties whose text is embedded.
    public static let textSources: [(label: String, properties: [String])] = [
        ("WorkOrder", ["text"]), ("Policy", ["title", "summary"]), ("Enterprise", ["name", "businessScope"]),
    ]

    public let catalog: VectorIndexCatalog
    private let lock = NSLock()
    private var encoder: (TextEncoder, Date)?

    public init(databasePath: String) {
        catalog = VectorIndexCatalog(databasePath: databasePath)
    }

    /// One result.
    public struct Hit: Sendable, Equatable {
        public let nodeID: Int64
        public let score: Double
    }

    /// The text encoder of this database's text index.
    public func textEncoder() throws -> TextEncoder {
        let path = (catalog.directory as NSString).appendingPathComponent(Self.encoderFile)
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
        lock.lock(); defer { lock.unlock() }
        if let (e, m) = encoder, m == modified { return e }
        guard FileManager.default.fileExists(atPath: path) else {
            throw EngineError(code: .vectorIndex, message: "this database has no text index; build it with `govbrain vectors build --db PATH` (after `govbrain model train text-encoder`)")
        }
        let e: TextEncoder
        do { e = try TextEncoder.read(from: path) } catch { throw EngineError(code: .vectorIndex, message: "\(error)") }
        encoder = (e, modified)
        return e
    }

    // MARK: - Building

    /// Embeds the text of every node in `textSources` with the encoder at `encoderPath` and
    /// saves the `text` index (and a copy of the encoder).
    @discardableResult
    public func buildTextIndex(graph: KnowledgeGraph, encoderPath: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> VectorIndexCatalog.Entry {
        let encoder: TextEncoder
        do { encoder = try TextEncoder.read(from: encoderPath) } catch { throw EngineError(code: .vectorIndex, message: "\(error)") }
        var ids: [Int64] = [], texts: [String] = []
        var caseRows = 0..<0
        for source in Self.textSources {
            let first = ids.count
            defer { if source.label == "WorkOrder" { caseRows = first..<ids.count } }
            let fields = source.properties.map { "coalesce(n.\($0), '')" }.joined(separator: " + ' ' + ")
            try graph.query("MATCH (n:\(source.label)) RETURN id(n), \(fields)") { row, _ in
                if case .int(let id) = row[0], case .string(let t) = row[1], !t.trimmingCharacters(in: .whitespaces).isEmpty {
                    ids.append(id); texts.append(t)
                }
            }
        }
        let vectors = encoder.encode(texts, ids: ids)
        let index = try HNSWIndex(dimension: encoder.dimension, configuration: .init(metric: .ip, m: 16, efConstruction: 200, ef: 64, threads: threads))
        try index.add(vectors)
        try FileManager.default.createDirectory(atPath: catalog.directory, withIntermediateDirectories: true)
        let copy = (catalog.directory as NSString).appendingPathComponent(Self.encoderFile)
        try encoder.write(to: copy)
        let entry = VectorIndexCatalog.Entry(name: Self.textIndexName, kind: "text", labels: Self.textSources.map(\.label), property: nil,
                                             dimension: encoder.dimension, metric: "ip", count: ids.count, file: "text.hnsw",
                                             source: "text encoder (\(encoder.featureCount) features, trained on \(encoder.trainingDocuments) texts)",
                                             graphVersion: graph.store.graphVersion)
        try catalog.save(entry, index: index)
        // The work orders again, alone: similar-case search without a label filter.
        let d = encoder.dimension
        let cases = VectorMatrix(dimension: d, values: Array(vectors.values[(caseRows.lowerBound * d)..<(caseRows.upperBound * d)]),
                                 ids: Array(ids[caseRows]))
        let caseIndex = try HNSWIndex(dimension: d, configuration: .init(metric: .ip, m: 16, efConstruction: 200, ef: 64, threads: threads))
        try caseIndex.add(cases)
        try catalog.save(VectorIndexCatalog.Entry(name: Self.caseIndexName, kind: "text", labels: ["WorkOrder"], property: nil, dimension: d,
                                                  metric: "ip", count: caseRows.count, file: "cases.hnsw", source: entry.source,
                                                  graphVersion: entry.graphVersion), index: caseIndex)
        return entry
    }

    /// Computes FastRP embeddings of every node over all relationships (undirected) and saves
    /// the `graph` index.
    @discardableResult
    public func buildGraphIndex(graph: KnowledgeGraph, configuration: FastRP.Configuration = .init()) throws -> VectorIndexCatalog.Entry {
        let csr = try graph.store.csrSnapshot()
        var edges: [(Int32, Int32)] = []
        edges.reserveCapacity(csr.relationshipCount)
        for i in 0..<csr.nodeCount {
            for k in csr.outOffsets[i]..<csr.outOffsets[i + 1] { edges.append((Int32(i), csr.outTargets[k])) }
        }
        let fast = FastRP.Graph.undirected(nodeCount: csr.nodeCount, edges: edges)
        let embeddings = try FastRP.embed(fast, configuration: configuration)
        let vectors = VectorMatrix(dimension: configuration.dimension, values: embeddings, ids: csr.nodeIDs)
        let index = try HNSWIndex(dimension: configuration.dimension, configuration: .init(metric: .cosine, threads: configuration.threads))
        try index.add(vectors)
        let weights = configuration.iterationWeights.map { "\($0)" }.joined(separator: ",")
        let entry = VectorIndexCatalog.Entry(name: Self.graphIndexName, kind: "graph", labels: [], property: nil,
                                             dimension: configuration.dimension, metric: "cosine", count: csr.nodeCount, file: "graph.hnsw",
                                             source: "FastRP dimension \(configuration.dimension), iterationWeights [\(weights)], normalizationStrength \(configuration.normalizationStrength), seed \(configuration.seed)",
                                             graphVersion: csr.graphVersion)
        try catalog.save(entry, index: index)
        return entry
    }

    /// Indexes the list-of-numbers property `property` of the nodes labelled `label` (Neo4j's
    /// `db.index.vector.createNodeIndex`).
    @discardableResult
    public func buildPropertyIndex(name: String, label: String, property: String, dimension: Int, metric: VectorMetric,
                                   graph: GraphReadable, graphVersion: Int64) throws -> VectorIndexCatalog.Entry {
        guard name != Self.textIndexName && name != Self.graphIndexName, IdentifierCheck.isPlain(name) else {
            throw EngineError(code: .vectorIndex, message: "index name \(name) is reserved or not a plain name (letters, digits, _)")
        }
        let index = try HNSWIndex(dimension: dimension, configuration: .init(metric: metric))
        var rows = VectorMatrix(dimension: dimension)
        for id in try graph.nodeIDs(label: label) {
            guard let v = try graph.property(ofNode: id, key: property) else { continue }
            rows.append(try Self.vector(v, dimension: dimension, what: "property \(property) of node \(id)"), id: id)
        }
        try index.add(rows)
        let entry = VectorIndexCatalog.Entry(name: name, kind: "property", labels: [label], property: property, dimension: dimension,
                                             metric: metric.rawValue, count: rows.count, file: "\(name).hnsw",
                                             source: "node property \(property)", graphVersion: graphVersion)
        try catalog.save(entry, index: index)
        return entry
    }

    // MARK: - Searching

    /// Nodes whose text is nearest to `text`, optionally only nodes with `label`.
    public func similarToText(_ text: String, k: Int, label: String?, graph: GraphReadable) throws -> [Hit] {
        let encoder = try textEncoder()
        let v = encoder.encode(text)
        guard v.contains(where: { $0 != 0 }) else { return [] }
        return try search(Self.textIndexName, vector: v, k: k, label: label, excluding: nil, graph: graph)
    }

    /// Nodes nearest to node `id` in the graph embedding, with the same (first) label.
    public func similarToNode(_ id: Int64, k: Int, graph: GraphReadable) throws -> [Hit] {
        let (_, index) = try catalog.index(Self.graphIndexName)
        guard let v = index.vector(of: id) else {
            throw EngineError(code: .vectorIndex, message: "node \(id) is not in the graph index (created after it was built?); rebuild with `govbrain vectors build --db PATH`")
        }
        let label = try graph.labels(ofNode: id).first
        return try search(Self.graphIndexName, vector: v, k: k, label: label, excluding: id, graph: graph)
    }

    /// The `k` nodes nearest to `vector` in index `name`.
    public func search(_ name: String, vector: [Float], k: Int, label: String? = nil, excluding: Int64? = nil,
                       graph: GraphReadable) throws -> [Hit] {
        guard k > 0 else { throw EngineError(code: .vectorIndex, message: "k must be positive, got \(k)") }
        let (entry, index) = try catalog.index(name)
        guard vector.count == entry.dimension else {
            throw EngineError(code: .vectorIndex, message: "index \(name) holds \(entry.dimension)-dimensional vectors; the query has \(vector.count)")
        }
        let filter = try label.map { VectorFilter(allowed: Set(try graph.nodeIDs(label: $0))) }
        // Ask for a few more: nodes deleted since the build and the excluded node are dropped.
        let hits = try index.search(vector, k: k + 8, ef: max(64, 2 * k), filter: filter)
        var out: [Hit] = []
        for h in hits where h.id != excluding {
            guard try graph.nodeExists(h.id) else { continue }
            out.append(Hit(nodeID: h.id, score: Double(h.score)))
            if out.count == k { break }
        }
        return out
    }

    /// A Cypher list of numbers as a float vector.
    static func vector(_ v: Value, dimension: Int?, what: String) throws -> [Float] {
        guard case .list(let items) = v else { throw EngineError(code: .vectorIndex, message: "\(what) must be a list of numbers") }
        let out = try items.map { item -> Float in
            switch item {
            case .int(let i): return Float(i)
            case .double(let d): return Float(d)
            default: throw EngineError(code: .vectorIndex, message: "\(what) must be a list of numbers, it holds \(item.typeName)")
            }
        }
        if let dimension, out.count != dimension {
            throw EngineError(code: .vectorIndex, message: "\(what) has \(out.count) numbers; the index wants \(dimension)")
        }
        return out
    }
}

/// Names usable as file names and Cypher identifiers.
enum IdentifierCheck {
    static func isPlain(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.unicodeScalars.allSatisfy { ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
