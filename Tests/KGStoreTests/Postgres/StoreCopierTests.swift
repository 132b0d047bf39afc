import Foundation
import Testing
import KGCore
@testable import KGStore
import GovBrainTestSupport

/// `StoreCopier` between the backends: a PostgreSQL store backed up into an SQLite file and
/// loaded into another schema keeps every row of every table (ids, counters, keys, audit log,
/// webhooks, property columns and indexes) bit for bit; the loaded store takes new writes; a load
/// that fails half-way leaves the schema as it was; a store is replaced only when asked.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct StoreCopierTests {
    /// Every row of every table, each cell with its type (doubles by their bits), sorted per table
    /// (the backends' text orders differ).
    static func dump(_ db: any StoreConnection, skipping skipped: Set<String> = []) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        let present = try db.tableNames()
        for table in StoreCopier.tables where present.contains(table.name) {
            out[table.name] = try db.rows("SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name)").map { row in
                row.map { cell -> String in
                    switch cell {
                    case .null: return "null"
                    case .int(let i): return "i\(i)"
                    case .double(let d): return "d\(d.bitPattern)"
                    case .text(let s): return skipped.contains(s) ? "t(skipped)" : "t\(s)"
                    case .blob(let b): return "b\(b)"
                    case .int64Array(let a): return "a\(a)"
                    }
                }.joined(separator: "|")
            }.sorted()
        }
        return out
    }

    /// A store holding something in every table, with text the `COPY` format escapes and doubles
    /// whose last bit matters.
    static func fill(_ store: GraphStore) throws {
        let tx = try store.beginTransaction(readOnly: false, validator: nil)
        var previous: Int64?
        for i in 0..<300 {
            let id = try tx.createNode(labels: i % 3 == 0 ? ["P", "Q"] : ["P"],
                                       properties: ["code": .string("c\(i)\t\\N\n\r负责人 \"q\""), "x": .double(Double(i) / 7 + 1e-300),
                                                    "ok": .bool(i % 2 == 0)])
            if let previous { _ = try tx.createRelationship(type: i % 2 == 0 ? "R" : "S", start: previous, end: id, properties: ["w": .int(Int64(i))]) }
            previous = id
        }
        try tx.createIndex(label: "P", key: "code")
        try tx.commit()
        // A property column (stored by the first columnar read), keys, the audit log, webhooks.
        let read = try store.beginTransaction(readOnly: false, validator: nil)
        _ = try read.propertyColumn(label: "P", key: "x")
        try read.commit()
        let side = try store.openSideConnection()
        try side.execute("INSERT INTO api_keys(id, name, role, hash, created_at, revoked_at) VALUES('k1', 'desk', 'admin', 'h', '2026-12-07T10:00:00Z', NULL)")
        for i in 0..<5 {
            _ = try side.rows("INSERT INTO audit_log(at, request_id, key_id, role, method, route, path, request_hash, rows, status, duration_ms) VALUES(?, ?, 'k1', 'admin', 'POST', '/v1/query', '/v1/query', NULL, ?, 200, ?)",
                              [.text("2026-12-07T10:00:0\(i)Z"), .text("r\(i)"), .int(Int64(i)), .double(0.1 * Double(i) + 1e-9)])
        }
        try side.execute("INSERT INTO webhooks(id, url, secret, region, level, events, created_at, created_by, removed_at, domain) VALUES('w1', 'http://x', 's', NULL, 'red', 'alert', 'now', 'k1', NULL, 'market')")
        try side.execute("INSERT INTO webhook_deliveries(webhook, event, alert, payload, status, attempts, next_attempt_at, last_error, last_status, created_at, delivered_at) VALUES('w1', 'alert', 'a1', '{}', 'pending', 1, 1765100000.123456789, NULL, NULL, 'now', NULL)")
    }

    @Test func backupThenLoadKeepsEveryRow() throws {
        try PostgresTestServer.withScratchSchema { url in
            let source = try GraphStore.open(postgres: url, options: .init(createIfMissing: true, schemaModeForNew: .off))
            try Self.fill(source)
            let original = try Self.dump(source.db)
            #expect(original["node_columns"]?.count == 1 && original["property_indexes"]?.count == 1 && original["audit_log"]?.count == 5)
            let dir = try TempDir()
            let file = dir.path("pg.sqlite")
            let backup = try StoreBackup.backup(from: try locationText(url), to: file)
            #expect(backup.rows > 900)
            #expect(throws: StoreError.self) { try StoreBackup.backup(from: try locationText(url), to: file) }   // never overwrites
            let copy = try SQLiteConnection(path: file, readOnly: true, create: false)
            #expect(try Self.dump(copy) == original)
            #expect(try copy.integrityFindings() == ["ok"])
            #expect(try copy.rows("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'pidx_%'").count == 1)

            try PostgresTestServer.withScratchSchema { target in
                let loaded = try StoreBackup.load(file: file, into: target, replacing: false)
                #expect(loaded.rows == backup.rows)
                let store = try GraphStore.open(postgres: target)
                #expect(try Self.dump(store.db) == original)
                #expect(try store.integrityCheck() == ["ok"])
                // The property index serves seeks; new ids follow the copied counters and sequences.
                let tx = try store.beginTransaction(readOnly: false, validator: nil)
                #expect(try tx.indexSeek(label: "P", key: "code", value: .string("c3\t\\N\n\r负责人 \"q\""))?.count == 1)
                let fresh = try tx.createNode(labels: ["NewLabel"], properties: [:])
                try tx.commit()
                #expect(fresh == 300)
                let side = try store.openSideConnection()
                let seq = try side.scalar("INSERT INTO audit_log(at, request_id, method, route, path, rows, status, duration_ms) VALUES('t', 'r', 'GET', '/', '/', 0, 200, 1) RETURNING seq")
                #expect(seq == .int(6))
                // Loaded again: refused without `replacing`; replaced with a newer graph version.
                #expect { try StoreBackup.load(file: file, into: target, replacing: false) } throws: { ($0 as? StoreError)?.code == .alreadyExists }
                let version = try #require(store.storedGraphVersion())
                _ = try StoreBackup.load(file: file, into: target, replacing: true)
                let again = try GraphStore.open(postgres: target)
                var expected = original
                expected["meta"] = expected["meta"]?.map { $0.hasPrefix("tgraph_version|") ? "tgraph_version|t\(version + 1)" : $0 }.sorted()
                #expect(try Self.dump(again.db) == expected)
            }
        }
    }

    /// A value PostgreSQL cannot hold (NUL in text) in the last table copied: the load fails after
    /// the old tables were dropped and most rows sent, and the schema keeps its old store.
    @Test func aFailedLoadLeavesTheSchemaAsItWas() throws {
        try PostgresTestServer.withScratchSchema { url in
            let source = try GraphStore.open(postgres: url, options: .init(createIfMissing: true, schemaModeForNew: .off))
            try Self.fill(source)
            let before = try Self.dump(source.db)
            let dir = try TempDir()
            let file = dir.path("bad.sqlite")
            _ = try StoreBackup.backup(from: try locationText(url), to: file)
            let writer = try SQLiteConnection(path: file, readOnly: false, create: false)
            try writer.execute("UPDATE webhooks SET url = CAST(x'687474703a2f2f0078' AS TEXT)")
            #expect { try StoreBackup.load(file: file, into: url, replacing: true) } throws: { ($0 as? ImportError)?.code == .badValue }
            #expect(try Self.dump(GraphStore.open(postgres: url).db) == before)
        }
    }

    /// The `--db` text of `url` (the test server's URL with the schema's option).
    private func locationText(_ url: PostgresURL) throws -> String {
        let text = try #require(ProcessInfo.processInfo.environment["GOVBRAIN_TEST_POSTGRES_URL"])
        return text + (text.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + url.schema
    }
}
