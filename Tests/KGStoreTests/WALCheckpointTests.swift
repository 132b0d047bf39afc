import Foundation
import Testing
import KGCore
@testable import KGStore

/// The write-ahead log is copied into the database in the background and restarts, so a stream of
/// small writes keeps it bounded while every write stays readable, also after reopening.
@Suite struct WALCheckpointTests {
    @Test func aStreamOfWritesKeepsTheLogBoundedAndLosesNothing() throws {
        let dir = try TempDir()
        let path = dir.path("g.sqlite")
        let store = try GraphStore.open(at: path, options: .init(createIfMissing: true, schemaModeForNew: .off))
        let filler = String(repeating: "办", count: 1_500)
        // About 2 pages a write: 4,000 writes put ~8,000 pages (~32 MiB) through the log.
        for k in 0..<4_000 {
            let tx = try store.beginTransaction(readOnly: false, validator: nil)
            _ = try tx.createNode(labels: ["W"], properties: ["k": .int(Int64(k)), "text": .string(filler)])
            try tx.commit()
        }
        let wal = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.int64Value ?? 0
        #expect(wal < Int64(WALCheckpointer.blockingPages + 2_000) * 4_096, "the log grew to \(wal) bytes")
        // The log restarts from its beginning: once the last background pass has ended (on a loaded
        // machine it lags behind, so the file's high-water mark depends on the machine), a few more
        // writes finish the copy in line and the next one writes at the log's start.
        let checkpointer = try #require((store.db as? SQLiteConnection)?.checkpointer)
        var extra = 0
        while checkpointer.state.pages >= WALCheckpointer.backgroundPages && extra < 20 {
            let idleBy = Date().addingTimeInterval(30)
            while checkpointer.state.running && Date() < idleBy { Thread.sleep(forTimeInterval: 0.01) }
            let tx = try store.beginTransaction(readOnly: false, validator: nil)
            _ = try tx.createNode(labels: ["W"], properties: ["k": .int(Int64(4_000 + extra)), "text": .string(filler)])
            try tx.commit()
            extra += 1
        }
        #expect(checkpointer.state.pages < WALCheckpointer.backgroundPages, "the log did not restart after \(extra) more writes")
        let read = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(try read.propertyColumn(label: "W", key: "k").count == 4_000 + extra)
        try read.commit()
        let reopened = try GraphStore.open(at: path)
        let again = try reopened.beginTransaction(readOnly: true, validator: nil)
        #expect(try again.propertyColumn(label: "W", key: "k").count == 4_000 + extra)
        try again.commit()
    }
}
