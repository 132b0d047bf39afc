import Foundation
import KGCore
import KGStore
import Testing

/// `govbrain vectors build` and `vectors list` with `--db postgresql://…` through the built binary
/// (skipped without `GOVBRAIN_TEST_POSTGRES_URL`): the graph index of a PostgreSQL store is built
/// into the store's folder under `$GOVBRAIN_STATE_DIR`, lists as on SQLite, and answers
/// `kg.similar.node` with what the same graph answers on SQLite.
@Suite(.enabled(if: PostgresTestServerURL.text != nil, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct PostgresVectorsCLITests {
    @Test func graphIndexBuildsListsAndAnswersAsOnSQLite() throws {
        let text = try #require(PostgresTestServerURL.text)
        var url = try PostgresURL(parsing: text)
        url.schema = "e2e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let db = text + (text.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(url.schema)"
        defer { try? GraphStore.dropPostgresStore(url) }
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = dir.appendingPathComponent("state")
        let env = ["GOVBRAIN_STATE_DIR": state.path]
        // Two rings of 150 nodes joined by a few chords: the graph index separates them.
        var nodes = "id:ID(P),ring:int,:LABEL\n", rels = ":START_ID(P),:END_ID(P),:TYPE\n"
        for i in 0..<300 { nodes += "p\(i),\(i / 150),P\n" }
        for i in 0..<300 { rels += "p\(i),p\(i / 150 * 150 + (i % 150 + 1) % 150),R\np\(i),p\(i / 150 * 150 + (i % 150 + 7) % 150),R\n" }
        try nodes.write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        try rels.write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)

        var answers: [String: [String]] = [:]
        for (name, location) in [("sqlite", "g.sqlite"), ("postgres", db)] {
            let load = try GovBrainBinary.run(["import", "--db", location, "--schema", "off", "n.csv", "r.csv"], in: dir, environment: env)
            #expect(load.status == 0, "\(name): \(load.stderr)")
            let none = try GovBrainBinary.run(["vectors", "list", "--db", location], in: dir, environment: env)
            #expect(none.status == 0 && none.stdout.contains("no vector indexes"), "\(name): \(none.stdout) \(none.stderr)")
            #expect(!none.stdout.contains(url.password?.revealed ?? "\u{0}"))
            let build = try GovBrainBinary.run(["vectors", "build", "--db", location, "--index", "graph", "--dimension", "32"], in: dir, environment: env)
            #expect(build.status == 0 && build.stdout.contains("vector index graph: 300 nodes, 32 dimensions"), "\(name): \(build.stdout) \(build.stderr)")
            let list = try GovBrainBinary.run(["vectors", "list", "--db", location, "--format", "json"], in: dir, environment: env)
            #expect(list.status == 0, "\(name): \(list.stderr)")
            let entries = try JSONParser.parse(list.stdout).arrayValue ?? []
            #expect(entries.map { $0["name"] } == [.string("graph")] && entries.first?["count"] == .int(300), "\(name): \(list.stdout)")
            let similar = try GovBrainBinary.run(["query", "--db", location, "--format", "csv",
                                                  "MATCH (p:P {id: 'p3'}) CALL kg.similar.node(p, 5) YIELD node, score RETURN node.ring AS ring"],
                                                 in: dir, environment: env)
            #expect(similar.status == 0, "\(name): \(similar.stderr)")
            answers[name] = similar.stdout.split(separator: "\n").map(String.init)
        }
        // The PostgreSQL store's index lives in its folder under the state directory, not beside a file.
        let folders = try FileManager.default.contentsOfDirectory(atPath: state.appendingPathComponent("pg").path)
        #expect(folders.contains { $0.hasSuffix("-\(url.database)-\(url.schema).vectors") }, "\(folders)")
        #expect(answers["sqlite"] == answers["postgres"] && answers["sqlite"] == ["ring"] + Array(repeating: "0", count: 5), "\(answers)")
    }
}
