import Foundation
import GovDemo
import KGDatagen
import KGEngine

/// The tiny demo database with its vector indexes (a small text encoder of 64 dimensions trained
/// on the hotline corpus, and the graph encoder), built once per test process and copied for each
/// test that needs one: training the encoder and embedding every node is the slowest fixture of
/// the suites that search by similarity.
public enum TinyVectorDemo {
    /// The one build: the database, the encoder beside it and the vector index names (tests never
    /// write to them).
    static let built: Result<(database: String, encoder: String, indexes: [String]), any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tinyvectordemo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let encoder = dir.appendingPathComponent("encoder.bin").path
        try SmallTextEncoder.train(to: encoder, dimension: 64)
        let path = dir.appendingPathComponent("demo.sqlite").path
        let report = try DemoDatabaseBuilder.build(at: path, scale: .tiny, vectors: .build(textEncoder: encoder))
        return (path, encoder, report.vectorIndexes.map(\.name))
    }

    /// The vector index names the build made.
    public static func vectorIndexNames() throws -> [String] { try built.get().indexes }

    /// A private copy of the database at `path` (a consistent online backup of the shared build)
    /// with its vector indexes (the `PATH.vectors` folder beside it).
    public static func copy(to path: String) throws {
        let source = try built.get().database
        _ = try KnowledgeGraph.backup(database: source, to: path)
        if FileManager.default.fileExists(atPath: source + ".vectors") {
            try FileManager.default.copyItem(atPath: source + ".vectors", toPath: path + ".vectors")
        }
    }

    /// The encoder file the indexes were built with.
    public static func encoder() throws -> String { try built.get().encoder }
}
