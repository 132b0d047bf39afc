import Foundation
import KGStore

/// The store backends an end-to-end test runs the binary against: SQLite always, PostgreSQL when
/// `GOVBRAIN_TEST_POSTGRES_URL` names a server. Use as `@Test(arguments: CLIBackend.all)`.
enum CLIBackend: String, Sendable, CustomStringConvertible {
    case sqlite, postgres

    static var all: [CLIBackend] { PostgresTestServerURL.text == nil ? [.sqlite] : [.sqlite, .postgres] }

    var description: String { rawValue }
}

/// The `--db` values of one test's stores: a file in the test's folder, or a fresh schema of the
/// test server per store name (dropped when the site is released: keep it alive to the test's end).
final class CLIStoreSite {
    let backend: CLIBackend
    private let prefix = "e2e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
    private var schemas: [PostgresURL] = []

    init(_ backend: CLIBackend) { self.backend = backend }

    deinit { for url in schemas { try? GraphStore.dropPostgresStore(url) } }

    /// The `--db` value of store `name`: `name` itself (a file name, relative to the test's folder)
    /// on SQLite; the test server's URL naming schema `<prefix>_<name>` on PostgreSQL.
    func db(_ name: String) throws -> String {
        guard backend == .postgres, let text = PostgresTestServerURL.text else { return name }
        var url = try PostgresURL(parsing: text)
        url.schema = prefix + "_" + name.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        if !schemas.contains(where: { $0.schema == url.schema }) { schemas.append(url) }
        return text + (text.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + url.schema
    }
}
