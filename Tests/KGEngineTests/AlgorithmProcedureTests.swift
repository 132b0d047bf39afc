import Foundation
import GovBrainTestSupport
import KGCore
import KGEngine
import KGStore
import Testing

/// The kg.algo.* procedures through Cypher on a free-form graph: projections, write-back,
/// paths, read-only refusal and option errors.
@Suite struct AlgorithmProcedureTests {
    /// The test graph on `backend`; keep the site alive to the test's end (it removes the store).
    func graph(_ backend: TestBackend) throws -> (KnowledgeGraph, TestStoreSite) {
        let site = try TestStoreSite(backend)
        let store = try site.open(mode: .off)
        let kg = KnowledgeGraph(store: store, schema: try KnowledgeGraph.loadSchema())
        // Two triangles joined by a bridge, plus a dangling chain; weights on ROAD.
        try kg.query("""
            CREATE (a:Town {name: 'a'}), (b:Town {name: 'b'}), (c:Town {name: 'c'}), (d:Town {name: 'd'}), (e:Town {name: 'e'}), (f:Town {name: 'f'}),
                   (x:Farm {name: 'x'}),
                   (a)-[:ROAD {km: 1}]->(b), (b)-[:ROAD {km: 1}]->(c), (c)-[:ROAD {km: 5}]->(a),
                   (c)-[:ROAD {km: 1}]->(d),
                   (d)-[:ROAD {km: 1}]->(e), (e)-[:ROAD {km: 1}]->(f), (f)-[:ROAD {km: 1}]->(d),
                   (a)-[:TRAIL]->(x)
            """) { _, _ in }
        return (kg, site)
    }

    func rows(_ kg: KnowledgeGraph, _ q: String, options: QueryOptions = .init()) throws -> [[Value]] {
        var out: [[Value]] = []
        try kg.query(q, options: options) { row, _ in out.append(row) }
        return out
    }

    @Test(arguments: TestBackend.all)
    func centralityCommunitiesAndWriteBack(_ backend: TestBackend) throws {
        let (kg, site) = try graph(backend)
        defer { withExtendedLifetime(site) {} }
        let pr = try rows(kg, "CALL kg.algo.pageRank({nodeLabels: ['Town'], relationshipTypes: ['ROAD']}) YIELD node, score RETURN node.name, score")
        #expect(pr.count == 6)
        let total = pr.reduce(0.0) { if case .double(let d) = $1[1] { return $0 + d } else { return $0 } }
        #expect(abs(total - 1) < 1e-6)
        let comms = try rows(kg, "CALL kg.algo.louvain({nodeLabels: ['Town']}) YIELD node, communityId RETURN node.name, communityId ORDER BY node.name")
        #expect(comms[0][1] == comms[1][1] && comms[1][1] == comms[2][1] && comms[3][1] == comms[4][1] && comms[0][1] != comms[3][1])
        let wcc = try rows(kg, "CALL kg.algo.wcc() YIELD componentId RETURN count(DISTINCT componentId)")
        #expect(wcc == [[.int(1)]])
        let between = try rows(kg, "CALL kg.algo.betweenness({nodeLabels: ['Town'], orientation: 'UNDIRECTED'}) YIELD node, score RETURN node.name ORDER BY score DESC LIMIT 2")
        #expect(Set(between.map { $0[0] }) == [.string("c"), .string("d")])
        // write: stores the score on the nodes (the call then needs write access).
        _ = try rows(kg, "CALL kg.algo.degree({write: 'deg'}) YIELD node RETURN count(*)")
        #expect(try rows(kg, "MATCH (n:Town {name: 'a'}) RETURN n.deg") == [[.double(2)]])
        #expect { _ = try rows(kg, "CALL kg.algo.degree({write: 'deg'})", options: .init(readOnly: true)) } throws: { "\($0)".contains("WriteNotAllowed") }
        #expect(try rows(kg, "CALL kg.algo.degree({write: null}) YIELD score RETURN count(*)", options: .init(readOnly: true)) == [[.int(7)]])
    }

    @Test(arguments: TestBackend.all)
    func pathsSimilarityAndPersonalizedPageRank(_ backend: TestBackend) throws {
        let (kg, site) = try graph(backend)
        defer { withExtendedLifetime(site) {} }
        let hops = try rows(kg, """
            MATCH (a:Town {name: 'a'}), (f:Town {name: 'f'})
            CALL kg.algo.shortestPath({sourceNode: a, targetNode: f, relationshipTypes: ['ROAD']}) YIELD path, cost
            RETURN [n IN nodes(path) | n.name], cost
            """)
        #expect(hops == [[.list(["a", "b", "c", "d", "f"].map { .string($0) }), .double(4)]] ||
                hops == [[.list(["a", "b", "c", "d", "e", "f"].map { .string($0) }), .double(5)]])
        let weighted = try rows(kg, """
            MATCH (c:Town {name: 'c'}), (a:Town {name: 'a'})
            CALL kg.algo.shortestPath({sourceNode: c, targetNode: a, orientation: 'UNDIRECTED', weightProperty: 'km'}) YIELD path, cost
            RETURN length(path), cost
            """)
        #expect(weighted == [[.int(2), .double(2)]])
        let sim = try rows(kg, "CALL kg.algo.nodeSimilarity({relationshipTypes: ['ROAD'], orientation: 'UNDIRECTED'}) YIELD node1, node2, similarity WHERE node1.name = 'a' RETURN node2.name, similarity ORDER BY similarity DESC LIMIT 1")
        #expect(sim.first?[0] == .string("b") || sim.first?[0] == .string("c"))
        let ppr = try rows(kg, "MATCH (x:Town {name: 'e'}) CALL kg.algo.personalizedPageRank({sourceNodes: [x]}) YIELD node, score RETURN node.name ORDER BY score DESC LIMIT 1")
        #expect(ppr == [[.string("e")]])
        let emb = try rows(kg, "CALL kg.algo.fastRP({embeddingDimension: 8}) YIELD embedding RETURN size(embedding) LIMIT 1")
        #expect(emb == [[.int(8)]])
    }

    @Test(arguments: TestBackend.all)
    func badOptionsNameTheOption(_ backend: TestBackend) throws {
        let (kg, site) = try graph(backend)
        defer { withExtendedLifetime(site) {} }
        for (q, mention) in [("CALL kg.algo.pageRank({dampingFactor: 1.5})", "dampingFactor"),
                             ("CALL kg.algo.pageRank({nodeLabels: ['Nope']})", "nodeLabels"),
                             ("CALL kg.algo.pageRank({weightProperty: 'nope'})", "weightProperty"),
                             ("CALL kg.algo.pageRank({maxIter: 3})", "maxIter"),
                             ("CALL kg.algo.louvain({resolution: 'x'})", "resolution"),
                             ("CALL kg.algo.personalizedPageRank({})", "sourceNodes"),
                             ("CALL kg.algo.shortestPath({sourceNode: 0})", "targetNode"),
                             ("CALL kg.algo.pageRank({orientation: 'SIDEWAYS'})", "orientation")] {
            #expect { _ = try rows(kg, q) } throws: { "\($0)".contains(mention) && "\($0)".contains("InvalidAlgorithmConfiguration") }
        }
    }
}
