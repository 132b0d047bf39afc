import Foundation
import KGCore
import Testing
@testable import KGStore

/// Streaming statements on PostgreSQL: a cursor read `FETCH`-batch by batch, inside the caller's
/// transaction or in one of its own, and what an abandoned scan leaves behind (nothing).
@Suite(.enabled(if: PostgresTestServer.isAvailable, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct PostgresStreamingTests {
    /// More rows than one `FETCH` returns, so the scan crosses batches.
    static let rows = PostgresStoreStatement.fetchRows * 2 + 7

    private func table(_ c: PostgresStoreConnection, _ url: PostgresURL) throws {
        try c.execute("CREATE SCHEMA \(url.schema); CREATE TABLE t(id BIGINT PRIMARY KEY, s TEXT, b BYTEA)")
        try c.execute("INSERT INTO t SELECT i, 'row ' || i, decode(lpad(to_hex(i), 8, '0'), 'hex') FROM generate_series(1, \(Self.rows)) AS i")
    }

    private func openCursors(_ c: PostgresStoreConnection) throws -> Int64 {
        try c.scalar("SELECT count(*) FROM pg_cursors WHERE name LIKE 'gb_scan_%'")?.int ?? -1
    }

    @Test func scansCrossFetchBatchesInsideAndOutsideATransaction() throws {
        try PostgresTestServer.withScratchSchema { url in
            let c = try PostgresStoreConnection.connect(url)
            try table(c, url)
            for inTransaction in [false, true] {
                if inTransaction { try c.begin(.snapshotRead, wait: .standard) }
                let s = try c.prepare("SELECT id, s, b FROM t WHERE id > ? ORDER BY id", streaming: true)
                try s.bind([.int(0)])
                var n: Int64 = 0, ok = true
                while try s.step() {
                    n += 1
                    let bytes = Array(s.blob(2))
                    ok = ok && s.int(0) == n && s.text(1) == "row \(n)" && bytes.count == 4
                        && bytes.reduce(0, { $0 << 8 | Int64($1) }) == n
                }
                #expect(n == Int64(Self.rows) && ok, "in transaction: \(inTransaction)")
                #expect(c.inTransaction == inTransaction)
                if inTransaction {
                    #expect(try openCursors(c) == 0)   // the last batch closed it
                    try c.commit()
                }
                // Rebinding reruns it from the start.
                try s.bind([.int(Int64(Self.rows) - 1)])
                #expect(try s.step() && s.int(0) == Int64(Self.rows) && !(try s.step()))
            }
            // Outside a transaction the scan's own transaction has ended: a write commits as usual.
            try c.execute("INSERT INTO t(id, s) VALUES(0, 'zero')")
            #expect(try c.scalar("SELECT count(*) FROM t") == .int(Int64(Self.rows) + 1))
        }
    }

    @Test func anAbandonedScanLeavesNoCursorAndNoTransaction() throws {
        try PostgresTestServer.withScratchSchema { url in
            let c = try PostgresStoreConnection.connect(url)
            try table(c, url)
            // Outside a transaction: its own transaction ends when the scan is reset.
            let s = try c.prepare("SELECT id FROM t ORDER BY id", streaming: true)
            #expect(try s.step() && s.int(0) == 1)
            s.reset()
            #expect(try openCursors(c) == 0)
            // No read-only transaction is left open: a write outside any transaction commits.
            try c.execute("INSERT INTO t(id, s) VALUES(-2, 'after')")
            #expect(try PostgresStoreConnection.connect(url).scalar("SELECT s FROM t WHERE id = -2") == .text("after"))
            // Inside the caller's transaction: closed when abandoned, the transaction goes on.
            try c.begin(.snapshotRead, wait: .standard)
            let a = try c.prepare("SELECT id FROM t ORDER BY id", streaming: true)
            let b = try c.prepare("SELECT id FROM t ORDER BY id DESC", streaming: true)
            #expect(try a.step() && b.step() && a.int(0) == -2 && b.int(0) == Int64(Self.rows))
            #expect(try openCursors(c) == 2)
            a.reset()
            #expect(try openCursors(c) == 1)
            #expect(try b.step() && b.int(0) == Int64(Self.rows) - 1)
            try c.commit()
            // The transaction that held `b`'s cursor ended: releasing `b` must not touch the next one.
            try c.begin(.plainWrite, wait: .standard)
            withExtendedLifetime(b) {}
            b.reset()
            _ = try c.rows("INSERT INTO t(id, s) VALUES(?, ?)", [.int(-1), .text("kept")])
            try c.commit()
            #expect(try c.scalar("SELECT s FROM t WHERE id = -1") == .text("kept"))
        }
    }
}
