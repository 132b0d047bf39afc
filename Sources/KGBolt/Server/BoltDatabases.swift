import Foundation
import KGCore
import KGEngine
import NIOConcurrencyHelpers

/// The databases a Bolt listener serves, selected by the `db` field of BEGIN and RUN (and
/// ROUTE), as Neo4j's multi-database servers do.
///
/// No `db`, or `"neo4j"`, is the served database (`govbrain serve --db`). With a databases folder
/// (`--bolt-databases DIR`), any other name is a database file under it: the name is the file's
/// path relative to the folder (`projects.sqlite`, `team-a/graph.db`), segments of letters,
/// digits, `.`, `_` and `-` that do not start with `.`. Databases open on first use and stay open
/// while used; past `maxOpen` the least recently used one is closed (once its last transaction
/// ends). A missing file is created (schema off, as `govbrain query --db` does) only when
/// `createMissing` is set. A file `NAME.procedures.json` beside a database registers its table
/// procedures (the `govbrain query --procedures` format) when the database opens.
public final class BoltDatabases: Sendable {
    /// The name of the served database.
    public static let defaultName = "neo4j"

    /// Settings of the databases folder.
    public struct Configuration: Sendable {
        /// The folder of extra databases; nil: only the served one.
        public var directory: String?
        /// Whether a name without a file creates an empty database.
        public var createMissing = false
        /// The most databases of the folder kept open at once.
        public var maxOpen = 16

        public init(directory: String? = nil) { self.directory = directory }

        /// Checks the folder and the cap.
        /// - Throws: `BoltFailure` naming the setting and how to fix it.
        public func validate() throws {
            guard maxOpen >= 1 else { throw BoltFailure.protocolViolation("the Bolt open-databases cap must be at least 1") }
            guard let directory else { return }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw BoltFailure.protocolViolation("the Bolt databases folder \(directory) does not exist or is not a folder; create it or fix --bolt-databases")
            }
        }
    }

    public let configuration: Configuration
    let served: KnowledgeGraph
    /// The folder, resolved (symbolic links followed), so a name cannot lead out of it.
    private let root: String?
    private let open = NIOLockedValueBox<[String: (graph: KnowledgeGraph, used: UInt64)]>([:])
    private let clock = NIOLockedValueBox<UInt64>(0)

    public init(served: KnowledgeGraph, configuration: Configuration) {
        self.served = served; self.configuration = configuration
        root = configuration.directory.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
    }

    /// The canonical name of a requested database (nil and `""` are the served one).
    static func canonical(_ name: String?) -> String {
        guard let name, !name.isEmpty else { return defaultName }
        return name
    }

    /// The graph of database `name`, opened (or created, when allowed) on first use.
    /// Blocking: call it on a worker thread.
    /// - Throws: `Neo.ClientError.Database.DatabaseNotFound` for a name that is not valid, leads
    ///   out of the folder, or has no file (and creation is off); the store's error when the file
    ///   cannot be opened.
    func graph(named requested: String?) throws -> KnowledgeGraph {
        let name = Self.canonical(requested)
        if name == Self.defaultName { return served }
        let path = try self.path(of: name)
        return try open.withLockedValue { open in
            let tick = clock.withLockedValue { c -> UInt64 in c += 1; return c }
            if let entry = open[name] {
                open[name] = (entry.graph, tick)
                return entry.graph
            }
            guard configuration.createMissing || FileManager.default.fileExists(atPath: path) else {
                throw BoltFailure.databaseNotFound("there is no database \"\(name)\" in the Bolt databases folder; create it "
                    + "(govbrain query --db FOLDER/\(name) …) or serve with --bolt-create-databases")
            }
            let graph = try KnowledgeGraph.open(path: path, options: .init(createIfMissing: true, schemaModeForNew: .off))
            let procedures = path + ".procedures.json"
            if let data = FileManager.default.contents(atPath: procedures) {
                try TableProcedures.register(try JSONParser.parse(bytes: Array(data)), into: graph.procedures)
            }
            // Past the cap the least recently used one goes; a session still using it keeps it
            // alive until its transaction ends.
            while open.count >= configuration.maxOpen, let oldest = open.min(by: { $0.value.used < $1.value.used })?.key {
                open[oldest] = nil
            }
            open[name] = (graph, tick)
            return graph
        }
    }

    /// Whether `name` names a database ROUTE may answer for (the served one, or a valid name whose
    /// file exists or may be created). Does not open it.
    /// - Throws: `DatabaseNotFound` as `graph(named:)` does.
    func check(_ requested: String?) throws {
        let name = Self.canonical(requested)
        if name == Self.defaultName { return }
        let path = try self.path(of: name)
        guard configuration.createMissing || FileManager.default.fileExists(atPath: path) else {
            throw BoltFailure.databaseNotFound("there is no database \"\(name)\" in the Bolt databases folder")
        }
    }

    /// The number of folder databases open now (tests).
    var openCount: Int { open.withLockedValue { $0.count } }

    /// The file of database `name`, checked: valid segments, inside the folder.
    private func path(of name: String) throws -> String {
        guard let root else {
            throw BoltFailure.databaseNotFound("GovBrain serves one database, \"\(Self.defaultName)\", here; "
                + "serve a folder of databases with --bolt-databases DIR to select others by name")
        }
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard name.utf8.count <= 255, !segments.isEmpty,
              segments.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && $0.allSatisfy(allowed.contains) }) else {
            throw BoltFailure.databaseNotFound("\"\(name.prefix(80))\" is not a database name: use a path relative to the databases "
                + "folder made of letters, digits, '.', '_' and '-' (no segment starting with '.', at most 255 bytes)")
        }
        let path = root + "/" + name
        // A symbolic link inside the folder must not lead out of it.
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().resolvingSymlinksInPath().path
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard parent == root || parent.hasPrefix(root + "/"), resolved.hasPrefix(root + "/") else {
            throw BoltFailure.databaseNotFound("the database \"\(name.prefix(80))\" is outside the Bolt databases folder")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BoltFailure.databaseNotFound("there is no folder for the database \"\(name.prefix(80))\" in the Bolt databases folder")
        }
        return path
    }
}
