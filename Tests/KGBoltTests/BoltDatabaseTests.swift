import Foundation
import KGEngine
import Testing
@testable import KGBolt

/// Multi-database serving: `db` in RUN and BEGIN selects a database of the folder, names are
/// checked strictly, creation needs the flag, the open ones are capped, and FAILUREs carry the
/// openCypher classification.
@Suite struct BoltDatabaseTests {
    /// A server whose databases folder is a fresh temporary one.
    static func start(create: Bool, maxOpen: Int = 16) async throws -> (BoltServer, Int, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bolt-dbs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("team"), withIntermediateDirectories: true)
        let (server, port, _) = try await BoltServerTests.start { configuration in
            configuration.databases = BoltDatabases.Configuration(directory: folder.path)
            configuration.databases.createMissing = create
            configuration.databases.maxOpen = maxOpen
        }
        return (server, port, folder)
    }

    @Test func dbSelectsADatabaseOfTheFolder() async throws {
        let (server, port, folder) = try await Self.start(create: true)
        defer { Task { await server.stop() } }
        let client = try BoltTestClient(port: port)
        #expect(client.logIn(key: "admin"))
        // Auto-commit RUNs in two databases and the served one stay apart.
        let created = client.run("CREATE (:A {k: 1})", extra: ["db": .string("one.sqlite")])
        #expect(created?.metadata["db"] == .string("one.sqlite"))
        _ = client.run("CREATE (:A {k: 2}), (:A {k: 3})", extra: ["db": .string("team/two.db")])
        #expect(client.run("MATCH (a:A) RETURN count(a)", extra: ["db": .string("one.sqlite")])?.records == [[.int(1)]])
        #expect(client.run("MATCH (a:A) RETURN count(a)", extra: ["db": .string("team/two.db")])?.records == [[.int(2)]])
        #expect(client.run("MATCH (a:A) RETURN count(a)")?.records == [[.int(0)]])
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("team/two.db").path))
        // An explicit transaction runs on BEGIN's database, and COMMIT names it.
        client.request(0x11, [.map(["db": .string("one.sqlite")])])
        #expect(client.summary()?.tag == 0x70)
        _ = client.run("CREATE (:A {k: 4})")
        client.request(0x12, [])
        #expect(client.summary()?.metadata["db"] == .string("one.sqlite"))
        #expect(client.run("MATCH (a:A) RETURN count(a)", extra: ["db": .string("one.sqlite")])?.records == [[.int(2)]])
        // ROUTE answers for a database of the folder.
        client.request(0x66, [.map([:]), .list([]), .map(["db": .string("one.sqlite")])])
        #expect(client.summary()?.metadata["rt"]?.mapValue?["db"] == .string("one.sqlite"))
    }

    @Test func badNamesAndMissingFilesAreDatabaseNotFound() async throws {
        let (server, port, folder) = try await Self.start(create: false)
        defer { Task { await server.stop() } }
        let client = try BoltTestClient(port: port)
        #expect(client.logIn(key: "admin"))
        for name in ["../escape.sqlite", "/etc/passwd", "a//b", ".hidden", "team/../x", "sp ace", "missing.sqlite", "nofolder/x.db", ""] {
            let answer = client.run("RETURN 1", extra: ["db": .string(name)])
            if name.isEmpty {
                #expect(answer?.records == [[.int(1)]], "an empty name is the served database")
                continue
            }
            #expect(answer?.metadata["code"] == .string("Neo.ClientError.Database.DatabaseNotFound"), "\(name)")
            client.request(0x0F, [])
            #expect(client.summary()?.tag == 0x70)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("missing.sqlite").path))
        // An existing file is served without the creation flag.
        let existing = try KnowledgeGraph.open(path: folder.appendingPathComponent("there.sqlite").path,
                                               options: .init(createIfMissing: true, schemaModeForNew: .off))
        _ = existing
        #expect(client.run("RETURN 2", extra: ["db": .string("there.sqlite")])?.records == [[.int(2)]])
    }

    @Test func openDatabasesAreCappedAndProceduresLoad() async throws {
        let (server, port, folder) = try await Self.start(create: true, maxOpen: 2)
        defer { Task { await server.stop() } }
        let procedures = #"{"procedures": [{"name": "test.one", "inputs": [], "outputs": [{"name": "out", "type": "INTEGER?"}], "columns": ["out"], "rows": [[7]]}]}"#
        try Data(procedures.utf8).write(to: folder.appendingPathComponent("p.db.procedures.json"))
        let client = try BoltTestClient(port: port)
        #expect(client.logIn(key: "admin"))
        #expect(client.run("CALL test.one() YIELD out RETURN out", extra: ["db": .string("p.db")])?.records == [[.int(7)]])
        for name in ["a.db", "b.db", "c.db"] { _ = client.run("CREATE ()", extra: ["db": .string(name)]) }
        #expect(server.databases.openCount == 2)
        #expect(client.run("MATCH (n) RETURN count(n)", extra: ["db": .string("a.db")])?.records == [[.int(1)]])
    }

    @Test func failuresCarryTheCypherClassification() async throws {
        let (server, port, _) = try await BoltServerTests.start()
        defer { Task { await server.stop() } }
        let client = try BoltTestClient(port: port)
        #expect(client.logIn(key: "admin"))
        let compile = client.run("RETURN x")?.metadata["cypher_error"]?.mapValue
        #expect(compile == ["type": .string("SyntaxError"), "code": .string("UndefinedVariable"), "phase": .string("compile")])
        client.request(0x0F, [])
        _ = client.summary()
        let runtime = client.run("UNWIND [1, 0] AS x RETURN 1 / x")?.metadata["cypher_error"]?.mapValue
        #expect(runtime?["phase"] == .string("runtime") && runtime?["type"] == .string("ArithmeticError"))
        client.request(0x0F, [])
        _ = client.summary()
        // properties-removed splits Neo4j's properties-set counter.
        _ = client.run("CREATE (:P {a: 1, b: 2})")
        let stats = client.run("MATCH (p:P) SET p.a = null, p.c = 3")?.metadata["stats"]?.mapValue
        #expect(stats?["properties-set"] == .int(2) && stats?["properties-removed"] == .int(1))
    }
}
