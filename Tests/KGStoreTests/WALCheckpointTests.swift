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
        #expect(wal < 24 << 20, "the log did not restart: \(wal) bytes")
        let read = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(try read.propertyColumn(label: "W", key: "k").count == 4_000)
        try read.commit()
        let reopened = try GraphStore.open(at: path)
        let again = try reopened.beginTransaction(readOnly: true, validator: nil)
        #expect(try again.propertyColumn(label: "W", key: "k").count == 4_000)
        try again.commit()
    }
}
