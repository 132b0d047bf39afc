import Foundation
import GovBrainTestSupport
import KGCore
import Testing
@testable import KGStore

/// Expansions served from the `CSRAdjacency` (SQLite) answer as the relationship indexes do:
/// the same relationships in the same order for every node, direction and type filter, the
/// same degrees and the same far ends of a frontier; a transaction that writes, or that reads
/// another state than the adjacency's, reads SQLite; the file beside the database is used by a
/// store opened later only while it holds the state read, and a damaged one is ignored.
struct CSRAdjacencyTests {
    /// Cycles (i→i+1, i→i+7), a hub, parallel relationships and self-loops (`StoreAdjacencyTests.store`).
    static func store(_ site: TestStoreSite) throws -> (GraphStore, [Int64], [RelationshipRef]) {
        try StoreAdjacencyTests.store(site, nodes: 700)
    }

    /// Every node's label tests, relationships and degree for every shape, and the far ends of a few frontiers.
    static func reads(_ tx: StoreTransaction, _ ids: [Int64]) throws -> (rels: [[RelationshipRef]], degrees: [Int], ends: [[Int64]]) {
        var rels: [[RelationshipRef]] = [], degrees: [Int] = [], ends: [[Int64]] = []
        // Label tests ride along as degrees (1 or 0).
        for node in ids + [999_999] {
            for labels in [["A"], ["B"], ["A", "B"], [], ["NONE"], ["B", "NONE"]] { degrees.append(try tx.hasLabels(node, labels) ? 1 : 0) }
        }
        // Frontiers as the executor hands them over: unsorted, some ids twice, more than 256 of them, a missing id.
        let scattered = ids.indices.map { ids[($0 * 37) % ids.count] }
        let frontiers: [[Int64]] = [ids, ids.reversed(), [ids[0]], [], scattered + ids.prefix(300), [ids[3], 999_999, ids[3], ids[1]]]
        for shape in StoreAdjacencyTests.shapes {
            for node in ids + [999_999] {
                rels.append(try tx.relationships(of: node, outgoing: shape.outgoing, incoming: shape.incoming, types: shape.types))
                degrees.append(try tx.degree(of: node, outgoing: shape.outgoing, incoming: shape.incoming, types: shape.types))
            }
            for frontier in frontiers {
                ends.append(try tx.neighbors(ofAll: frontier, outgoing: shape.outgoing, incoming: shape.incoming, types: shape.types))
            }
        }
        return (rels, degrees, ends)
    }

    @Test func adjacencyReadsEqualIndexReadsInIndexOrder() throws {
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let (store, ids, known) = try Self.store(site)

        let plain = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(plain.adjacency == nil)
        let reference = try Self.reads(plain, ids)
        plain.rollback()

        let stamp = try #require(try store.refreshAdjacency())
        let served = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(served.adjacency?.stamp == stamp && served.servingAdjacency != nil)
        let got = try Self.reads(served, ids)
        served.rollback()

        #expect(got.rels == reference.rels)
        #expect(got.degrees == reference.degrees)
        #expect(got.ends == reference.ends)
        // The per-node answers are those the known relationships give, in index order.
        let typeIDs = store.typeIDs
        var k = 0
        for shape in StoreAdjacencyTests.shapes {
            for node in ids + [999_999] {
                let want = StoreAdjacencyTests.expected(known, node: node, outgoing: shape.outgoing, incoming: shape.incoming,
                                                        types: shape.types, typeIDs: typeIDs)
                #expect(got.rels[k] == want, "node \(node), \(shape)")
                k += 1
            }
        }
    }

    /// Random frontiers: the adjacency's far ends equal SQLite's `IN` walk in the same transaction state.
    @Test func frontierEndsEqualTheIndexWalk() throws {
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }
        let (store, ids, _) = try Self.store(site)
        var generator = SystemRandomNumberGenerator()
        let frontiers = (0..<20).map { _ in (0..<Int.random(in: 1...900, using: &generator)).map { _ in ids.randomElement(using: &generator)! } }
        let plain = try store.beginTransaction(readOnly: true, validator: nil)
        let reference = try frontiers.flatMap { f in try StoreAdjacencyTests.shapes.map { try plain.neighbors(ofAll: f, outgoing: $0.outgoing, incoming: $0.incoming, types: $0.types) } }
        plain.rollback()
        try store.refreshAdjacency(writeFile: false)
        let served = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(served.servingAdjacency != nil)
        let got = try frontiers.flatMap { f in try StoreAdjacencyTests.shapes.map { try served.neighbors(ofAll: f, outgoing: $0.outgoing, incoming: $0.incoming, types: $0.types) } }
        served.rollback()
        #expect(got == reference)
    }

    /// A transaction's own uncommitted relationships (created, deleted) are seen: once it writes it reads SQLite.
    @Test func ownWritesAreSeen() throws {
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }
        let (store, ids, _) = try Self.store(site)
        try store.refreshAdjacency(writeFile: false)
        let tx = try store.beginTransaction(readOnly: false, validator: nil)
        #expect(tx.servingAdjacency != nil)
        let before = try tx.relationships(of: ids[1], outgoing: true, incoming: true, types: [])
        let degree = try tx.degree(of: ids[1], outgoing: true, incoming: false, types: ["T"])
        let created = try tx.createRelationship(type: "T", start: ids[1], end: ids[2], properties: [:])
        #expect(tx.servingAdjacency == nil)
        let after = try tx.relationships(of: ids[1], outgoing: true, incoming: true, types: [])
        #expect(after.count == before.count + 1 && after.contains(created))
        #expect(try tx.degree(of: ids[1], outgoing: true, incoming: false, types: ["T"]) == degree + 1)
        #expect(try tx.neighbors(ofAll: [ids[1]], outgoing: true, incoming: false, types: ["T"]) == [ids[2]])
        try tx.deleteRelationship(before[0].id)
        #expect(try !tx.relationships(of: ids[1], outgoing: true, incoming: true, types: []).contains(before[0]))
        try tx.commit()
        // Committed: a new state, which the adjacency does not hold.
        let next = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(next.adjacency == nil)
        #expect(try next.relationships(of: ids[1], outgoing: true, incoming: false, types: ["T"]) == [created])
        next.rollback()
    }

    /// The file beside the database serves a store opened later, only for the state it holds;
    /// damaged or stale files are ignored.
    @Test func fileServesLaterOpensOfTheSameState() throws {
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }
        let (store, ids, _) = try Self.store(site)
        let path = CSRAdjacency.filePath(forDatabase: store.path)
        #expect(!FileManager.default.fileExists(atPath: path))
        let stamp = try #require(try store.refreshAdjacency())
        #expect(FileManager.default.fileExists(atPath: path))

        func servedAfterOpen() throws -> (Bool, [RelationshipRef]) {
            let again = try site.open(mode: .off)
            let tx = try again.beginTransaction(readOnly: true, validator: nil)
            defer { tx.rollback() }
            return (tx.adjacency?.stamp == stamp, try tx.relationships(of: ids[0], outgoing: true, incoming: true, types: []))
        }
        let (served, rels) = try servedAfterOpen()
        #expect(served && rels.count > 200)

        // A damaged header (one field changed) or a cut file: not used, and the reads stay right.
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var flipped = good
        flipped[17] ^= 0x01
        for damaged in [flipped, good.prefix(good.count - 8), Data(good.prefix(40))] {
            try damaged.write(to: URL(fileURLWithPath: path))
            let (used, same) = try servedAfterOpen()
            #expect(!used && same == rels)
        }
        try good.write(to: URL(fileURLWithPath: path))
        #expect(try servedAfterOpen().0)

        // Another connection commits a write: the file holds an older state, not used any more.
        let writer = try site.open(mode: .off)
        let tx = try writer.beginTransaction(readOnly: false, validator: nil)
        let added = try tx.createRelationship(type: "R", start: ids[0], end: ids[5], properties: [:])
        try tx.commit()
        let (stale, now) = try servedAfterOpen()
        #expect(!stale && now.contains(added) && now.count == rels.count + 1)
        let reader = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(reader.adjacency == nil)
        reader.rollback()
    }

    /// The file is written section by section, straight from the index walks; its bytes are
    /// those of the adjacency built in memory, and the store serves the mapped file. When the
    /// file cannot be written, the refresh says so and this process serves one from memory.
    @Test func fileBuildEqualsTheBuildInMemory() throws {
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }
        let (store, ids, _) = try Self.store(site)
        let path = CSRAdjacency.filePath(forDatabase: store.path)
        let tx = try store.beginTransaction(readOnly: true, validator: nil)
        let inMemory = try CSRAdjacency.build(tx)
        let other = path + ".other"
        defer { try? FileManager.default.removeItem(atPath: other) }
        let fromFile = try CSRAdjacency.buildFile(tx, path: other)
        tx.rollback()
        #expect(inMemory.relationshipCount > 1_000 && fromFile.stamp == inMemory.stamp)
        #expect(Data(fromFile.bytes) == Data(inMemory.bytes))
        #expect(try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent).allSatisfy { !$0.contains(".tmp-") })

        // A folder in the file's place: no file, an error naming it, and expansions from memory all the same.
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try store.refreshAdjacency()
        } throws: { error in
            (error as? StoreError)?.code == .pathNotWritable && "\(error)".contains(path)
        }
        let served = try store.beginTransaction(readOnly: true, validator: nil)
        defer { served.rollback() }
        #expect(served.adjacency?.stamp == inMemory.stamp)
        #expect(try served.relationships(of: ids[0], outgoing: true, incoming: true, types: []).count > 200)
    }

    /// Two stores built by the same writes reach the same id counters, and two histories that
    /// part from one state (a backup put back, then written differently) can too: their stamps
    /// still differ (`structure_changes` is a random token), so one's adjacency file beside the
    /// other is never used for it.
    @Test func anotherStoreWithTheSameCountersDoesNotUseTheFile() throws {
        let first = try TestStoreSite(.sqlite), second = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime((first, second)) {} }
        let (a, ids, _) = try Self.store(first)
        let (b, _, _) = try Self.store(second)
        let stampA = try #require(try a.refreshAdjacency())
        let reading = try b.beginTransaction(readOnly: true, validator: nil)
        let stampB = reading.adjacencyStamp, rels = try reading.relationships(of: ids[0], outgoing: true, incoming: true, types: [])
        reading.rollback()
        #expect(stampA.nextNodeID == stampB.nextNodeID && stampA.nextRelationshipID == stampB.nextRelationshipID)
        #expect(stampA != stampB)
        // A's file put beside B (as a copied or restored database file would find it).
        try FileManager.default.copyItem(atPath: CSRAdjacency.filePath(forDatabase: a.path), toPath: CSRAdjacency.filePath(forDatabase: b.path))
        let again = try second.open(mode: .off)
        let tx = try again.beginTransaction(readOnly: true, validator: nil)
        defer { tx.rollback() }
        #expect(tx.adjacency == nil)
        #expect(try tx.relationships(of: ids[0], outgoing: true, incoming: true, types: []) == rels)
    }

    /// Writes that change no node or relationship (properties, labels, an index) keep the
    /// adjacency; creating or deleting one does not.
    @Test func onlyStructuralWritesRetireTheAdjacency() throws {
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }
        let (store, ids, _) = try Self.store(site)
        try store.refreshAdjacency(writeFile: false)
        func served() throws -> Bool {
            let tx = try store.beginTransaction(readOnly: true, validator: nil)
            defer { tx.rollback() }
            return tx.adjacency != nil
        }
        func write(_ body: (StoreTransaction) throws -> Void) throws {
            let tx = try store.beginTransaction(readOnly: false, validator: nil)
            try body(tx)
            try tx.commit()
        }
        #expect(try served())
        try write { try $0.setProperties(ofNode: ids[2], ["n": .int(-1)]) }
        try write { try $0.createIndex(label: "A", key: "n") }
        #expect(try served())
        try write { try $0.addLabels(["C"], toNode: ids[2]) }
        #expect(try !served())
        try store.refreshAdjacency(writeFile: false)
        let labelled = try store.beginTransaction(readOnly: true, validator: nil)
        let labelTests = (try labelled.hasLabels(ids[2], ["C"]), try labelled.hasLabels(ids[3], ["C"]))
        #expect(labelled.adjacency != nil && labelTests.0 && !labelTests.1)
        labelled.rollback()
        let reading = try store.beginTransaction(readOnly: true, validator: nil)
        let victim = try reading.relationships(of: ids[4], outgoing: true, incoming: false, types: [])[0]
        reading.rollback()
        try write { try $0.deleteRelationship(victim.id) }
        #expect(try !served())
        try store.refreshAdjacency(writeFile: false)
        let tx = try store.beginTransaction(readOnly: true, validator: nil)
        #expect(tx.adjacency != nil)
        #expect(try !tx.relationships(of: ids[4], outgoing: true, incoming: false, types: []).contains(victim))
        tx.rollback()
        try write { _ = try $0.createNode(labels: ["A"], properties: [:]) }
        #expect(try !served())
    }
}
