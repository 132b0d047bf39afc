import Foundation
import Testing
import KGCore
@testable import KGStore
import GovBrainTestSupport

/// Imports on every backend (SQLite's multi-row inserts, PostgreSQL's `COPY`): the same stable
/// ids, the same text through every escape the `COPY` format has, appends into a store with
/// data, a failed import leaving the store as it was, and values no backend can hold refused alike.
@Suite struct ImportBackendTests {
    /// Nodes whose ids and properties hold what `COPY`'s text format escapes (backslash, tab,
    /// newline, carriage return) and what it does not (quotes, `\N`, non-ASCII).
    static func nodes(_ range: Range<Int>) -> String {
        var out = "id:ID(P),name,note,score:float,:LABEL\n"
        for i in range {
            out += "k\(i)\\x,\"n\(i)\ttab\",\"line\nbreak\r\\N \"\"q\"\" 负责人\",\(Double(i) / 8),P;Q\n"
        }
        return out
    }

    static func relationships(_ pairs: [(Int, Int)]) -> String {
        ":START_ID(P),:END_ID(P),w:int,why,:TYPE\n" + pairs.enumerated().map { "k\($1.0)\\x,k\($1.1)\\x,\($0),\"a\\\\b\tc\",R\($0 % 3)\n" }.joined()
    }

    /// The store's fingerprint without its size on disk (which a rolled-back import may grow).
    static func contents(_ store: GraphStore) throws -> String {
        try Fixtures.fingerprint(store).components(separatedBy: "fileBytes").first ?? ""
    }

    /// Two imports into one store and a failed third: stable ids and contents, per backend.
    private func fingerprints(_ backend: TestBackend) throws -> [String] {
        let dir = try TempDir(), site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let store = try site.open(mode: .off)
        var prints: [String] = []
        let first = [try dir.write("n1.csv", Self.nodes(0..<1_200)),
                     try dir.write("r1.csv", Self.relationships((0..<2_000).map { ($0 * 7 % 1_200, $0 * 13 % 1_200) }))]
        var report = try GraphImporter.run(store: store, files: first, options: .init(), schema: Fixtures.schema)
        #expect(report.nodesCreated == 1_200 && report.relationshipsCreated == 2_000)
        prints.append(try Self.contents(store))
        // Into a store with data: endpoints among the older nodes, a duplicate id rejected.
        let second = [try dir.write("n2.csv", Self.nodes(1_150..<1_500)),
                      try dir.write("r2.csv", Self.relationships((0..<500).map { ($0 % 1_500, ($0 * 11 + 3) % 1_500) }))]
        report = try GraphImporter.run(store: store, files: second, options: .init(rejectsPath: dir.path("rejects.txt")), schema: Fixtures.schema)
        #expect(report.nodesCreated == 300 && report.rejected == 50 && report.relationshipsCreated == 500)
        let rejects = try String(contentsOfFile: dir.path("rejects.txt"), encoding: .utf8)
        #expect(rejects.contains("n2.csv:2:1: DuplicateId") && rejects.split(separator: "\n").count == 50, "\(rejects.prefix(300))")
        prints.append(try Self.contents(store))
        // A last row refused after thousands were sent: nothing of it stays, ids are not taken.
        let third = [try dir.write("n3.csv", Self.nodes(1_500..<4_000)),
                     try dir.write("r3.csv", Self.relationships((0..<3_000).map { ($0 % 4_000, $0 % 1_000) }) + "k1\\x,k9999999\\x,1,x,R0\n")]
        #expect { try GraphImporter.run(store: store, files: third, options: .init(), schema: Fixtures.schema) } throws: {
            ($0 as? ImportError)?.code == .missingEndpoint
        }
        #expect(try Self.contents(store) == prints[1])
        report = try GraphImporter.run(store: store, files: [third[0]], options: .init(), schema: Fixtures.schema)
        #expect(try store.node(id: 1_500)?.externalID == ExternalID(space: "P", id: "k1500\\x"))
        let zero = try #require(try store.node(id: 0))
        #expect(zero.properties["name"] == .string("n0\ttab") && zero.properties["note"] == .string("line\nbreak\r\\N \"q\" 负责人"))
        #expect(zero.labels == ["P", "Q"])
        var why: Value?
        try store.forEachRelationship { if $0.id == 0 { why = $0.properties["why"] } }
        #expect(why == .string("a\\\\b\tc"))
        prints.append(try Self.contents(store))
        return prints
    }

    @Test func importsGiveTheSameIdsAndContentsOnEveryBackend() throws {
        let all = try TestBackend.all.map { try fingerprints($0) }
        for (backend, other) in zip(TestBackend.all, all).dropFirst() {
            for (a, b) in zip(all[0], other) where a != b {
                let line = zip(a.split(separator: "\n"), b.split(separator: "\n")).first { $0 != $1 }
                Issue.record("\(backend) differs from SQLite: \(line.map { "\($0.0) | \($0.1)" } ?? "in length")")
            }
        }
        #expect(all.allSatisfy { $0.count == 3 })
    }

    /// A NUL character fits no backend's text alike: refused with its location, the rest loads with `--skip-bad`.
    @Test(arguments: TestBackend.all)
    func nulCharactersAreRefusedAlike(_ backend: TestBackend) throws {
        let dir = try TempDir(), site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let store = try site.open(mode: .off)
        let file = try dir.write("n.csv", bytes: Array("id:ID(P),name\n1,a\n2".utf8) + [0] + Array(",b\n3,c\n".utf8))
        #expect { try GraphImporter.run(store: store, files: [file], options: .init(), schema: Fixtures.schema) } throws: {
            ($0 as? ImportError)?.code == .badValue && ($0 as? ImportError)?.location?.line == 3 && "\($0)".contains("NUL")
        }
        #expect(try store.statistics().nodeCount == 0)
        let report = try GraphImporter.run(store: store, files: [file], options: .init(rejectsPath: dir.path("r.txt")), schema: Fixtures.schema)
        #expect(report.nodesCreated == 2 && report.rejected == 1)
        #expect(try store.node(id: 1)?.externalID == ExternalID(space: "P", id: "3"))
    }
}
