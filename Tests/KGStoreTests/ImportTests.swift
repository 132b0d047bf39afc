import Foundation
import Testing
import KGCore
import KGOntology
@testable import KGStore
import GovBrainTestSupport

@Suite struct ImportTests {
    @Test(arguments: TestBackend.all)
    func importsNeo4jAdminCSVInAnyFileOrder(_ backend: TestBackend) throws {
        let dir = try TempDir(), site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let files = try Fixtures.writeValidCSV(in: dir).reversed()
        let store = try site.open()
        let report = try GraphImporter.run(store: store, files: Array(files), options: .init(), schema: Fixtures.schema)
        #expect(report.nodesCreated == 3)
        #expect(report.relationshipsCreated == 2)
        let stats = try store.statistics()
        #expect(stats.nodesByLabel == ["Region": 2, "City": 1, "County": 1, "Enterprise": 1])
        #expect(stats.relationshipsByType == ["LOCATED_IN": 1, "PART_OF": 1])
        let found = try store.nodeID(className: "Enterprise", key: "uscc", value: .string("91450100MA5L6XX21P"))
        let id = try #require(found)
        let stored = try store.node(id: id)
        let node = try #require(stored)
        #expect(node.properties["regCapital"] == .double(500))
        #expect(node.properties["registeredOn"] == .date(CypherDate(year: 2019, month: 5, day: 6)!))
        #expect(node.externalID == ExternalID(space: "Enterprise", id: "91450100MA5L6XX21P"))
    }

    /// Each bad input: a clear error with its code and location, and the store exactly as before.
    @Test(arguments: [
        ("quote.csv", "adcode:ID(Region),name,:LABEL\n450100,\"南宁市,Region\n", ErrorCode.unterminatedQuote, 2),
        ("width.csv", "adcode:ID(Region),name,:LABEL\n450100,南宁市\n", ErrorCode.wrongColumnCount, 2),
        ("dup.csv", "adcode:ID(Region),name,:LABEL\n450105,a,Region\n450105,b,Region\n", ErrorCode.duplicateID, 3),
        ("type.csv", "adcode:ID(Region),name,longitude:float,:LABEL\n450100,a,east,Region\n", ErrorCode.badValue, 2),
        ("wrongtype.csv", "adcode:ID(Region),name,longitude:boolean,:LABEL\n450100,a,true,Region\n", ErrorCode.wrongPropertyType, 2),
        ("label.csv", "code:ID(X),:LABEL\nx1,Enterprize\n", ErrorCode.unknownLabel, 2),
        ("endpoint.csv", ":START_ID(Region),:END_ID(Region),:TYPE\n450100,999999,PART_OF\n", ErrorCode.missingEndpoint, 2),
        ("header.csv", "name,level\na,b\n", ErrorCode.badHeader, 1),
    ], TestBackend.all)
    func badCSVIsRefusedWithLocationAndChangesNothing(_ bad: (String, String, ErrorCode, Int), _ backend: TestBackend) throws {
        let (name, text, code, line) = bad
        let dir = try TempDir(), site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let store = try site.open()
        _ = try GraphImporter.run(store: store, files: try Fixtures.writeValidCSV(in: dir), options: .init(), schema: Fixtures.schema)
        let before = try Fixtures.fingerprint(store)
        let file = try dir.write(name, text)
        // The bad file comes with a good one, which must not be loaded either.
        let good = try dir.write("more.csv", "adcode:ID(Region),name,:LABEL\n450102,兴宁区,Region\n")
        do {
            _ = try GraphImporter.run(store: store, files: [good, file], options: .init(), schema: Fixtures.schema)
            Issue.record("expected \(code)")
        } catch let e as any GovBrainError {
            #expect(e.code == code, "\(e)")
            #expect(e.location?.line == line, "\(e)")
            #expect(e.location?.file == name || e.code == .missingEndpoint || e.location?.file == name, "\(e)")
        }
        #expect(try Fixtures.fingerprint(store) == before)
    }

    @Test func invalidUTF8AndEmptyFilesAreRefused() throws {
        let dir = try TempDir()
        let store = try Fixtures.open(dir.path("g.sqlite"))
        let gbk = try dir.write("gbk.csv", bytes: Array("adcode:ID(Region),name,:LABEL\n450100,".utf8) + [0xC4, 0xCF, 0xC4] + Array(",Region\n".utf8))
        #expect { try GraphImporter.run(store: store, files: [gbk], options: .init(), schema: Fixtures.schema) } throws: {
            ($0 as? ImportError)?.code == .invalidUTF8 && ($0 as? ImportError)?.location?.line == 2 && "\($0)".contains("iconv")
        }
        let empty = try dir.write("empty.csv", "")
        #expect { try GraphImporter.run(store: store, files: [empty], options: .init(), schema: Fixtures.schema) } throws: {
            ($0 as? ImportError)?.code == .emptyFile
        }
        #expect { try GraphImporter.run(store: store, files: [dir.path("missing.csv")], options: .init(), schema: Fixtures.schema) } throws: {
            ($0 as? ImportError)?.code == .fileNotFound
        }
        #expect(try store.statistics().nodeCount == 0)
    }

    @Test(arguments: TestBackend.all)
    func skipBadWritesRejectsAndLoadsTheRest(_ backend: TestBackend) throws {
        let dir = try TempDir(), site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let store = try site.open()
        let file = try dir.write("r.csv", "adcode:ID(Region),name,longitude:float,:LABEL\n450100,a,1.5,Region\n450102,b,east,Region\n450103,c,2.5,Region\n450103,d,3,Region\n")
        let rejects = dir.path("rejects.txt")
        let report = try GraphImporter.run(store: store, files: [file], options: .init(rejectsPath: rejects), schema: Fixtures.schema)
        #expect(report.nodesCreated == 2)
        #expect(report.rejected == 2)
        let text = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(text.contains("r.csv:3:3 (field longitude): BadValue"))
        #expect(text.contains("r.csv:5:1: DuplicateId"))
    }

    @Test(arguments: TestBackend.all)
    func ontologyKeysAreUnique(_ backend: TestBackend) throws {
        let dir = try TempDir(), site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let store = try site.open()
        let file = try dir.write("r.csv", ":ID(A),adcode,name,:LABEL\n1,450100,a,Region\n2,450100,b,Region\n")
        #expect { try GraphImporter.run(store: store, files: [file], options: .init(), schema: Fixtures.schema) } throws: {
            ($0 as? OntologyError)?.code == .duplicateKey && ($0 as? OntologyError)?.location?.line == 3
        }
        _ = try GraphImporter.run(store: store, files: [file], options: .init(validate: false), schema: Fixtures.schema)
        #expect(try store.statistics().nodeCount == 2)
    }

    @Test(arguments: TestBackend.all)
    func freeFormGraphsAndEdgeLists(_ backend: TestBackend) throws {
        let dir = try TempDir(), site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let store = try site.open(mode: .off)
        let edges = try dir.write("edges.csv", "src,dst,weight:float\n1,2,0.5\n2,3,1.5\n3,1,2\n")
        let r = try GraphImporter.run(store: store, files: [edges], options: .init(), schema: Fixtures.schema)
        #expect(r.nodesCreated == 3 && r.relationshipsCreated == 3)
        let snap = try store.csrSnapshot()
        #expect(snap.nodeCount == 3 && snap.relationshipCount == 3)
        #expect((0..<3).allSatisfy { snap.outDegree($0) == 1 && snap.inDegree($0) == 1 })
    }

    @Test(arguments: TestBackend.all)
    func jsonLinesImportWithBadLines(_ backend: TestBackend) throws {
        let dir = try TempDir(), site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let store = try site.open()
        let good = try dir.write("g.jsonl", """
        {"type":"relationship","label":"PART_OF","start":{"id":"450103","space":"Region"},"end":{"id":"450100","space":"Region"},"properties":{}}
        {"type":"node","id":"450100","space":"Region","labels":["Region","City"],"properties":{"adcode":"450100","name":"南宁市","latitude":22.8}}

        {"type":"node","id":"450103","space":"Region","labels":["Region","County"],"properties":{"adcode":"450103","name":"青秀区"}}
        """)
        let r = try GraphImporter.run(store: store, files: [good], options: .init(), schema: Fixtures.schema)
        #expect(r.nodesCreated == 2 && r.relationshipsCreated == 1)
        let bad = try dir.write("b.jsonl", "{\"type\":\"node\",\"id\":\"x\",\"labels\":[\"Tag\"],\"properties\":{\"code\":\"t\"}}\n{\"type\":\"node\", \"id\": }\n")
        #expect { try GraphImporter.run(store: store, files: [bad], options: .init(), schema: Fixtures.schema) } throws: {
            ($0 as? ImportError)?.code == .malformedJSON && ($0 as? ImportError)?.location?.line == 2
        }
        #expect(try store.statistics().nodeCount == 2)
    }

    @Test func graphMLFromNetworkX() throws {
        let dir = try TempDir()
        let store = try Fixtures.open(dir.path("g.sqlite"), mode: .off)
        let r = try GraphImporter.run(store: store, files: [Fixtures.path("networkx_digraph.graphml"), Fixtures.path("networkx_karate.graphml")],
                                      options: .init(), schema: Fixtures.schema)
        // The karate club has 34 nodes; its ids 0..33 do not clash with a, b, c.
        #expect(r.nodesCreated == 37)
        #expect(r.relationshipsCreated == 3 + 78)
        let aID = try store.nodeID(external: ExternalID(space: "", id: "a"))
        let aNode = try store.node(id: try #require(aID))
        let a = try #require(aNode)
        #expect(a.properties == ["name": .string("南宁市"), "population": .int(8741584), "area": .double(22112.0), "capital": .bool(true)])
        var loops: [StoredRelationship] = []
        try store.forEachRelationship { if $0.start == $0.end { loops.append($0) } }
        #expect(loops.count == 1)
        #expect(loops.first?.properties == ["weight": .double(0.25), "kind": .string("self"), "direct": .bool(false)])
        let multi = try Fixtures.open(dir.path("m.sqlite"), mode: .off)
        let m = try GraphImporter.run(store: multi, files: [Fixtures.path("networkx_multidigraph.graphml")], options: .init(), schema: Fixtures.schema)
        #expect(m.relationshipsCreated == 3)
    }

    @Test func malformedGraphMLReportsLibxml2Line() throws {
        let dir = try TempDir()
        let store = try Fixtures.open(dir.path("g.sqlite"), mode: .off)
        let bad = try dir.write("bad.graphml", "<?xml version=\"1.0\"?>\n<graphml>\n<graph>\n<node id=\"a\">\n</graph>\n</graphml>\n")
        #expect { try GraphImporter.run(store: store, files: [bad], options: .init(), schema: Fixtures.schema) } throws: {
            ($0 as? ImportError)?.code == .malformedXML && ($0 as? ImportError)?.location?.line == 5
        }
        #expect(try store.statistics().nodeCount == 0)
    }
}
