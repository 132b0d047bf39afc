import Foundation
import GovBrainTestSupport
import KGCore
import Testing
@testable import KGStore

/// Relationships of many nodes read at once (`StoreTransaction.prefetchAdjacency`, PostgreSQL)
/// and per node, on every backend of the run: the same relationships in the same order,
/// (type, far end, id) per direction, outgoing first and a self-loop once; no statement per node
/// after a prefetch; a transaction's own writes seen after it.
struct StoreAdjacencyTests {
    /// `StorePrefetchTests.store` (i→i+1 R, i→i+7 S) plus a hub (node 0 → every 3rd node, S),
    /// parallel relationships (i→i+1 again, S) and self-loops (R), so that ties on type and far
    /// end are broken by id.
    static func store(_ site: TestStoreSite, nodes: Int) throws -> (GraphStore, [Int64], [RelationshipRef]) {
        let (store, ids, base) = try StorePrefetchTests.store(site, nodes: nodes)
        let tx = try store.beginTransaction(readOnly: false, validator: nil)
        var rels = base
        for i in stride(from: 3, to: nodes, by: 3) { rels.append(try tx.createRelationship(type: "S", start: ids[0], end: ids[i], properties: [:])) }
        for i in stride(from: 0, to: nodes - 1, by: 5) { rels.append(try tx.createRelationship(type: "S", start: ids[i], end: ids[i + 1], properties: [:])) }
        for i in stride(from: 0, to: nodes, by: 11) { rels.append(try tx.createRelationship(type: "R", start: ids[i], end: ids[i], properties: [:])) }
        try tx.commit()
        return (store, ids, rels)
    }

    /// The relationships a per-node read lists, computed from the known ones.
    static func expected(_ rels: [RelationshipRef], node: Int64, outgoing: Bool, incoming: Bool, types: [String],
                         typeIDs: [String: Int64]) -> [RelationshipRef] {
        let wanted = rels.filter { types.isEmpty || types.contains($0.type) }
        let rank = { (r: RelationshipRef) in typeIDs[r.type] ?? -1 }
        var out: [RelationshipRef] = []
        if outgoing { out += wanted.filter { $0.start == node }.sorted { (rank($0), $0.end, $0.id) < (rank($1), $1.end, $1.id) } }
        if incoming {
            out += wanted.filter { $0.end == node && !(outgoing && $0.start == node) }
                .sorted { (rank($0), $0.start, $0.id) < (rank($1), $1.start, $1.id) }
        }
        return out
    }

    static let shapes: [(outgoing: Bool, incoming: Bool, types: [String])] = [
        (true, false, []), (false, true, []), (true, true, []), (true, true, ["S"]), (false, true, ["R", "S", "NONE"]), (true, true, ["NONE"]),
    ]

    @Test(arguments: TestBackend.all)
    func batchedAndPerNodeReadsListTheSameRelationshipsInIndexOrder(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let (store, ids, rels) = try Self.store(site, nodes: 1_200)
        let typeIDs = store.typeIDs

        let plain = try store.beginTransaction(readOnly: true, validator: nil)
        for shape in Self.shapes {
            for node in ids {
                let want = Self.expected(rels, node: node, outgoing: shape.outgoing, incoming: shape.incoming, types: shape.types, typeIDs: typeIDs)
                let got = try plain.relationships(of: node, outgoing: shape.outgoing, incoming: shape.incoming, types: shape.types)
                #expect(got == want, "node \(node), \(shape)")
                #expect(try plain.degree(of: node, outgoing: shape.outgoing, incoming: shape.incoming, types: shape.types) == want.count)
            }
        }
        plain.rollback()

        let batched = try store.beginTransaction(readOnly: true, validator: nil)
        for shape in Self.shapes {
            let before = batched.statementCount
            try batched.prefetchAdjacency(of: ids.reversed() + ids, outgoing: shape.outgoing, incoming: shape.incoming, types: shape.types)
            let chunks = shape.types == ["NONE"] ? 0 : (ids.count + StoreTransaction.prefetchChunk - 1) / StoreTransaction.prefetchChunk
            #expect(batched.statementCount - before == (batched.prefersBatchedReads ? chunks : 0))
            let afterPrefetch = batched.statementCount
            for node in ids {
                let want = Self.expected(rels, node: node, outgoing: shape.outgoing, incoming: shape.incoming, types: shape.types, typeIDs: typeIDs)
                #expect(try batched.relationships(of: node, outgoing: shape.outgoing, incoming: shape.incoming, types: shape.types) == want)
                #expect(try batched.degree(of: node, outgoing: shape.outgoing, incoming: shape.incoming, types: shape.types) == want.count)
            }
            // PostgreSQL: every answer came from the prefetch.
            if batched.prefersBatchedReads { #expect(batched.statementCount == afterPrefetch) }
        }
        batched.rollback()
    }

    /// A transaction's own relationship writes after a prefetch are in its later reads, and the
    /// committed state is what the next transaction reads.
    @Test(arguments: TestBackend.all)
    func writesAfterAnAdjacencyPrefetchAreSeen(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let (store, ids, rels) = try Self.store(site, nodes: 30)
        let tx = try store.beginTransaction(readOnly: false, validator: nil)
        try tx.prefetchAdjacency(of: ids, outgoing: true, incoming: true, types: [])
        let before = try tx.relationships(of: ids[0], outgoing: true, incoming: true, types: [])
        let created = try tx.createRelationship(type: "T", start: ids[0], end: ids[5], properties: [:])
        let removed = before[0]
        try tx.deleteRelationship(removed.id)
        let after = try tx.relationships(of: ids[0], outgoing: true, incoming: true, types: [])
        #expect(after.contains(created) && !after.contains(removed) && after.count == before.count)
        #expect(try tx.relationships(of: ids[5], outgoing: false, incoming: true, types: ["T"]) == [created])
        #expect(try tx.degree(of: ids[0], outgoing: true, incoming: true, types: []) == before.count)
        try tx.prefetchAdjacency(of: ids, outgoing: true, incoming: true, types: [])
        #expect(try tx.relationships(of: ids[0], outgoing: true, incoming: true, types: []) == after)
        try tx.commit()

        let now = rels.filter { $0.id != removed.id } + [created]
        let read = try store.beginTransaction(readOnly: true, validator: nil)
        try read.prefetchAdjacency(of: ids, outgoing: true, incoming: true, types: [])
        for node in ids {
            #expect(try read.relationships(of: node, outgoing: true, incoming: true, types: [])
                    == Self.expected(now, node: node, outgoing: true, incoming: true, types: [], typeIDs: store.typeIDs))
        }
        read.rollback()
    }

    /// The packed value PostgreSQL sends is cut into (id, type, far end) records; one that is not
    /// a whole number of records is a corrupted store, said with the node, the store and what to do.
    @Test func packedRelationshipsAreCutUpOrRejectedAsCorrupted() throws {
        func packed(_ values: [Int64]) -> [UInt8] { values.flatMap { withUnsafeBytes(of: $0.bigEndian, Array.init) } }
        let names: [Int64: String] = [1: "R", 2: "S"]
        let good = packed([10, 1, 7, 11, 2, -3])
        let out = try good.withUnsafeBytes {
            try StoreTransaction.unpackRelationships($0, of: 5, outgoing: true, typeNames: names, database: "db")
        }
        #expect(out == [RelationshipRef(id: 10, type: "R", start: 5, end: 7), RelationshipRef(id: 11, type: "S", start: 5, end: -3)])
        let incoming = try good.withUnsafeBytes {
            try StoreTransaction.unpackRelationships($0, of: 5, outgoing: false, typeNames: names, database: "db")
        }
        #expect(incoming.map(\.start) == [7, -3] && incoming.allSatisfy { $0.end == 5 })

        let database = "postgresql://kg@db.example:5432/graph"
        for length in [1, 23, 25, 47] {
            let bad = Array(packed([10, 1, 7, 11, 2, 8]).prefix(length))
            #expect {
                try bad.withUnsafeBytes {
                    try StoreTransaction.unpackRelationships($0, of: 42, outgoing: false, typeNames: names, database: database)
                }
            } throws: { error in
                guard let error = error as? StoreError else { return false }
                return error.code == .storeCorrupted && error.message.contains("node 42") && error.message.contains(database)
                    && error.message.contains("\(length) bytes") && error.message.contains("--integrity")
                    && !error.message.contains("  ")
            }
        }
    }
}
