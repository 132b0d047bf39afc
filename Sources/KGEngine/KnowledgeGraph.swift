import Foundation
import KGCore
import KGCypher
import KGOntology
import KGStore

/// The façade every command and route goes through: a store together with the ontology.
public final class KnowledgeGraph: @unchecked Sendable {
    /// The default database path, relative to the working folder.
    public static let defaultDatabasePath = ".govbrain/demo.sqlite"

    let store: GraphStore
    public let schema: GraphSchema
    /// The ontology's sensitive properties, for masked (non-admin) reads.
    public let masker: PropertyMasker
    /// The Cypher engine, with the procedure registry the other modules fill.
    let cypher: CypherEngine

    /// Vector indexes and encoders of this database (`<database>.vectors/`).
    public let similarity: SimilarityService
    /// Whether reading queries without procedure calls run on the store's own connection rather
    /// than a reader's (`OpenOptions.oneQueryAtATime`).
    let readsOnStoreConnection: Bool

    public init(store: GraphStore, schema: GraphSchema, procedures: ProcedureRegistry = ProcedureRegistry(),
                readsOnStoreConnection: Bool = false) {
        self.store = store
        self.readsOnStoreConnection = readsOnStoreConnection
        self.schema = schema
        masker = PropertyMasker(schema: schema)
        self.cypher = CypherEngine(procedures: procedures)
        similarity = SimilarityService(databasePath: store.sidecarBase)
        SimilarityProcedures.register(into: procedures, service: similarity) { [store] in store.graphVersion }
        AlgorithmProcedures.register(into: procedures, store: store)
    }

    /// How to open a database file.
    public struct OpenOptions: Sendable {
        public var readOnly: Bool
        public var createIfMissing: Bool
        /// The schema mode a newly created database gets.
        public var schemaModeForNew: SchemaMode
        /// For a process that runs one query at a time (`govbrain query`): its reading queries use
        /// the store's own connection, so the first one does not open a second connection (and
        /// read its schema and dictionaries again). Not for servers: their reads run side by side.
        public var oneQueryAtATime: Bool
        public init(readOnly: Bool = false, createIfMissing: Bool = false, schemaModeForNew: SchemaMode = .ontology,
                    oneQueryAtATime: Bool = false) {
            self.readOnly = readOnly; self.createIfMissing = createIfMissing; self.schemaModeForNew = schemaModeForNew
            self.oneQueryAtATime = oneQueryAtATime
        }
    }

    /// Opens the database at `path` with the project's ontology.
    public static func open(path: String, options: OpenOptions = .init()) throws -> KnowledgeGraph {
        let schema = try loadSchema()
        let storeOptions = GraphStore.OpenOptions(readOnly: options.readOnly, createIfMissing: options.createIfMissing,
                                                  schemaModeForNew: options.schemaModeForNew)
        return KnowledgeGraph(store: try GraphStore.open(at: path, options: storeOptions), schema: schema,
                              readsOnStoreConnection: options.oneQueryAtATime)
    }

    /// Checks a `--db` value before a command uses it: a SQLite file path passes; a PostgreSQL URL
    /// passes when `allowPostgres` (the command runs on PostgreSQL); any other URL is refused with a
    /// message that never shows a password.
    /// - Throws: `StoreError` (see `GraphStore.checkLocation`).
    public static func checkDatabaseLocation(_ db: String, allowPostgres: Bool = false) throws {
        try GraphStore.checkLocation(db, allowPostgres: allowPostgres)
    }

    /// The procedure registry: domain services add their `kg.model.*` procedures to it (holding
    /// the service weakly: a service holds its graph).
    public var procedures: ProcedureRegistry { cypher.procedures }

    /// The ontology, read once per process.
    public static func loadSchema() throws -> GraphSchema {
        try SchemaCache.shared.get()
    }

    /// Imports files (see `GraphImporter`).
    public func importFiles(_ files: [String], options: ImportOptions) throws -> ImportReport {
        let report = try GraphImporter.run(store: store, files: files, options: options, schema: schema)
        store.refreshAdjacencyAfterImport()
        return report
    }

    /// Exports the graph (see `GraphExporter`).
    public func export(format: ExportFormat, to out: String) throws -> GraphExporter.Report {
        try GraphExporter.run(store: store, format: format, out: out)
    }

    /// Node and relationship counts and property keys.
    public func statistics() throws -> GraphStatistics { try store.withReader { try $0.statistics() } }
}

/// Reads the ontology once and shares it.
final class SchemaCache: @unchecked Sendable {
    static let shared = SchemaCache()
    private let lock = NSLock()
    private var schema: GraphSchema?

    func get() throws -> GraphSchema {
        lock.lock(); defer { lock.unlock() }
        if let schema { return schema }
        let s = try OWLReader.read(path: try ResourceLocator.ontologyPath())
        schema = s
        return s
    }
}
