import ArgumentParser
import Foundation
import KGCore
import KGEmbedding

/// `govbrain vectors`: vector search on files (the benchmark contract).
struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Vector search over fvecs files.",
        subcommands: [Search.self])

    /// `govbrain vectors search`: top-k ids per query, in ivecs, with timings as one JSON line.
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find the top-K base vectors for each query (exact search through BLAS sgemm).",
            discussion: """
            Reads TEXMEX fvecs, writes the ids of the top-K base vectors per query (nearest first) in ivecs, and prints
            {"build_seconds", "search_seconds", "queries_per_second", …} as one JSON line.
            Example:
              govbrain vectors search --base base.fvecs --queries q.fvecs --k 10 --index flat --batch 64 --threads 2 --out r.ivecs
            """)

        @Option(help: "Base vectors (fvecs).") var base: String
        @Option(help: "Query vectors (fvecs).") var queries: String
        @Option(help: "Neighbours per query.") var k: Int = 10
        @Option(help: "flat (exact). The approximate index (hnsw) is not built yet.") var index: String = "flat"
        @Option(help: "Search effort of an approximate index.") var ef: Int?
        @Option(help: "ip, cosine or l2.") var metric: String = "ip"
        @Option(help: "Answer this many queries at a time (default: all at once).") var batch: Int?
        @Option(help: "Threads (default: all cores).") var threads: Int?
        @Option(help: "Result file (ivecs).") var out: String

        func run() throws {
            try CLIFailure.run {
                guard let m = VectorMetric(rawValue: metric) else { throw ValidationError("--metric must be ip, cosine or l2") }
                guard index == "flat" else {
                    throw ValidationError("--index \(index) is not available yet; use --index flat (exact search)")
                }
                guard k > 0 else { throw ValidationError("--k must be positive") }
                if let batch, batch <= 0 { throw ValidationError("--batch must be positive") }
                let baseVectors = try VectorFiles.readFvecs(base)
                let queryVectors = try VectorFiles.readFvecs(queries)
                let t0 = Date()
                var config = FlatIndex.Configuration(metric: m)
                if let threads { config.threads = threads }
                let flat = try FlatIndex(base: baseVectors, configuration: config)
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
                    for hits in try flat.search(slice, k: k) { results.append(hits.map { Int32(truncatingIfNeeded: $0.id) }) }
                    start = end
                }
                let searched = Date().timeIntervalSince(t1)
                try VectorFiles.writeIvecs(results, to: out)
                let line: JSON = .object([("build_seconds", .double(built)), ("search_seconds", .double(searched)),
                                          ("queries_per_second", .double(Double(queryVectors.count) / max(searched, 1e-9))),
                                          ("index", .string(index)), ("metric", .string(metric)), ("k", .int(Int64(k))),
                                          ("queries", .int(Int64(queryVectors.count))), ("base", .int(Int64(baseVectors.count))),
                                          ("dimension", .int(Int64(baseVectors.dimension))), ("batch", .int(Int64(size))),
                                          ("threads", .int(Int64(config.threads)))])
                print(JSONWriter.string(line))
            }
        }
    }
}
