import Foundation
import Testing
import KGCore
@testable import KGStore

/// The index rebuild at the end of a bulk load into an empty store runs with its own sort
/// settings (`SQLiteRowSink.rebuildIndexes`): the indexes it builds must hold every row, and the
/// session's settings must be back afterwards.
@Suite struct BulkIndexSortTests {
    @Test func rebuiltIndexesHoldEveryRowAndTheSessionSettingsComeBack() throws {
        let dir = try TempDir()
        var nodes = "id:ID(P),name,:LABEL\n"
        var rels = ":START_ID(P),:END_ID(P),:TYPE,w:int\n"
        for i in 0..<300 { nodes += "\(i),n\(i),Person\n" }
        for i in 0..<3000 { rels += "\((i * 7) % 300),\((i * 13 + 5) % 300),\(i % 3 == 0 ? "KNOWS" : "LIKES"),\(i)\n" }
        let files = [try dir.write("n.csv", nodes), try dir.write("r.csv", rels)]
        let store = try Fixtures.open(dir.path("g.sqlite"), mode: .off)
        let before = try settings(store)
        let report = try GraphImporter.run(store: store, files: files, options: ImportOptions(), schema: Fixtures.schema)
        #expect(report.relationshipsCreated == 3000)
        #expect(try settings(store) == before)
        #expect(try store.db.scalar("PRAGMA integrity_check")?.text == "ok")
        // Every relationship is found through the incoming index, by each end node.
        let total = try store.db.scalar("SELECT count(*) FROM rels")?.int
        let viaIncoming = try store.db.scalar("SELECT sum(c) FROM (SELECT (SELECT count(*) FROM rels INDEXED BY rels_in WHERE dst = n.id) AS c FROM nodes n)")?.int
        #expect(total == 3000 && viaIncoming == total)
        let viaExternal = try store.db.scalar("SELECT count(*) FROM nodes INDEXED BY nodes_by_ext WHERE ext_space = 'P' AND ext_id IS NOT NULL")?.int
        #expect(viaExternal == 300)
    }

    private func settings(_ store: GraphStore) throws -> [Int64?] {
        try ["cache_size", "temp_store", "threads"].map { try store.db.scalar("PRAGMA \($0)")?.int }
    }
}
