import Foundation
import KGCore
import KGEmbedding

/// The vector indexes of one database, kept beside it in `<database>.vectors/`: one HNSW file
/// per index (vectors keyed by graph node id, plus the graph) and `catalog.json` describing
/// them. Files are replaced atomically (written aside, then renamed); loaded indexes are cached
/// and reloaded when their file changes.
public final class VectorIndexCatalog: @unchecked Sendable {
    /// One index.
    public struct Entry: Codable, Sendable, Equatable {
        public var name: String
        /// `text` (text encoder), `graph` (FastRP) or `property` (vectors stored on nodes).
        public var kind: String
        /// Labels of the nodes indexed (empty: all nodes).
        public var labels: [String]
        /// For `property` indexes, the node property holding the vector.
        public var property: String?
        public var dimension: Int
        public var metric: String
        public var count: Int
        public var file: String
        /// How the vectors were made (model file hash, algorithm parameters).
        public var source: String
        /// The graph version the vectors were computed from.
        public var graphVersion: Int64
    }

    public let directory: String
    private let lock = NSLock()
    private var loaded: [String: (index: HNSWIndex, modified: Date)] = [:]

    public init(databasePath: String) {
        directory = databasePath + ".vectors"
    }

    var catalogPath: String { (directory as NSString).appendingPathComponent("catalog.json") }

    /// All indexes, by name.
    public func entries() throws -> [Entry] {
        guard let data = FileManager.default.contents(atPath: catalogPath) else { return [] }
        do { return try JSONDecoder().decode([Entry].self, from: data) } catch {
            throw EngineError(code: .vectorIndex, message: "\(catalogPath) is damaged (\(error)); rebuild the indexes with `govbrain vectors build`")
        }
    }

    public func entry(_ name: String) throws -> Entry {
        guard let e = try entries().first(where: { $0.name == name }) else {
            let known = (try? entries().map(\.name)) ?? []
            throw EngineError(code: .vectorIndex, message: "there is no vector index \(name)" +
                              (known.isEmpty ? "; build one with `govbrain vectors build`" : " (indexes: \(known.joined(separator: ", ")))"))
        }
        return e
    }

    /// The index named `name`, loaded once and reloaded when rebuilt.
    public func index(_ name: String) throws -> (entry: Entry, index: HNSWIndex) {
        let e = try entry(name)
        let path = (directory as NSString).appendingPathComponent(e.file)
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
        lock.lock(); defer { lock.unlock() }
        if let cached = loaded[name], cached.modified == modified { return (e, cached.index) }
        let index: HNSWIndex
        do { index = try HNSWIndex.read(from: path) } catch {
            throw EngineError(code: .vectorIndex, message: "\(error); rebuild it with `govbrain vectors build`")
        }
        loaded[name] = (index, modified)
        return (e, index)
    }

    /// Writes `index` and records `entry` (replacing an index of the same name).
    public func save(_ entry: Entry, index: HNSWIndex) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try index.write(to: (directory as NSString).appendingPathComponent(entry.file))
        var all = try entries().filter { $0.name != entry.name }
        all.append(entry)
        try writeCatalog(all.sorted { $0.name < $1.name })
        lock.lock(); loaded[entry.name] = nil; lock.unlock()
    }

    /// Removes an index; false when there was none.
    @discardableResult
    public func drop(_ name: String) throws -> Bool {
        let all = try entries()
        guard let e = all.first(where: { $0.name == name }) else { return false }
        try writeCatalog(all.filter { $0.name != name })
        try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(e.file))
        lock.lock(); loaded[name] = nil; lock.unlock()
        return true
    }

    private func writeCatalog(_ all: [Entry]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(all), to: catalogPath)
    }
}
