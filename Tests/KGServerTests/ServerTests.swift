import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore
import KGDatagen
import KGEngine
import GovBrainTestSupport
@testable import KGServer

/// Starts the real server on a free port and talks HTTP to it (no HummingbirdTesting: it costs
/// ~18 minutes of build).
@Suite struct ServerTests {
    actor PortBox { var port = 0; func set(_ p: Int) { port = p } }

    func withServer(vectors: Bool = false, models: String? = nil, _ body: (URL) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("srv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        var vectorOption = DemoDatabaseBuilder.Vectors.none
        if vectors {
            let encoder = dir.appendingPathComponent("encoder.bin").path
            try SmallTextEncoder.train(to: encoder, dimension: 64)
            vectorOption = .build(textEncoder: encoder)
        }
        _ = try DemoDatabaseBuilder.build(at: db, scale: .tiny, vectors: vectorOption)
        let server = GovBrainServer(graph: try KnowledgeGraph.open(path: db), configuration: .init(host: "127.0.0.1", port: 0, modelsPath: models))
        let box = PortBox()
        let task = Task { try await server.run { await box.set($0) } }
        defer { task.cancel() }
        for _ in 0..<200 where await box.port == 0 { try await Task.sleep(for: .milliseconds(25)) }
        let port = await box.port
        try #require(port != 0)
        try await body(URL(string: "http://127.0.0.1:\(port)")!)
    }

    /// A session that waits long enough for a debug build on a busy two-core machine (the first
    /// request of a test may load a model while the other suites run).
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.default
        configuration.timeoutIntervalForRequest = 300
        return URLSession(configuration: configuration)
    }()

    func get(_ url: URL) async throws -> (Int, JSON, [AnyHashable: Any]) {
        let (data, response) = try await Self.session.data(from: url)
        let http = response as! HTTPURLResponse
        return (http.statusCode, try JSONParser.parse(bytes: Array(data)), http.allHeaderFields)
    }

    @Test func healthStatsAndErrors() async throws {
        try await withServer { base in
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

    func post(_ url: URL, _ body: String) async throws -> (Int, JSON) {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        let (data, response) = try await Self.session.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, try JSONParser.parse(bytes: Array(data)))
    }

    @Test func cypherQueriesOverHTTP() async throws {
        try await withServer { base in
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
        #expect(throws: EngineError.self) { try GovBrainServer.Configuration(port: 70000).validate() }
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

    @Test func algorithmsOverHTTP() async throws {
        try await withServer { base in
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
