import Foundation
import GovBrainTestSupport
import KGCore
import Testing
@testable import KGStore

/// Batched reads (`StoreTransaction.prefetchNodes`/`prefetchRelationships`) and the packed CSR
/// read of PostgreSQL, on every backend of the run: the same answers as the per-element reads,
/// with no statement per element afterwards.
struct StorePrefetchTests {
    /// A store with `nodes` nodes (labels A and/or B, or none; a few properties) and a
    /// relationship from node i to i+1 and to i+7 (type R or S).
    static func store(_ site: TestStoreSite, nodes: Int) throws -> (GraphStore, [Int64], [RelationshipRef]) {
        let store = try site.open(mode: .off)
        let tx = try store.beginTransaction(readOnly: false, validator: nil)
        var ids: [Int64] = []
        for i in 0..<nodes {
            let labels = [[], ["A"], ["B"], ["A", "B"]][i % 4]
            ids.append(try tx.createNode(labels: labels, properties: i % 5 == 0 ? [:] : ["n": .int(Int64(i)), "s": .string("节点\(i)")]))
        }
        var rels: [RelationshipRef] = []
        for i in 0..<nodes {
            for step in [1, 7] where i + step < nodes {
                rels.append(try tx.createRelationship(type: step == 1 ? "R" : "S", start: ids[i], end: ids[i + step],
                                                      properties: i % 3 == 0 ? [:] : ["w": .double(Double(i) / 2)]))
            }
        }
        try tx.commit()
        return (store, ids, rels)
    }

    @Test(arguments: TestBackend.all)
    func prefetchedReadsEqualPerElementReadsWithoutAStatementEach(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let (store, ids, rels) = try Self.store(site, nodes: 1_200)

        let plain = try store.beginTransaction(readOnly: true, validator: nil)
        let labels = try ids.map { try plain.labels(ofNode: $0) }
        let props = try ids.map { try plain.properties(ofNode: $0) }
        let relProps = try rels.map { try plain.properties(ofRelationship: $0.id) }
        plain.rollback()
        #expect(labels[0].isEmpty && labels[3] == ["A", "B"] && props[0].isEmpty && props[1] == ["n": .int(1), "s": .string("节点1")])

        let batched = try store.beginTransaction(readOnly: true, validator: nil)
        let missing = (ids.max() ?? 0) + 1_000
        let before = batched.statementCount
        try batched.prefetchNodes(ids.reversed() + ids + [missing])   // duplicates and an unknown id are fine
        try batched.prefetchRelationships(rels.map(\.id))
        let chunks = (ids.count + StoreTransaction.prefetchChunk - 1) / StoreTransaction.prefetchChunk
        let relChunks = (rels.count + StoreTransaction.prefetchChunk - 1) / StoreTransaction.prefetchChunk
        #expect(batched.statementCount - before == chunks + relChunks)
        let afterPrefetch = batched.statementCount
        #expect(try ids.map { try batched.labels(ofNode: $0) } == labels)
        #expect(try ids.map { try batched.properties(ofNode: $0) } == props)
        #expect(try ids.map { try batched.property(ofNode: $0, key: "s") } == props.map { $0["s"] })
        #expect(try rels.map { try batched.properties(ofRelationship: $0.id) } == relProps)
        #expect(try batched.hasLabels(ids[3], ["A", "B"]) && !batched.hasLabels(ids[1], ["B"]))
        #expect(batched.statementCount == afterPrefetch)   // every answer came from the prefetch
        #expect(try batched.labels(ofNode: missing).isEmpty && batched.properties(ofNode: missing).isEmpty)
        batched.rollback()
    }

    @Test(arguments: TestBackend.all)
    func writesAfterAPrefetchAreSeen(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let (store, ids, _) = try Self.store(site, nodes: 20)
        let tx = try store.beginTransaction(readOnly: false, validator: nil)
        try tx.prefetchNodes(ids)
        try tx.addLabels(["C"], toNode: ids[1])
        try tx.removeLabels(["A"], fromNode: ids[3])
        try tx.setProperties(ofNode: ids[2], ["k": .int(9)])
        try tx.deleteNode(ids[4])
        #expect(try tx.labels(ofNode: ids[1]) == ["A", "C"] && tx.hasLabels(ids[1], ["C"]))
        #expect(try tx.labels(ofNode: ids[3]) == ["B"] && !tx.hasLabels(ids[3], ["A"]))
        #expect(try tx.properties(ofNode: ids[2]) == ["k": .int(9)])
        #expect(try tx.labels(ofNode: ids[4]).isEmpty && !tx.nodeExists(ids[4]))
        let created = try tx.createNode(labels: ["D"], properties: [:])
        try tx.prefetchNodes([created])
        #expect(try tx.labels(ofNode: created) == ["D"])
        tx.rollback()
    }

    /// A label scan repeated in one transaction reads the ids once on PostgreSQL, and sees the
    /// transaction's own label and node writes on every backend.
    @Test(arguments: TestBackend.all)
    func repeatedLabelScansFollowWrites(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let (store, ids, _) = try Self.store(site, nodes: 40)
        let tx = try store.beginTransaction(readOnly: false, validator: nil)
        let withA = ids.enumerated().filter { $0.offset % 4 == 1 || $0.offset % 4 == 3 }.map(\.element)
        #expect(try tx.nodeIDs(label: "A") == withA)
        let before = tx.statementCount
        for _ in 0..<10 { #expect(try tx.nodeIDs(label: "A") == withA && tx.nodeIDs(label: nil) == ids) }
        #expect(tx.statementCount - before == (tx.prefersBatchedReads ? 1 : 20))   // PostgreSQL: all nodes read once
        let created = try tx.createNode(labels: ["A"], properties: [:])
        #expect(try tx.nodeIDs(label: "A") == withA + [created] && tx.nodeIDs(label: nil) == ids + [created])
        try tx.removeLabels(["A"], fromNode: ids[1])
        try tx.addLabels(["A"], toNode: ids[0])
        try tx.deleteNode(ids[3])
        #expect(try tx.nodeIDs(label: "A") == [ids[0]] + withA.filter { $0 != ids[1] && $0 != ids[3] } + [created])
        #expect(try !tx.nodeIDs(label: nil).contains(ids[3]))
        tx.rollback()
    }

    /// Creating many nodes with the same property keys notes each key in `property_keys` once.
    @Test(arguments: TestBackend.all)
    func propertyKeysAreNotedOncePerTransaction(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let store = try site.open(mode: .off)
        let tx = try store.beginTransaction(readOnly: false, validator: nil)
        let before = tx.statementCount
        for i in 0..<100 { _ = try tx.createNode(labels: ["P"], properties: ["code": .string("c\(i)"), "n": .int(Int64(i))]) }
        // Per node: node + label (PostgreSQL: one statement for both); the two keys once.
        #expect(tx.statementCount - before == 100 * (tx.prefersBatchedReads ? 1 : 2) + 2)
        try tx.commit()
        let read = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(try read.catalog().propertyKeys == ["code", "n"] && read.nodeCount(label: "P") == 100)
        read.rollback()
    }

    /// The CSR snapshot (PostgreSQL: packed by the server, in groups of 4,096 source ids)
    /// equals the one built from the known relationships.
    @Test(arguments: TestBackend.all)
    func csrSnapshotMatchesTheGraph(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let (store, ids, rels) = try Self.store(site, nodes: 4_500)   // sources past 4,096: two groups
        var types: [Int32: String] = [:]
        for (name, id) in store.typeIDs { types[Int32(id)] = name }
        let edges = rels.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
            .map { (rel: $0.id, type: Int32(store.typeIDs[$0.type] ?? -1), src: $0.start, dst: $0.end) }
        let snapshot = try store.csrSnapshot()
        let expected = CSRSnapshot.build(version: snapshot.graphVersion, nodeIDs: ids.sorted(), edges: edges, typeNames: types)
        #expect(snapshot.nodeIDs == expected.nodeIDs && snapshot.relationshipCount == rels.count)
        #expect(snapshot.outOffsets == expected.outOffsets && snapshot.outTargets == expected.outTargets)
        #expect(snapshot.outRelIDs == expected.outRelIDs && snapshot.outTypes == expected.outTypes)
        #expect(snapshot.inOffsets == expected.inOffsets && snapshot.inSources == expected.inSources)
        #expect(snapshot.inRelIDs == expected.inRelIDs && snapshot.inTypes == expected.inTypes)
        #expect(snapshot.typeNames == types)
    }
}
