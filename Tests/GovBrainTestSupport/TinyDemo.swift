import Foundation
import GovDemo
import KGDatagen
import KGEngine

/// The tiny demo database (generator scale `tiny`, no vector indexes), built once per test process
/// and copied for each test that needs one: building it is the slowest step of many suites.
public enum TinyDemo {
    /// The one build (its folder is left for the process; tests never write to it).
    static let built: Result<String, any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tinydemo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("demo.sqlite").path
        _ = try DemoDatabaseBuilder.build(at: path, scale: .tiny, vectors: .none)
        return path
    }

    /// A private copy of the tiny demo database at `path` (a consistent online backup of the shared
    /// build), or loaded into the PostgreSQL schema `path` names (`TestStoreSite.location`).
    public static func copy(to path: String) throws {
        if try KnowledgeGraph.isPostgres(path) {
            _ = try KnowledgeGraph.load(file: try built.get(), into: path, replacing: false)
        } else {
            _ = try KnowledgeGraph.backup(database: try built.get(), to: path)
        }
    }

    /// A private copy in a fresh folder; the caller removes the folder.
    public static func copyInNewFolder(prefix: String = "demo") throws -> (folder: URL, path: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("demo.sqlite").path
        try copy(to: path)
        return (dir, path)
    }
}
