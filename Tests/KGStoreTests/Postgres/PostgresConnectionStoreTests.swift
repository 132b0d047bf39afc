import Foundation
import KGCore
import Testing
@testable import KGStore

/// `PostgresStoreConnection` as a `StoreConnection` against a real server: statements, values,
/// transactions of each kind, the writer lock, the store's schema. Each test works in a schema of
/// its own (`PostgresTestServer.withScratchSchema`); skipped without a server.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct PostgresConnectionStoreTests {
    @Test func statementsBindStepAndReadEveryKind() throws {
        try PostgresTestServer.withScratchSchema { url in
            let c = try PostgresStoreConnection.connect(url)
            try c.execute("CREATE SCHEMA \(url.schema); CREATE TABLE t(id BIGINT PRIMARY KEY, x DOUBLE PRECISION, s TEXT, b BYTEA, f BOOLEAN)")
            let insert = try c.prepare("INSERT INTO t(id, x, s, b, f) VALUES(?, ?, ?, ?, ?)")
            let blob: [UInt8] = Array(0...255)
            try insert.bind([.int(1), .double(2.5), .text("负责人 ✓"), .blob(blob), .int(1)])
            #expect(throws: StoreError.self) { try insert.run() }   // INTEGER into BOOLEAN is refused: bound values keep their type
            try insert.bind([.int(1), .double(2.5), .text("负责人 ✓"), .blob(blob), .null])
            try insert.run()
            insert.bindInt(2, at: 1); insert.bindNull(at: 2); insert.bindText("", at: 3); try insert.bindBlob([], at: 4)
            try insert.run()
            let q = try c.prepare("SELECT id, x, s, b, f, id * 2 FROM t WHERE id = ANY(?) ORDER BY id")
            try q.bind(c.dialect.inListArguments([2, 1]))
            #expect(try q.step())
            #expect(q.columnCount == 6 && q.int(0) == 1 && q.double(1) == 2.5 && q.text(2) == "负责人 ✓" && q.isNull(4))
            #expect(String(decoding: q.bytes(2), as: UTF8.self) == "负责人 ✓")
            #expect(Array(q.blob(3)) == blob && q.value(3) == .blob(blob) && q.value(5) == .int(2))
            #expect(try q.step())
            #expect(q.int(0) == 2 && q.isNull(1) && q.value(1) == .null && q.text(2) == "" && q.blob(3).count == 0)
            #expect(try !q.step())
            // Rebinding reruns the statement.
            try q.bind([.int64Array([1])])
            #expect(try q.step() && q.int(0) == 1)
            q.reset()
            #expect(try c.scalar("SELECT count(*) FROM t") == .int(2))
            #expect(try c.scalar("SELECT sum(id) FROM t") == .int(3))   // NUMERIC
            #expect(try c.tableNames() == ["t"])
        }
    }

    @Test func rollbackDiscardsAndInTransactionFollows() throws {
        try PostgresTestServer.withScratchSchema { url in
            let c = try PostgresStoreConnection.connect(url)
            try c.createStore(mode: .off)
            #expect(!c.inTransaction)
            try c.begin(.graphWrite, wait: .standard)
            #expect(c.inTransaction)
            _ = try c.rows("INSERT INTO nodes(id, props) VALUES(?, ?)", [.int(0), .text("{}")])
            c.rollback()
            #expect(!c.inTransaction)
            #expect(try c.scalar("SELECT count(*) FROM nodes") == .int(0))
            try c.begin(.plainWrite, wait: .standard)
            _ = try c.rows("INSERT INTO nodes(id, props) VALUES(?, ?)", [.int(0), .text("{}")])
            try c.commit()
            #expect(!c.inTransaction)
            #expect(try c.scalar("SELECT count(*) FROM nodes") == .int(1))
        }
    }

    @Test func oneGraphWriterPerStoreAndNoneAcrossStores() throws {
        try PostgresTestServer.withScratchSchema { url in
            let a = try PostgresStoreConnection.connect(url), b = try PostgresStoreConnection.connect(url)
            try a.createStore(mode: .off)
            try a.begin(.graphWrite, wait: .standard)
            let busy = try #require(throws: StoreError.self) { try b.begin(.graphWrite, wait: .none) }
            #expect(busy.code == .busy && !b.inTransaction)
            // Inside withLockWait(.none) even a standard begin does not wait.
            let started = Date()
            let nested = try #require(throws: StoreError.self) { try b.withLockWait(.none) { try b.begin(.graphWrite, wait: .standard) } }
            #expect(nested.code == .busy && Date().timeIntervalSince(started) < 2)
            // Plain writes and snapshot reads do not take the writer lock.
            try b.begin(.plainWrite, wait: .standard); try b.commit()
            try b.begin(.snapshotRead, wait: .standard); b.rollback()
            // Another store (schema) of the same database has its own writer.
            var other = url
            other.schema = url.schema + "_b"
            let c = try PostgresStoreConnection.connect(other)
            defer { try? c.execute("DROP SCHEMA IF EXISTS \(other.schema) CASCADE") }
            try c.createStore(mode: .off)
            try c.begin(.graphWrite, wait: .none); try c.commit()
            try a.commit()
            try b.begin(.graphWrite, wait: .none)
            try b.commit()
        }
    }

    @Test func aWaitingWriterGetsTheLockWhenTheHolderCommits() throws {
        try PostgresTestServer.withScratchSchema { url in
            let a = try PostgresStoreConnection.connect(url), b = try PostgresStoreConnection.connect(url)
            try a.createStore(mode: .off)
            try a.begin(.graphWrite, wait: .standard)
            _ = try a.rows("UPDATE meta SET value = '7' WHERE key = 'next_node_id'")
            let release = DispatchQueue(label: "release")
            let holder = ConnectionBox(a)
            release.asyncAfter(deadline: .now() + 0.3) { try? holder.connection.commit() }
            let started = Date()
            try b.begin(.graphWrite, wait: .standard)
            // READ COMMITTED + the lock as its own statement: the writer sees the holder's commit.
            #expect(try b.scalar("SELECT value FROM meta WHERE key = 'next_node_id'") == .text("7"))
            #expect(Date().timeIntervalSince(started) >= 0.2)
            try b.commit()
            release.sync {}
        }
    }

    @Test func snapshotReadsSeeOneStateAndRefuseWrites() throws {
        try PostgresTestServer.withScratchSchema { url in
            let writer = try PostgresStoreConnection.connect(url)
            try writer.createStore(mode: .off)
            let reader = try #require(try writer.openPeer(readOnly: false) as? PostgresStoreConnection)
            try reader.begin(.snapshotRead, wait: .standard)
            #expect(try reader.scalar("SELECT count(*) FROM nodes") == .int(0))
            try writer.begin(.graphWrite, wait: .standard)
            _ = try writer.rows("INSERT INTO nodes(id, props) VALUES(0, '{}')")
            try writer.commit()
            #expect(try reader.scalar("SELECT count(*) FROM nodes") == .int(0))
            let refused = try #require(throws: StoreError.self) { try reader.execute("DELETE FROM nodes") }
            #expect(refused.message.contains("25006") || refused.code == .pathNotWritable, "\(refused.message)")
            reader.rollback()
            try reader.begin(.snapshotRead, wait: .standard)
            #expect(try reader.scalar("SELECT count(*) FROM nodes") == .int(1))
            reader.rollback()
            let readOnly = try writer.openPeer(readOnly: true)
            #expect(throws: StoreError.self) { try readOnly.execute("DELETE FROM nodes") }
        }
    }

    @Test func storeSchemaHasPropertyIndexesJsonScalarSizeAndIntegrity() throws {
        try PostgresTestServer.withScratchSchema { url in
            let c = try PostgresStoreConnection.connect(url)
            #expect(try c.tableNames().isEmpty)
            try c.createStore(mode: .ontology)
            try c.createStore(mode: .off)   // a second creator finds the store and leaves it
            #expect(try c.scalar("SELECT value FROM meta WHERE key = 'schema_mode'") == .text("ontology"))
            #expect(try c.tableExists("property_indexes") && c.tableExists("meta"))
            try c.execute("""
                INSERT INTO nodes(id, props) VALUES(0, '{"name":"a","n":3,"ok":true}'), (1, '{"name":"b","n":3.0,"ok":false}'), (2, '{"x":null}');
                INSERT INTO meta(key, value) VALUES('probe', '1') ON CONFLICT(key) DO NOTHING
                """)
            let d = c.dialect
            for (key, value, ids) in [("name", Value.string("b"), [Int64(1)]), ("n", .int(3), [0, 1]), ("ok", .bool(true), [0]), ("ok", .bool(false), [1]), ("x", .int(0), [])] {
                let arg = try #require(d.propertyIndexArgument(value))
                let sql = "SELECT id FROM nodes n WHERE \(d.propertyIndexExpression(key, props: "n.props")) = \(d.propertyIndexParameter) ORDER BY id"
                #expect(try c.rows(sql, [arg]).map { $0[0] } == ids.map { .int($0) }, "\(key)")
            }
            try c.execute("CREATE INDEX \(d.propertyIndexName("name")) ON nodes(\(d.propertyIndexExpression("name", props: "props")))")
            #expect(try c.scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = ? AND indexname = ?", [.text(url.schema), .text(d.propertyIndexName("name"))]) == .int(1))
            #expect(try c.storeBytes() > 0)
            #expect(try c.integrityFindings() == ["node ids at or above the next_node_id counter"].map { "3 " + $0 })
            _ = try c.rows("UPDATE meta SET value = '3' WHERE key = 'next_node_id'")
            #expect(try c.integrityFindings() == ["ok"])
            _ = try c.rows("INSERT INTO rels(id, type, src, dst, props) VALUES(0, 1, 0, 9, '{}')")
            let findings = try c.integrityFindings()
            #expect(findings.contains("1 relationships with a missing start or end node") && findings.contains("1 relationships of an unknown type"), "\(findings)")
            try c.checkpoint(truncate: true)
        }
    }

    @Test func aSchemaWithOtherTablesIsNotAStore() throws {
        try PostgresTestServer.withScratchSchema { url in
            let c = try PostgresStoreConnection.connect(url)
            try c.execute("CREATE SCHEMA \(url.schema); CREATE TABLE \(url.schema).other(x int)")
            let error = try #require(throws: StoreError.self) { try c.createStore(mode: .off) }
            #expect(error.code == .notADatabase && error.message.contains(url.schema))
            #expect(!c.inTransaction)
        }
    }
}

/// Hands a connection to the thread that ends its transaction (the test serialises the uses).
private final class ConnectionBox: @unchecked Sendable {
    let connection: PostgresStoreConnection
    init(_ connection: PostgresStoreConnection) { self.connection = connection }
}
