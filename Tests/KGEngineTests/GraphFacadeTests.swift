import Foundation
import GovBrainTestSupport
import Testing
import KGCore
import KGEngine

/// The record-level façade the domain modules use: scans, lookups, all-or-nothing writes, and
/// one service per graph.
@Suite struct GraphFacadeTests {
    /// A small graph on `backend`; keep the site alive to the test's end (it removes the store).
    static func graph(_ backend: TestBackend) throws -> (KnowledgeGraph, TestStoreSite) {
        let site = try TestStoreSite(backend)
        let kg = try KnowledgeGraph.open(path: try site.location(), options: .init(createIfMissing: true, schemaModeForNew: .off))
        try kg.query("CREATE (:Person {name: 'a'})-[:KNOWS {since: 2020}]->(:Person {name: 'b'}), (:City {name: 'c'})") { _, _ in }
        return (kg, site)
    }

    @Test(arguments: TestBackend.all)
    func scansAndLookupsSeeTheGraph(_ backend: TestBackend) throws {
        let (kg, site) = try Self.graph(backend)
        defer { withExtendedLifetime(site) {} }
        var names: [String] = []
        try kg.forEachNode(label: "Person") { _, p in if case .string(let s)? = p["name"] { names.append(s) } }
        #expect(names.sorted() == ["a", "b"])
        var edges = 0
        try kg.forEachRelationship(type: "KNOWS") { _, _ in edges += 1 }
        #expect(edges == 1)
        let since = try kg.read { tx -> Value? in
            let r = try #require(try tx.allRelationships(types: ["KNOWS"]).first)
            return try tx.properties(ofRelationship: r.id)["since"]
        }
        #expect(since == .int(2020))
        let people = try kg.read { try $0.nodeIDs(label: "Person") }
        #expect(try kg.node(id: people[0])?.labels == ["Person"])
    }

    @Test(arguments: TestBackend.all)
    func aFailedWriteLeavesTheGraphAsItWas(_ backend: TestBackend) throws {
        let (kg, site) = try Self.graph(backend)
        defer { withExtendedLifetime(site) {} }
        struct Stop: Error {}
        let before = kg.graphVersion
        #expect(throws: Stop.self) {
            try kg.write { tx in
                let id = try tx.createNode(labels: ["City"], properties: ["name": .string("d")])
                try tx.mergeProperties(ofNode: id, ["population": .int(1)])
                throw Stop()
            }
        }
        #expect(try kg.read { try $0.nodeIDs(label: "City") }.count == 1)
        #expect(kg.graphVersion == before)
        let city = try kg.write { tx -> Int64 in
            let id = try tx.createNode(labels: ["City"], properties: ["name": .string("d")])
            try tx.mergeProperties(ofNode: id, ["population": .int(1)])
            return id
        }
        #expect(try kg.node(id: city)?.properties == ["name": .string("d"), "population": .int(1)])
        #expect(kg.graphVersion != before)
    }

    @Test(arguments: TestBackend.all)
    func proceduresAddedToTheRegistryAnswerQueries(_ backend: TestBackend) throws {
        let (kg, site) = try Self.graph(backend)
        defer { withExtendedLifetime(site) {} }
        kg.procedures.register(ProcedureSignature(name: "test.twice", inputs: [.init(name: "x", type: "INTEGER")],
                                                  outputs: [.init(name: "y", type: "INTEGER")], description: "x times two")) { c in
            guard case .int(let x) = c.arguments[0] else { return [] }
            return [[.int(x * 2)]]
        }
        var rows: [[Value]] = []
        try kg.query("CALL test.twice(21) YIELD y RETURN y") { row, _ in rows.append(row) }
        #expect(rows == [[.int(42)]])
    }
}
