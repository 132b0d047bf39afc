import Foundation
import KGCore
@testable import KGStore

/// The PostgreSQL server the PostgreSQL variants of the store tests run against:
/// `GOVBRAIN_TEST_POSTGRES_URL` (Tools/test.sh sets it from `Tools/postgres-dev.sh start`); the
/// tests that need it are skipped when it is not set. Its user must be allowed to create databases:
/// each test gets a scratch database of its own, dropped afterwards.
enum PostgresTestServer {
    static let url: PostgresURL? = ProcessInfo.processInfo.environment["GOVBRAIN_TEST_POSTGRES_URL"]
        .flatMap { $0.isEmpty ? nil : try? PostgresURL(parsing: $0) }

    static var isAvailable: Bool { url != nil }

    /// Runs `body` with the URL of a new, empty database, dropped afterwards.
    static func withScratchDatabase<T>(_ body: (PostgresURL) throws -> T) throws -> T {
        guard let admin = url else { throw StoreError(code: .databaseMissing, message: "GOVBRAIN_TEST_POSTGRES_URL is not set") }
        let name = "govbrain_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let connection = try PostgresStoreConnection.connect(admin)
        try connection.execute("CREATE DATABASE \(name)")
        defer { try? connection.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        var scratch = admin
        scratch.database = String(name)
        return try body(scratch)
    }

    /// Runs `body` with the server's URL naming a new schema of its own (a store's namespace,
    /// `PostgresURL.schema`), dropped afterwards with everything in it.
    static func withScratchSchema<T>(_ body: (PostgresURL) throws -> T) throws -> T {
        guard var scoped = url else { throw StoreError(code: .databaseMissing, message: "GOVBRAIN_TEST_POSTGRES_URL is not set") }
        scoped.schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        defer { if let admin = try? PostgresStoreConnection.connect(scoped) { try? admin.execute("DROP SCHEMA IF EXISTS \(scoped.schema) CASCADE") } }
        return try body(scoped)
    }
}
