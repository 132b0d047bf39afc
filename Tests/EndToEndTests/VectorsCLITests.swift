import Foundation
import Testing
import KGCore

/// The vector commands as a user runs them: fvecs search (flat and HNSW), training the text
/// encoder, building and listing a database's vector indexes, and querying them.
@Suite(.serialized) struct VectorsCLITests {
    /// TEXMEX fvecs: per vector an int32 dimension, then the floats.
    static func writeFvecs(_ rows: [[Float]], to url: URL) throws {
        var data = Data()
        for r in rows {
            withUnsafeBytes(of: Int32(r.count).littleEndian) { data.append(contentsOf: $0) }
            for x in r { withUnsafeBytes(of: x.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        try data.write(to: url)
    }

    static func readIvecs(_ url: URL) throws -> [[Int32]] {
        let data = try Data(contentsOf: url)
        var out: [[Int32]] = [], offset = 0
        func int() -> Int32 { defer { offset += 4 }; return data.withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: Int32.self)) } }
        while offset < data.count {
            let n = Int(int())
            out.append((0..<n).map { _ in int() })
        }
        return out
    }

    @Test func flatAndHNSWSearchOnFvecs() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var state: UInt64 = 11
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int32(truncatingIfNeeded: state >> 32)) / Float(Int32.max)
        }
        // 3000 points around 30 centres in 8 dimensions.
        let centres = (0..<30).map { _ in (0..<8).map { _ in next() * 3 } }
        let base = (0..<3000).map { i in centres[i % 30].map { $0 + 0.2 * next() } }
        let queries = (0..<40).map { i in centres[(i * 7) % 30].map { $0 + 0.2 * next() } }
        try Self.writeFvecs(base, to: dir.appendingPathComponent("b.fvecs"))
        try Self.writeFvecs(queries, to: dir.appendingPathComponent("q.fvecs"))
        let flat = try GovBrainBinary.run(["vectors", "search", "--base", "b.fvecs", "--queries", "q.fvecs", "--k", "10", "--index", "flat",
                                           "--metric", "l2", "--out", "flat.ivecs"], in: dir)
        #expect(flat.status == 0, "\(flat.stderr)")
        let line = try JSONParser.parse(flat.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(line["queries_per_second"] != nil && line["build_seconds"] != nil && line["search_seconds"] != nil)
        let hnswArgs = ["vectors", "search", "--base", "b.fvecs", "--queries", "q.fvecs", "--k", "10", "--index", "hnsw", "--ef", "64",
                        "--metric", "l2", "--index-file", "b.hnsw", "--out", "hnsw.ivecs"]
        let built = try GovBrainBinary.run(hnswArgs, in: dir)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("b.hnsw").path))
        let reloaded = try GovBrainBinary.run(hnswArgs, in: dir)   // loads the saved index
        #expect(reloaded.status == 0, "\(reloaded.stderr)")
        let exact = try Self.readIvecs(dir.appendingPathComponent("flat.ivecs"))
        let approx = try Self.readIvecs(dir.appendingPathComponent("hnsw.ivecs"))
        #expect(exact.count == 40 && approx.count == 40 && exact.allSatisfy { $0.count == 10 })
        let hits = zip(exact, approx).map { Set($0).intersection($1).count }.reduce(0, +)
        #expect(Double(hits) / 400 >= 0.95)
        let bad = try GovBrainBinary.run(["vectors", "search", "--base", "b.fvecs", "--queries", "q.fvecs", "--index", "ivf", "--out", "x.ivecs"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("ivf") && bad.stderr.contains("'flat' and 'hnsw'"))
    }

    @Test func trainEncoderBuildIndexesAndQuery() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A small corpus in the hotline format: the first lines of the real splits.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let corpus = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for (name, lines) in [("train", 700), ("test", 100)] {
            let all = try String(contentsOf: root.appendingPathComponent("Datasets/hotline/\(name).jsonl"), encoding: .utf8)
            try (all.split(separator: "\n").prefix(lines).joined(separator: "\n") + "\n")
                .write(to: corpus.appendingPathComponent("\(name).jsonl"), atomically: true, encoding: .utf8)
        }
        let train = try GovBrainBinary.run(["model", "train", "text-encoder", "--hotline", "corpus", "--policies", "none", "--dimension", "48",
                                            "--max-features", "3000", "--out", "te", "--format", "json"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let report = try JSONParser.parse(train.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(report["testQueries"] == .int(100) && report["precisionAt5Tfidf"] != nil && report["precisionAt5Dense"] != nil)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("te/MODEL.md").path))
        #expect(try GovBrainBinary.run(["demo", "build", "--scale", "tiny", "--no-vectors"], in: dir).status == 0)
        let none = try GovBrainBinary.run(["vectors", "list"], in: dir)
        #expect(none.status == 0 && none.stdout.contains("no vector indexes"))
        let build = try GovBrainBinary.run(["vectors", "build", "--encoder", "te/model.bin", "--dimension", "32", "--card", "ge"], in: dir)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("similar enterprises") && FileManager.default.fileExists(atPath: dir.appendingPathComponent("ge/MODEL.md").path))
        let list = try JSONParser.parse(try GovBrainBinary.run(["vectors", "list", "--format", "json"], in: dir).stdout)
        #expect(list.arrayValue?.map { $0["name"] } == [.string("cases"), .string("graph"), .string("text")])
        let q = try GovBrainBinary.run(["query", "--format", "json",
                                        "CALL kg.similar.text('小区噪音扰民', 3, 'WorkOrder') YIELD node, score RETURN node.code AS code, score"], in: dir)
        #expect(q.status == 0, "\(q.stderr)")
        #expect(try JSONParser.parse(q.stdout)["rows"]?.arrayValue?.count == 3)
        let missing = try GovBrainBinary.run(["vectors", "build", "--encoder", "nope.bin"], in: dir)
        #expect(missing.status != 0 && missing.stderr.contains("model train text-encoder"))
    }
}
