import Foundation
import GovBrainTestSupport
import KGCore
import Testing
@testable import KGStore

/// Stored property columns: the BLOB format, storage on first use, drop on every kind of write,
/// rebuild of a damaged one.
@Suite struct PropertyColumnTests {
    @Test func codecRoundTripsEveryStorage() throws {
        let ids: [Int64] = [0, 1, 2, 7, 300, 70_000, 1 << 40]
        let mixed: [Value?] = [.string("青秀区"), nil, .list([.int(1), .string("x")]), .bool(true),
                               .date(CypherDate(iso: "2024-02-29")!), .double(.nan), .int(-5)]
        var doubles: [Value?] = []
        var ints: [Value?] = []
        for k in 0..<2_000 {
            doubles.append(k % 9 == 0 ? nil : Value.double(Double(k) / 7))
            let n = Int64(k) * 1_000_003
            ints.append(k % 5 == 0 ? nil : Value.int(n - 7))
        }
        let columns = [
            PropertyColumn(ids: ids, values: mixed),
            PropertyColumn(ids: (0..<2_000).map { Int64($0 * 3) }, values: doubles),
            PropertyColumn(ids: (0..<2_000).map { Int64($0) }, values: ints),
            PropertyColumn(ids: [], values: []),
        ]
        guard case .doubles = columns[1].storage, case .ints = columns[2].storage, case .coded = columns[0].storage else {
            Issue.record("storage not chosen by the values"); return
        }
        for column in columns {
            let decoded = try PropertyColumnCodec.encode(column).withUnsafeBytes { try PropertyColumnCodec.decode($0) }
            #expect(decoded.ids == column.ids)
            for p in 0..<column.count {
                let a = decoded.value(at: p), b = column.value(at: p)
                if case .double(let x) = a, x.isNaN, case .double(let y) = b, y.isNaN { continue }
                #expect(a == b, "position \(p)")
            }
        }
        var damaged = PropertyColumnCodec.encode(columns[0])
        damaged.removeLast(3)
        #expect(throws: StoreError.self) { try damaged.withUnsafeBytes { try PropertyColumnCodec.decode($0) } }
    }

    private func storedColumns(_ store: GraphStore) throws -> Int {
        Int(try store.db.scalar("SELECT count(*) FROM node_columns")?.int ?? -1)
    }

    /// Issue 22, finding 6: a reading query that builds a column does not take the write lock
    /// (a revocation or an audit append must not wait for it); the column is stored after the
    /// read ends, and only if the graph did not change meanwhile.
    @Test(arguments: TestBackend.all)
    func aReadingTransactionNeverTakesTheWriteLock(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let store = try site.open(mode: .off)
        let setup = try store.beginTransaction(readOnly: false, validator: nil)
        for k in 0..<20 { _ = try setup.createNode(labels: ["P"], properties: ["k": .int(Int64(k))]) }
        try setup.commit()
        let reader = try store.borrowReader()
        let read = try reader.beginTransaction(readOnly: true, validator: nil)
        #expect(try read.propertyColumn(label: "P", key: "k").count == 20)
        // Another connection writes while the read is open: no DatabaseBusy.
        let write = try store.beginTransaction(readOnly: false, validator: nil)
        _ = try write.createNode(labels: ["P"], properties: ["k": .int(99)])
        try write.commit()
        try read.commit()
        store.returnReader(reader)
        #expect(try storedColumns(store) == 0, "a column built before a write was stored")
        let again = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(try again.propertyColumn(label: "P", key: "k").count == 21)
        try again.commit()
        #expect(try storedColumns(store) == 1)
    }

    @Test(arguments: TestBackend.all)
    func columnsAreStoredAndDroppedByWrites(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let store = try site.open(mode: .off)
        var tx = try store.beginTransaction(readOnly: false, validator: nil)
        var ids: [Int64] = []
        for k in 0..<50 { ids.append(try tx.createNode(labels: ["P"], properties: ["k": .int(Int64(k)), "g": .string(k % 2 == 0 ? "a" : "b")])) }
        let other = try tx.createNode(labels: ["Q"], properties: ["g": .string("q")])
        try tx.commit()

        func read(_ key: String = "g") throws -> PropertyColumn {
            let tx = try store.beginTransaction(readOnly: true, validator: nil)
            defer { try? tx.commit() }
            return try tx.propertyColumn(label: "P", key: key)
        }
        func write(_ body: (StoreTransaction) throws -> Void) throws {
            let tx = try store.beginTransaction(readOnly: false, validator: nil)
            try body(tx)
            try tx.commit()
        }
        var column = try read()
        #expect(column.ids == ids)
        #expect(column.value(at: 1) == .string("b"))
        #expect(try storedColumns(store) == 1)
        _ = try read("k")
        #expect(try storedColumns(store) == 2)

        try write { try $0.setProperties(ofNode: ids[1], ["k": .int(1), "g": .string("c")]) }
        #expect(try storedColumns(store) == 0)
        #expect(try read().value(at: 1) == .string("c"))

        try write { try $0.addLabels(["P"], toNode: other) }
        #expect(try storedColumns(store) == 0)
        column = try read()
        #expect(column.ids.last == other && column.value(at: column.count - 1) == .string("q"))

        try write { try $0.removeLabels(["P"], fromNode: ids[0]) }
        #expect(try storedColumns(store) == 0)
        #expect(try read().ids.first == ids[1])

        try write { try $0.deleteNode(ids[2]) }
        #expect(try !read().ids.contains(ids[2]))

        // A write to a node of another label leaves the column alone.
        try write { tx in _ = try tx.createNode(labels: ["R"], properties: ["g": .string("r")]) }
        #expect(try storedColumns(store) == 1)

        // A damaged stored column is rebuilt from the nodes.
        let damage = try store.db.prepare("UPDATE node_columns SET data = ?")
        try damage.bind([.blob([0, 1, 2, 3])])
        try damage.run()
        #expect(try read().value(at: 0) == .string("c"))

        // A bulk load drops every column and leaves the triggers in place (a rolled-back one too).
        _ = try read()
        var bulk = try store.beginBulkWrite(validator: nil)
        _ = try bulk.addNode(externalID: nil, labels: ["P"], properties: ["g": .string("bulk")])
        bulk.rollback()
        #expect(try storedColumns(store) == 1)
        bulk = try store.beginBulkWrite(validator: nil)
        let loaded = try bulk.addNode(externalID: nil, labels: ["P"], properties: ["g": .string("bulk")])
        try bulk.commit()
        #expect(try storedColumns(store) == 0)
        #expect(try read().value(at: try read().ids.firstIndex(of: loaded)!) == .string("bulk"))
        try write { try $0.setProperties(ofNode: loaded, ["g": .string("after")]) }
        #expect(try storedColumns(store) == 0)
        #expect(try read().value(at: try read().ids.firstIndex(of: loaded)!) == .string("after"))

        // A failed transaction takes its column writes with it.
        tx = try store.beginTransaction(readOnly: false, validator: nil)
        try tx.setProperties(ofNode: ids[3], ["g": .string("zz")])
        #expect(try tx.propertyColumn(label: "P", key: "g").value(at: 1) == .string("zz"))
        tx.rollback()
        #expect(try read().value(at: 1) == .string("b"))
    }
}
