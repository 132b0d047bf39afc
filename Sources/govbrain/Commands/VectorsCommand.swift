import ArgumentParser
import Foundation
import KGCore
import KGEmbedding
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGML

/// `govbrain vectors`: vector search on files (the benchmark contract).
struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Vector search over fvecs files.",
        subcommands: [Search.self, Build.self, List.self, Encode.self])

    /// `govbrain vectors encode`: texts to fvecs with the text encoder.
    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Embed texts (JSON Lines with a \"text\" member, or plain lines) with the text encoder and write fvecs.",
            discussion: """
            Example:
              govbrain vectors encode --in Datasets/hotline/train.jsonl --out hotline_train.fvecs
            """)
        @Option(name: .customLong("in"), help: "Input file: JSON Lines with \"text\", or one text per line.") var input: String
        @Option(help: "Output fvecs file.") var out: String
        @Option(help: "Text encoder model (default: Models/text-encoder/model.bin, else the one the demo build trained beside the database).") var encoder: String?

        func run() throws {
            try CLIFailure.run {
                let path = try encoder ?? DemoDatabaseBuilder.defaultTextEncoderPath(database: KnowledgeGraph.defaultDatabasePath)
                let model = try TextEncoder.read(from: path)
                guard let content = try? String(contentsOfFile: input, encoding: .utf8) else {
                    throw EngineError(code: .fileNotFound, message: "cannot read \(input)")
                }
                let texts = try content.split(separator: "\n").map { line -> String in
                    let s = String(line)
                    guard s.hasPrefix("{") else { return s }
                    guard let text = try JSONParser.parse(s)["text"]?.stringValue else { throw EngineError(code: .badValue, message: "\(input): a JSON line without \"text\"") }
                    return text
                }
                let t0 = Date()
                let vectors = model.encode(texts)
                try VectorFiles.writeFvecs(vectors, to: out)
                print(JSONWriter.string(.object([("texts", .int(Int64(texts.count))), ("dimension", .int(Int64(model.dimension))),
                                                 ("seconds", .double(Date().timeIntervalSince(t0))), ("out", .string(out))])))
            }
        }
    }

    /// `govbrain vectors build`: the vector indexes of a database.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a database's vector indexes: text (text encoder over work orders, policies, enterprises) and graph (FastRP).",
            discussion: """
            Indexes live beside the database in PATH.vectors/ (for a postgresql:// URL in
            $GOVBRAIN_STATE_DIR/pg/HOST-PORT-DATABASE-SCHEMA.vectors/, by default under .govbrain/: files of this
            machine, built once per server) and answer kg.similar.text, kg.similar.node, db.index.vector.queryNodes
            and POST /v1/similar.
            Example:
              govbrain vectors build --db .govbrain/demo.sqlite
              govbrain vectors build --db 'postgresql://gb@db1/govbrain' --index graph
              govbrain vectors build --db g.sqlite --index graph --dimension 256 --iteration-weights 0,1,1,0.5
            """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "text, graph or all.") var index: Which = .all
        @Option(help: "Text encoder model (default: Models/text-encoder/model.bin, else the one the demo build trained beside the database).") var encoder: String?
        @Option(help: "FastRP embedding dimension.") var dimension: Int = 128
        @Option(name: .customLong("iteration-weights"), help: "FastRP weights of the 1-, 2-, … hop propagations.") var iterationWeights: String = "0,1,1"
        @Option(name: .customLong("normalization-strength"), help: "FastRP degree exponent of the initial vectors.") var normalizationStrength: Float = 0
        @Option(help: "FastRP random seed.") var seed: UInt64 = 42
        @Option(help: "Measure the graph index on similar enterprises and write its model card into this folder.") var card: String?

        /// Which indexes to build.
        enum Which: String, ExpressibleByArgument, CaseIterable { case text, graph, all }

        /// The FastRP iteration weights, or nil when the option is not a list of numbers.
        var weights: [Float]? {
            let parts = iterationWeights.split(separator: ",")
            let numbers = parts.compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
            return !numbers.isEmpty && numbers.count == parts.count ? numbers : nil
        }

        func validate() throws {
            guard weights != nil else { throw ValidationError("--iteration-weights must be numbers separated by commas, e.g. 0,1,1") }
        }

        func run() throws {
            try CLIFailure.run {
                let weights = self.weights ?? []
                // A postgresql:// URL (the only URL `DatabaseOptions` lets through) names no file.
                guard KnowledgeGraph.databaseExists(database.db) else {
                    throw EngineError(code: .databaseMissing, message: "no database at \(database.shown); build one with `govbrain demo build`")
                }
                let kg = try database.open()
                if index != .graph {
                    let path = try encoder ?? DemoDatabaseBuilder.defaultTextEncoderPath(database: database.db)
                    guard FileManager.default.fileExists(atPath: path) else {
                        throw EngineError(code: .modelUnavailable, message: "no text encoder at \(path); train it with `govbrain model train text-encoder`")
                    }
                    let e = try kg.similarity.buildTextIndex(graph: kg, encoderPath: path)
                    print("vector index text: \(e.count) nodes (\(e.labels.joined(separator: ", "))), \(e.dimension) dimensions; cases: its WorkOrder nodes alone")
                }
                if index != .text {
                    let config = FastRP.Configuration(dimension: dimension, iterationWeights: weights,
                                                      normalizationStrength: normalizationStrength, seed: seed)
                    let e = try kg.similarity.buildGraphIndex(graph: kg, configuration: config)
                    print("vector index graph: \(e.count) nodes, \(e.dimension) dimensions (\(e.source))")
                    if let card {
                        let q = try GraphEncoderEvaluation.run(graph: kg)
                        print(String(format: "similar enterprises (%d sampled, %d nearest): same industry %.3f (random %.3f), same county %.3f (random %.3f)",
                                     q.sampled, q.k, q.sameIndustry, q.randomSameIndustry, q.sameCounty, q.randomSameCounty))
                        try q.card(entry: e, database: kg.path).write(to: card)   // a URL without its password
                        print("wrote \(card)/MODEL.md")
                    }
                }
            }
        }
    }

    /// `govbrain vectors list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a database's vector indexes.",
                                                        discussion: "Example:\n  govbrain vectors list --db .govbrain/demo.sqlite")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CLIFailure.run {
                // The indexes' folder, found without opening the store (`GraphStore.sidecarBase`).
                let entries = try VectorIndexCatalog(databasePath: KnowledgeGraph.sidecarBase(database: database.db)).entries()
                if output.format == .json {
                    print(JSONWriter.string(.array(entries.map { e in
                        .object([("name", .string(e.name)), ("kind", .string(e.kind)), ("labels", .array(e.labels.map { .string($0) })),
                                 ("dimension", .int(Int64(e.dimension))), ("metric", .string(e.metric)), ("count", .int(Int64(e.count))),
                                 ("graphVersion", .int(e.graphVersion)), ("source", .string(e.source))])
                    })))
                } else if entries.isEmpty {
                    print("no vector indexes; build them with `govbrain vectors build --db \(try KnowledgeGraph.displayName(database: database.db))`")
                } else {
                    for e in entries { print("\(e.name)\t\(e.kind)\t\(e.count) nodes\t\(e.dimension)d \(e.metric)\t\(e.source)") }
                }
            }
        }
    }

    /// `govbrain vectors search`: top-k ids per query, in ivecs, with timings as one JSON line.
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find the top-K base vectors for each query (exact sgemm search, or an HNSW graph index).",
            discussion: """
            Reads TEXMEX fvecs, writes the ids of the top-K base vectors per query (nearest first) in ivecs, and prints
            {"build_seconds", "search_seconds", "queries_per_second", …} as one JSON line.
            Example:
              govbrain vectors search --base base.fvecs --queries q.fvecs --k 10 --index flat --batch 64 --threads 2 --out r.ivecs
              govbrain vectors search --base base.fvecs --queries q.fvecs --k 10 --index hnsw --ef 128 --index-file base.hnsw --out r.ivecs
            """)

        @Option(help: "Base vectors (fvecs).") var base: String
        @Option(help: "Query vectors (fvecs).") var queries: String
        @Option(help: "Neighbours per query.") var k: Int = 10
        @Option(help: "flat (exact, BLAS) or hnsw (approximate graph index).") var index: Kind = .flat
        @Option(help: "HNSW search beam width (the recall/speed knob; default 64, at least k).") var ef: Int?
        @Option(help: "HNSW links per node.") var m: Int = 16
        @Option(name: .customLong("ef-construction"), help: "HNSW beam width while building.") var efConstruction: Int = 200
        @Option(name: .customLong("index-file"), help: "HNSW: load the index from this file if it exists, else build and save it there.")
        var indexFile: String?
        @Option(help: "ip, cosine or l2.") var metric: VectorMetric = .ip
        @Option(help: "Answer this many queries at a time (default: all at once).") var batch: Int?

        /// Exact or approximate search.
        enum Kind: String, ExpressibleByArgument, CaseIterable { case flat, hnsw }

        func validate() throws {
            guard k > 0 else { throw ValidationError("--k must be positive") }
            if let batch, batch <= 0 { throw ValidationError("--batch must be positive") }
        }
        @Option(help: "Threads (default: all cores).") var threads: Int?
        @Option(help: "Result file (ivecs).") var out: String

        /// The index over `base` as a batch search function (building or loading an HNSW graph).
        private func makeSearcher(_ base: VectorMatrix, metric: VectorMetric, threads: Int) throws -> (VectorMatrix) throws -> [[FlatIndex.Hit]] {
            if index == .flat {
                let flat = try FlatIndex(base: base, configuration: FlatIndex.Configuration(metric: metric, threads: threads))
                return { try flat.search($0, k: k) }
            }
            let hnsw: HNSWIndex
            if let indexFile, FileManager.default.fileExists(atPath: indexFile) {
                hnsw = try HNSWIndex.read(from: indexFile, threads: threads)
                guard hnsw.dimension == base.dimension, hnsw.count == base.count, hnsw.configuration.metric == metric else {
                    throw EngineError(code: .conflict, message: "\(indexFile) holds another index (dimension \(hnsw.dimension), \(hnsw.count) vectors, metric \(hnsw.configuration.metric.rawValue)); delete it to rebuild")
                }
            } else {
                hnsw = try HNSWIndex(dimension: base.dimension,
                                     configuration: HNSWIndex.Configuration(metric: metric, m: m, efConstruction: efConstruction, threads: threads))
                try hnsw.add(base)
                if let indexFile { try hnsw.write(to: indexFile) }
            }
            let beam = ef
            return { try hnsw.search($0, k: k, ef: beam) }
        }

        func run() throws {
            try CLIFailure.run {
                let m = metric
                let baseVectors = try VectorFiles.readFvecs(base)
                let queryVectors = try VectorFiles.readFvecs(queries)
                let t0 = Date()
                var config = FlatIndex.Configuration(metric: m)
                if let threads { config.threads = threads }
                let searcher = try makeSearcher(baseVectors, metric: m, threads: config.threads)
                let built = Date().timeIntervalSince(t0)
                let t1 = Date()
                let size = batch ?? max(1, queryVectors.count)
                var results: [[Int32]] = []
                results.reserveCapacity(queryVectors.count)
                var start = 0
                while start < queryVectors.count {
                    let end = min(queryVectors.count, start + size)
                    let slice = VectorMatrix(dimension: queryVectors.dimension,
                                             values: Array(queryVectors.values[start * queryVectors.dimension..<end * queryVectors.dimension]))
                    for hits in try searcher(slice) { results.append(hits.map { Int32(truncatingIfNeeded: $0.id) }) }
                    start = end
                }
                let searched = Date().timeIntervalSince(t1)
                try VectorFiles.writeIvecs(results, to: out)
                let line: JSON = .object([("build_seconds", .double(built)), ("search_seconds", .double(searched)),
                                          ("queries_per_second", .double(Double(queryVectors.count) / max(searched, 1e-9))),
                                          ("index", .string(index.rawValue)), ("metric", .string(metric.rawValue)), ("k", .int(Int64(k))),
                                          ("ef", index == .hnsw ? .int(Int64(max(ef ?? 64, k))) : .null),
                                          ("queries", .int(Int64(queryVectors.count))), ("base", .int(Int64(baseVectors.count))),
                                          ("dimension", .int(Int64(baseVectors.dimension))), ("batch", .int(Int64(size))),
                                          ("threads", .int(Int64(config.threads)))])
                print(JSONWriter.string(line))
            }
        }
    }
}
