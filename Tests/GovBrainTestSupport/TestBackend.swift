import Foundation
import KGCore
import KGStore

/// The store backends a test runs against: SQLite always, PostgreSQL when
/// `GOVBRAIN_TEST_POSTGRES_URL` names a server (Tools/test.sh sets it from `Tools/postgres-dev.sh
/// start`). Use as `@Test(arguments: TestBackend.all) func x(_ backend: TestBackend)`, and open the
/// test's stores through a `TestStoreSite`.
public enum TestBackend: String, Sendable, CustomStringConvertible, CaseIterable {
    case sqlite, postgres

    /// The backends available in this run.
    public static var all: [TestBackend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// The PostgreSQL server of this run as given, if any.
    static let postgresURLText: String? = ProcessInfo.processInfo.environment["GOVBRAIN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    /// The PostgreSQL server of this run, if any.
    package static let postgresURL: PostgresURL? = postgresURLText.flatMap { try? PostgresURL(parsing: $0) }

    public var description: String { rawValue }
}

/// Where one test keeps its stores: a temporary folder (SQLite), or fresh schemas of the test
/// server's database, one per store name (PostgreSQL). Everything is removed when the site is
/// released, so a test keeps it alive to its end (`defer { withExtendedLifetime(site) {} }`).
public final class TestStoreSite {
    public let backend: TestBackend
    private let folder: URL
    private let prefix = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    private var schemas: Set<String> = []

    public init(_ backend: TestBackend) throws {
        self.backend = backend
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("storesite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
        guard !schemas.isEmpty, var url = TestBackend.postgresURL else { return }
        for schema in schemas {
            url.schema = schema
            try? GraphStore.dropPostgresStore(url)
        }
    }

    /// A file path in the site's folder (for inputs and outputs of the test, on both backends).
    public func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The `--db` value of the store `name` of this site: a file path, or the test server's URL
    /// (password included) naming the store's schema; for `KnowledgeGraph.open(path:)` and the CLI.
    public func location(_ name: String = "g") throws -> String {
        switch backend {
        case .sqlite:
            return path(name + ".sqlite")
        case .postgres:
            guard let text = TestBackend.postgresURLText else {
                throw StoreError(code: .databaseMissing, message: "GOVBRAIN_TEST_POSTGRES_URL is not set")
            }
            let schema = schemaName(name)
            schemas.insert(schema)
            return text + (text.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema
        }
    }

    private func schemaName(_ name: String) -> String {
        prefix + "_" + name.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// Opens (and by default creates) the store `name` of this site.
    public func open(_ name: String = "g", create: Bool = true, readOnly: Bool = false, mode: SchemaMode = .ontology) throws -> GraphStore {
        let options = GraphStore.OpenOptions(readOnly: readOnly, createIfMissing: create, schemaModeForNew: mode)
        switch backend {
        case .sqlite:
            return try GraphStore.open(at: path(name + ".sqlite"), options: options)
        case .postgres:
            guard var url = TestBackend.postgresURL else {
                throw StoreError(code: .databaseMissing, message: "GOVBRAIN_TEST_POSTGRES_URL is not set")
            }
            url.schema = schemaName(name)
            schemas.insert(url.schema)
            return try GraphStore.open(postgres: url, options: options)
        }
    }
}
