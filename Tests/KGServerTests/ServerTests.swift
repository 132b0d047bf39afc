import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore
import KGEngine
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGAccess
import GovBrainTestSupport
@testable import KGServer
import KGDatagen

/// Starts the real server on a free port and talks HTTP to it (no HummingbirdTesting: it costs
/// ~18 minutes of build).
@Suite struct ServerTests {
    actor PortBox { var port = 0; func set(_ p: Int) { port = p } }
    /// Whether a server's task has ended (`stop`).
    actor EndedFlag { var ended = false; func set() { ended = true } }

    /// One key per role for the server of the running test; `get` and `post` send the admin's
    /// unless told otherwise.
    @TaskLocal static var keys: [APIRole: String] = [:]
    /// The server of the running test (for its route table, audit log and warm-up).
    @TaskLocal static var server: GovBrainServer?

    /// Runs `body` against a server on a copy of the tiny demo (with its vector indexes when
    /// `vectors`: SQLite only), kept in an SQLite file or, for `.postgres`, in a schema of the test
    /// server (`TestBackend`).
    func withServer(vectors: Bool = false, backend: TestBackend = .sqlite, models: String? = nil,
                    configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: (URL) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("srv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let db = backend == .sqlite ? dir.appendingPathComponent("demo.sqlite").path : try site.location("demo")
        if vectors { try TinyVectorDemo.copy(to: db) } else { try TinyDemo.copy(to: db) }
        var configuration = ServerConfiguration()
        // A PostgreSQL store's secret would otherwise go under .govbrain/pg in the working folder.
        configuration.auditSecretFile = dir.appendingPathComponent("audit-secret").path
        configuration.port = 0
        configuration.models = models
        configuration.logLevel = "critical"
        configure(&configuration)
        let server = try GovBrainServer(graph: try KnowledgeGraph.open(path: db), configuration: configuration)
        var keys: [APIRole: String] = [:]
        for role in APIRole.allCases { keys[role] = try server.access.createKey(role: role, name: "test-\(role.rawValue)").key }
        let box = PortBox()
        let task = Task { try await server.run { await box.set($0) } }
        do {
            for _ in 0..<200 where await box.port == 0 { try await Task.sleep(for: .milliseconds(25)) }
            let port = await box.port
            try #require(port != 0)
            try await Self.$keys.withValue(keys) {
                try await Self.$server.withValue(server) { try await body(URL(string: "http://127.0.0.1:\(port)")!) }
            }
        } catch {
            await Self.stop(task)
            throw error
        }
        await Self.stop(task)
    }

    /// Shuts the server down and waits (at most a minute) until it has ended: its last audit entries
    /// reach its store before the test removes the folder, and a finished test's server does not go
    /// on running beside the next ones.
    static func stop(_ task: Task<Void, any Error>) async {
        task.cancel()
        let flag = EndedFlag()
        Task { _ = await task.result; await flag.set() }
        for _ in 0..<1_200 where await !flag.ended { try? await Task.sleep(for: .milliseconds(50)) }
    }

    /// A session that waits long enough for a debug build on a busy two-core machine (the first
    /// request of a test may load a model while the other suites run).
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.default
        configuration.timeoutIntervalForRequest = 300
        return URLSession(configuration: configuration)
    }()

    /// GET with the key of `role` (nil: no key).
    func get(_ url: URL, as role: APIRole? = .admin) async throws -> (Int, JSON, [AnyHashable: Any]) {
        var request = URLRequest(url: url)
        if let role, let key = Self.keys[role] { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, (try? JSONParser.parse(bytes: Array(data))) ?? .string(String(decoding: data, as: UTF8.self)), http.allHeaderFields)
    }

    @Test(arguments: TestBackend.all) func healthStatsAndErrors(_ backend: TestBackend) async throws {
        try await withServer(backend: backend) { base in
            let (s1, health, headers) = try await get(base.appendingPathComponent("healthz"))
            #expect(s1 == 200 && health["status"] == .string("ok"))
            #expect(headers.keys.contains { ($0 as? String)?.lowercased() == "x-request-id" })
            let (s2, stats, _) = try await get(base.appendingPathComponent("v1/stats"))
            #expect(s2 == 200)
            #expect(stats["labels"]?["Region"] == .int(126))
            let (s3, err, _) = try await get(base.appendingPathComponent("v1/nothing"))
            #expect(s3 == 404)
            #expect(err["error"]?["code"] == .string("NotFound"))
            #expect(err["error"]?["requestId"]?.stringValue?.isEmpty == false)
        }
    }

    /// POST with the key of `role` (nil: no key).
    func post(_ url: URL, _ body: String, as role: APIRole? = .admin) async throws -> (Int, JSON) {
        let (status, json, _) = try await send(url, method: "POST", body: Data(body.utf8), as: role)
        return (status, json)
    }

    /// Any request; the body parsed as JSON (or kept as a string when it is not JSON).
    func send(_ url: URL, method: String, body: Data? = nil, as role: APIRole? = .admin,
              headers: [String: String] = [:]) async throws -> (Int, JSON, [AnyHashable: Any]) {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if let role, let key = Self.keys[role] { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, (try? JSONParser.parse(bytes: Array(data))) ?? .string(String(decoding: data, as: UTF8.self)), http.allHeaderFields)
    }

    @Test(arguments: TestBackend.all) func cypherQueriesOverHTTP(_ backend: TestBackend) async throws {
        try await withServer(backend: backend) { base in
            let url = base.appendingPathComponent("v1/query")
            let (s1, doc) = try await post(url, #"{"query": "MATCH (c:County)-[:PART_OF]->(:City {name: $city}) RETURN count(*) AS n", "parameters": {"city": "南宁市"}}"#)
            #expect(s1 == 200)
            #expect(doc["columns"] == .array([.string("n")]))
            #expect(doc["rows"] == .array([.array([.int(12)])]))
            let (s2, err) = try await post(url, #"{"query": "MATCH (n)\nRETURN m"}"#)
            #expect(s2 == 400)
            #expect(err["error"]?["code"] == .string("UndefinedVariable"))
            #expect(err["error"]?["line"] == .int(2))
            let (s3, capped) = try await post(url, #"{"query": "UNWIND range(1, 100) AS x RETURN x", "maxRows": 10}"#)
            #expect(s3 == 400 && capped["error"]?["code"] == .string("RowLimitExceeded"))
            let (s4, bad) = try await post(url, "not json")
            #expect(s4 == 400 && bad["error"]?["code"] == .string("MalformedJSON"))
        }
    }

    @Test func configurationIsValidated() {
        var configuration = ServerConfiguration()
        configuration.port = 70000
        #expect(throws: EngineError.self) { try configuration.validate() }
    }

    @Test func similarByTextAndByNode() async throws {
        try await withServer(vectors: true) { base in
            let url = base.appendingPathComponent("v1/similar")
            let (s1, byText) = try await post(url, #"{"text": "楼下烧烤店油烟太大", "k": 3, "label": "WorkOrder"}"#)
            #expect(s1 == 200)
            let results = byText["results"]?.arrayValue ?? []
            #expect(results.count == 3)
            #expect(results.allSatisfy { $0["node"]?["$node"]?["labels"] == .array([.string("WorkOrder")]) })
            guard case .double(let top)? = results.first?["score"] else { Issue.record("no score"); return }
            #expect(top > 0)
            guard case .int(let id)? = results.first?["node"]?["$node"]?["id"] else { Issue.record("no id"); return }
            let (s2, byNode) = try await post(url, #"{"nodeId": \#(id), "k": 2}"#)
            #expect(s2 == 200 && byNode["results"]?.arrayValue?.count == 2)
            for bad in [#"{"k": 3}"#, #"{"text": "x", "nodeId": 1}"#, #"{"text": "x", "k": 0}"#, #"{"text": ""}"#, "[1]", "not json"] {
                let (s, err) = try await post(url, bad)
                #expect(s == 400, "\(bad)")
                #expect(err["error"]?["code"] != nil)
            }
            let (s3, missing) = try await post(url, #"{"nodeId": 987654321}"#)
            #expect(s3 == 400 && missing["error"]?["code"] == .string("VectorIndexUnavailable"))
        }
    }

    @Test(arguments: TestBackend.all) func algorithmsOverHTTP(_ backend: TestBackend) async throws {
        try await withServer(backend: backend) { base in
            let (s1, doc) = try await post(base.appendingPathComponent("v1/algorithms/pageRank"),
                                           #"{"nodeLabels": ["Region"], "relationshipTypes": ["PART_OF"]}"#)
            #expect(s1 == 200)
            #expect(doc["columns"] == .array([.string("node"), .string("score")]))
            #expect(doc["rows"]?.arrayValue?.count == 126)
            let (s2, empty) = try await post(base.appendingPathComponent("v1/algorithms/wcc"), "")
            #expect(s2 == 200 && (empty["rows"]?.arrayValue?.count ?? 0) > 1000)
            let (s3, bad) = try await post(base.appendingPathComponent("v1/algorithms/pageRank"), #"{"dampingFactor": 2}"#)
            #expect(s3 == 400 && bad["error"]?["code"] == .string("InvalidAlgorithmConfiguration"))
            let (s4, unknown) = try await post(base.appendingPathComponent("v1/algorithms/nope"), "{}")
            #expect(s4 == 400 && unknown["error"]?["code"] == .string("UnknownAlgorithm"))
            let (s5, _) = try await post(base.appendingPathComponent("v1/algorithms/pageRank"), "[1]")
            #expect(s5 == 400)
        }
    }
}
