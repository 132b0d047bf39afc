import Foundation
import GovBrainTestSupport
import KGCore
import Testing
@testable import KGStore

/// The store's element reads and writes through `StoreTransaction`, on every backend of the run
/// (`TestBackend.all`: SQLite, and PostgreSQL when a test server is set).
struct StoreBackendTests {
    /// A transaction whose snapshot has no counters (on PostgreSQL: a restore replaced the tables
    /// after the snapshot was taken, so the new rows are not in it) is refused as busy rather than
    /// reading an empty store; with the counters back it begins.
    @Test(arguments: TestBackend.all)
    func aSnapshotWithoutCountersIsRefusedAsBusy(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let store = try site.open(mode: .off)
        let saved = try store.db.rows("SELECT key, value FROM meta WHERE key IN ('next_node_id', 'next_rel_id', 'graph_version')")
        #expect(saved.count == 3)
        try store.db.execute("DELETE FROM meta WHERE key IN ('next_node_id', 'next_rel_id', 'graph_version')")
        let refused = try #require(throws: StoreError.self) { _ = try store.beginTransaction(readOnly: true, validator: nil) }
        #expect(refused.code == .busy && refused.message.contains("try again"))
        for row in saved { _ = try store.db.rows("INSERT INTO meta(key, value) VALUES (?, ?)", [row[0], row[1]]) }
        let tx = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(try tx.nodeCount(label: nil) == 0)
        tx.rollback()
    }

    @Test(arguments: TestBackend.all)
    func createReadUpdateDelete(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let store = try site.open(mode: .off)
        let tx = try store.beginTransaction(readOnly: false, validator: nil)
        let props: [String: Value] = ["name": .string("青秀区 ✓"), "n": .int(-7), "x": .double(2.5), "ok": .bool(true),
                                      "tags": .list([.string("a"), .string("b")])]
        let a = try tx.createNode(labels: ["Region", "County"], properties: props)
        let b = try tx.createNode(labels: ["Region"], properties: ["name": .string("南宁市")])
        let r = try tx.createRelationship(type: "PART_OF", start: a, end: b, properties: ["since": .int(1983)])
        #expect(try tx.properties(ofNode: a) == props)   // the transaction reads its own writes
        try tx.commit()

        let read = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(try read.labels(ofNode: a) == ["County", "Region"])
        #expect(try read.properties(ofNode: a) == props)
        #expect(try read.property(ofNode: b, key: "name") == .string("南宁市"))
        #expect(try read.nodeIDs(label: "Region") == [a, b] && read.nodeIDs(label: "County") == [a])
        #expect(try read.nodeCount(label: nil) == 2 && read.nodeCount(label: "Region", cap: 1) == 1 && read.relationshipCount() == 1)
        let out = try read.relationships(of: a, outgoing: true, incoming: false, types: [])
        #expect(out.count == 1 && out.first?.id == r.id && out.first?.end == b)
        #expect(try read.relationships(of: b, outgoing: true, incoming: true, types: ["OTHER"]).isEmpty)
        #expect(try read.degree(of: b, outgoing: false, incoming: true, types: ["PART_OF"]) == 1)
        #expect(try read.neighbors(ofAll: [a, b], outgoing: true, incoming: true, types: []).sorted() == [a, b])
        #expect(try read.properties(ofRelationship: r.id) == ["since": .int(1983)])
        #expect(try read.hasLabels(a, ["Region", "County"]) && !read.hasLabels(b, ["County"]))
        let catalog = try read.catalog()
        #expect(catalog.labels == ["County", "Region"] && catalog.types == ["PART_OF"])
        #expect(throws: (any Error).self) { try read.createNode(labels: ["X"], properties: [:]) }
        read.rollback()

        let update = try store.beginTransaction(readOnly: false, validator: nil)
        try update.setProperties(ofNode: b, ["name": .string("南宁"), "pop": .int(8_000_000)])
        try update.setProperties(ofRelationship: r.id, ["since": .int(1984)])
        try update.addLabels(["City"], toNode: b)
        try update.removeLabels(["County"], fromNode: a)
        try update.commit()
        let after = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(try after.properties(ofNode: b) == ["name": .string("南宁"), "pop": .int(8_000_000)])
        #expect(try after.properties(ofRelationship: r.id) == ["since": .int(1984)])
        #expect(try after.labels(ofNode: b) == ["City", "Region"] && after.labels(ofNode: a) == ["Region"])
        after.rollback()

        let delete = try store.beginTransaction(readOnly: false, validator: nil)
        try delete.deleteRelationship(r.id)
        try delete.deleteNode(a)
        try delete.commit()
        let gone = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(try !gone.nodeExists(a) && gone.nodeExists(b) && !gone.relationshipExists(r.id))
        #expect(try gone.nodeCount(label: nil) == 1 && gone.relationshipCount() == 0)
        gone.rollback()
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test(arguments: TestBackend.all)
    func rollbackUndoesEverythingAndIdsAreNotReused(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let store = try site.open(mode: .off)
        let first = try store.beginTransaction(readOnly: false, validator: nil)
        let kept = try first.createNode(labels: ["A"], properties: [:])
        try first.commit()
        let version = store.graphVersion
        let undone = try store.beginTransaction(readOnly: false, validator: nil)
        let lost = try undone.createNode(labels: ["B"], properties: ["k": .int(1)])
        try undone.setProperties(ofNode: kept, ["k": .int(2)])
        undone.rollback()
        #expect(store.graphVersion == version)
        let next = try store.beginTransaction(readOnly: false, validator: nil)
        #expect(try next.properties(ofNode: kept) == [:] && !next.nodeExists(lost))
        let again = try next.createNode(labels: ["B"], properties: [:])
        try next.commit()
        #expect(again == lost)   // a rolled-back id was never recorded: counters move only on commit
        #expect(store.graphVersion == version + 1)
        // A reopened store continues from the committed counters.
        let reopened = try site.open(create: false)
        let tx = try reopened.beginTransaction(readOnly: false, validator: nil)
        #expect(try tx.createNode(labels: ["C"], properties: [:]) == again + 1)
        try tx.commit()
    }

    @Test(arguments: TestBackend.all)
    func readersSeeOneCommittedStateWhileTheWriterWorks(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let store = try site.open(mode: .off)
        let seed = try store.beginTransaction(readOnly: false, validator: nil)
        _ = try seed.createNode(labels: ["A"], properties: [:])
        try seed.commit()
        let reader = try store.borrowReader()
        let snapshot = try reader.beginTransaction(readOnly: true, validator: nil)
        #expect(try snapshot.nodeCount(label: nil) == 1)
        let write = try store.beginTransaction(readOnly: false, validator: nil)
        _ = try write.createNode(labels: ["A"], properties: [:])
        #expect(try snapshot.nodeCount(label: nil) == 1)
        try write.commit()
        #expect(try snapshot.nodeCount(label: nil) == 1)   // the same snapshot to its end
        snapshot.rollback()
        let fresh = try reader.beginTransaction(readOnly: true, validator: nil)
        #expect(try fresh.nodeCount(label: nil) == 2)
        fresh.rollback()
        store.returnReader(reader)
    }

    @Test(arguments: TestBackend.all)
    func propertyIndexesSeekByValue(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let store = try site.open(mode: .off)
        let tx = try store.beginTransaction(readOnly: false, validator: nil)
        let a = try tx.createNode(labels: ["P"], properties: ["code": .string("x\"1"), "n": .int(3), "ok": .bool(true)])
        let b = try tx.createNode(labels: ["P"], properties: ["code": .string("y"), "n": .double(3), "ok": .bool(false)])
        _ = try tx.createNode(labels: ["Q"], properties: ["code": .string("y")])
        try tx.createIndex(label: "P", key: "code")
        try tx.createIndex(label: "P", key: "n")
        try tx.createIndex(label: "P", key: "ok")
        try tx.commit()
        let read = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(try read.hasIndex(label: "P", key: "code") && !read.hasIndex(label: "Q", key: "code"))
        #expect(try read.indexSeek(label: "P", key: "code", value: .string("x\"1")) == [a])
        #expect(try read.indexSeek(label: "P", key: "code", value: .string("y")) == [b])
        #expect(try read.indexSeek(label: "P", key: "n", value: .int(3)) == [a, b])
        #expect(try read.indexSeek(label: "P", key: "ok", value: .bool(true)) == [a])
        #expect(try read.indexSeekCount(label: "P", key: "code", value: .string("y"), cap: 10) == 2)   // any label: an upper bound
        read.rollback()
        let drop = try store.beginTransaction(readOnly: false, validator: nil)
        try drop.dropIndex(label: "P", key: "code")
        try drop.commit()
        let check = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(try !check.hasIndex(label: "P", key: "code") && check.indexes().count == 2)
        check.rollback()
    }
}
