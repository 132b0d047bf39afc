import Foundation
import KGDatagen
import KGEngine

extension DemoDatabaseBuilder {
    /// Builds the demo into the PostgreSQL store `location` names: into a temporary SQLite file
    /// first (the same build as for a file, so both give the same graph, ids included), then
    /// loaded into the schema in one transaction (`KnowledgeGraph.load`: `COPY`, far fewer round
    /// trips than building on the server). A failed or killed build leaves the schema as it was;
    /// the vector indexes are moved beside the store (`KnowledgeGraph.sidecarBase`) after the load.
    /// - Throws: `StoreError` (`AlreadyExists` without `force`, the connection's errors) before
    ///   anything is built; then what `build(at:)` throws.
    static func buildIntoPostgres(_ location: String, datasets: String?, force: Bool, scale: DatagenScale, seed: UInt64,
                                  vectors: Vectors) throws -> Report {
        try KnowledgeGraph.checkLoadTarget(location, replacing: force)
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("govbrain-demo-\(UUID().uuidString)").path
        defer { try? fm.removeItem(atPath: folder) }
        let scratch = (folder as NSString).appendingPathComponent("demo.sqlite")
        var encoder = vectors
        if case .build(nil) = vectors { encoder = .build(textEncoder: try defaultTextEncoderPath(database: location)) }
        var report = try build(at: scratch, datasets: datasets, scale: scale, seed: seed, vectors: encoder)
        _ = try KnowledgeGraph.load(file: scratch, into: location, replacing: force)
        let sidecar = try KnowledgeGraph.sidecarBase(database: location) + ".vectors"
        try? fm.removeItem(atPath: sidecar)
        if fm.fileExists(atPath: scratch + ".vectors") {
            try fm.createDirectory(atPath: (sidecar as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.moveItem(atPath: scratch + ".vectors", toPath: sidecar)
        }
        report.path = try KnowledgeGraph.displayName(database: location)
        return report
    }
}
