import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore
import KGEngine
@testable import KGServer

/// Starts the real server on a free port and talks HTTP to it (no HummingbirdTesting: it costs
/// ~18 minutes of build).
@Suite struct ServerTests {
    actor PortBox { var port = 0; func set(_ p: Int) { port = p } }

    func withServer(_ body: (URL) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("srv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        _ = try DemoDatabaseBuilder.build(at: db)
        let server = GovBrainServer(graph: try KnowledgeGraph.open(path: db), configuration: .init(host: "127.0.0.1", port: 0))
        let box = PortBox()
        let task = Task { try await server.run { await box.set($0) } }
        defer { task.cancel() }
        for _ in 0..<200 where await box.port == 0 { try await Task.sleep(for: .milliseconds(25)) }
        let port = await box.port
        try #require(port != 0)
        try await body(URL(string: "http://127.0.0.1:\(port)")!)
    }

    func get(_ url: URL) async throws -> (Int, JSON, [AnyHashable: Any]) {
        let (data, response) = try await URLSession.shared.data(from: url)
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

    @Test func configurationIsValidated() {
        #expect(throws: EngineError.self) { try GovBrainServer.Configuration(port: 70000).validate() }
    }
}
