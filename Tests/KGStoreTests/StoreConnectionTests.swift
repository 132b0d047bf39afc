import Foundation
import Testing
import KGCore
import KGOntology
@testable import KGStore

/// The backend seam (`StoreConnection`, `StoreStatement`, `SQLDialect`) on SQLite: what the
/// store's callers rely on when they no longer see SQLite.
@Suite struct StoreConnectionTests {
    /// A new store at `dir/g.sqlite`, and its connection as callers see it.
    private func store(_ dir: TempDir) throws -> GraphStore {
        try Fixtures.open(dir.path("g.sqlite"), mode: .off)
    }

    @Test func blobsAndListsCrossTheSeam() throws {
        let dir = try TempDir()
        let db: any StoreConnection = try store(dir).openSideConnection()
        try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, data BLOB)")
        let bytes: [UInt8] = [0, 1, 2, 255, 0]
        let id = try db.insertReturningID("INSERT INTO t(data) VALUES(?) RETURNING id", [.blob(bytes)])
        #expect(try db.scalar("SELECT data FROM t WHERE id = ?", [.int(id)]) == .blob(bytes))
        _ = try db.insertReturningID("INSERT INTO t(data) VALUES(?) RETURNING id", [.null])
        let ids: [Int64] = [id, id + 1, 99]
        let rows = try db.rows("SELECT id FROM t WHERE \(db.dialect.inList("id", count: ids.count)) ORDER BY id",
                               db.dialect.inListArguments(ids))
        #expect(rows.map { $0[0] } == [.int(id), .int(id + 1)])
        // SQLite has no array parameters: the error says how to spell a list instead.
        #expect { try db.scalar("SELECT ?", [.int64Array([1, 2])]) } throws: { "\($0)".contains("SQLDialect.inList") }
    }

    @Test func theSessionKnowsItsTablesAndTransactions() throws {
        let dir = try TempDir()
        let graph = try store(dir)
        let db = graph.db
        #expect(try db.tableExists("meta") && db.tableExists("node_keys") && !db.tableExists("no_such_table"))
        #expect(!db.inTransaction)
        try db.begin(.graphWrite, wait: .standard)
        #expect(db.inTransaction)
        db.rollback()
        #expect(!db.inTransaction)
        #expect(try db.integrityFindings() == ["ok"])
        #expect(try db.storeBytes() > 0)
        #expect(db.displayName == dir.path("g.sqlite"))
    }

    /// A nested `withLockWait(.none)` (a stored column's `begin` inside its no-wait block) must not
    /// bring the 5 s wait back for the rest of the outer block.
    @Test func noLockWaitHoldsForTheWholeOuterBlock() throws {
        let dir = try TempDir()
        let graph = try store(dir)
        let writer = try graph.openSideConnection()
        try writer.begin(.plainWrite, wait: .standard)
        defer { writer.rollback() }
        let other = try graph.openSideConnection()
        var seconds = 0.0
        var refused = false
        other.withLockWait(.none) {
            other.withLockWait(.none) {}
            let started = Date()
            do { try other.begin(.graphWrite, wait: .standard) } catch { refused = (error as? StoreError)?.code == .busy }
            seconds = Date().timeIntervalSince(started)
        }
        #expect(refused)
        #expect(seconds < 1, "waited \(seconds) s for the lock")
    }

    /// The unique-key probe is `ON CONFLICT DO NOTHING RETURNING`: a duplicate key is refused
    /// with the ontology's error and leaves the transaction usable.
    @Test func aDuplicateKeyIsRefusedAndTheTransactionGoesOn() throws {
        let dir = try TempDir()
        let graph = try Fixtures.open(dir.path("g.sqlite"))
        let validator = SchemaValidator(schema: Fixtures.schema)
        let tx = try graph.beginTransaction(readOnly: false, validator: validator)
        _ = try tx.createNode(labels: ["Region"], properties: ["adcode": .string("450100"), "name": .string("a")])
        #expect { try tx.createNode(labels: ["Region"], properties: ["adcode": .string("450100"), "name": .string("b")]) } throws: {
            ($0 as? OntologyError)?.code == .duplicateKey
        }
        _ = try tx.createNode(labels: ["Region"], properties: ["adcode": .string("450103"), "name": .string("c")])
        try tx.commit()
        #expect(try graph.nodeID(className: "Region", key: "adcode", value: .string("450103")) != nil)
    }

    @Test func anSQLiteLibraryOlderThan335IsRefusedWithWhatToDo() throws {
        for (number, shown) in [(3_034_001, "3.34.1"), (3_031_001, "3.31.1")] {
            let error = try #require(throws: StoreError.self) { try SQLiteConnection.checkLibraryVersion(number, shown: shown) }
            #expect(error.code == .unsupportedDatabaseServer)
            #expect(error.message.contains("version \(shown)") && error.message.contains("SQLite 3.35 or newer"), "\(error.message)")
        }
        for number in [3_035_000, 3_040_001, 3_046_000] { try SQLiteConnection.checkLibraryVersion(number, shown: "x") }
    }
}
