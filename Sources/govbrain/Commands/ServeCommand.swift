import ArgumentParser
import Foundation
import KGEngine
import KGServer

/// `govbrain serve`: the HTTP service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (GET /healthz, GET /v1/stats, POST /v1/query, POST /v1/hotline/route, …) on a database.",
        discussion: """
        Without --db it serves the demo database, building it from Datasets/ first if it is missing.
        Example:
          govbrain serve --db .govbrain/demo.sqlite --host 127.0.0.1 --port 8080
        """)

    @Option(help: "Database file (default: .govbrain/demo.sqlite, built if missing).") var db: String = KnowledgeGraph.defaultDatabasePath
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 8080
    @Option(help: "Longest a query may run, in seconds (a request may ask for less).") var queryTimeout: Double = 30
    @Option(help: "Most rows a query may return (a request may ask for fewer).") var maxRows: Int = 100_000
    @Option(help: "Models folder with the promoted routing model (default: the project's Models/).") var models: String?

    func run() async throws {
        let graph: KnowledgeGraph
        do {
            if !FileManager.default.fileExists(atPath: db) {
                print("building the demo database at \(db) …")
                let report = try DemoDatabaseBuilder.build(at: db)
                print("built \(report.nodes) nodes and \(report.relationships) relationships")
            }
            graph = try KnowledgeGraph.open(path: db)
        } catch {
            throw CLIFailure.report(error)
        }
        let server = GovBrainServer(graph: graph, configuration: .init(host: host, port: port, queryTimeoutSeconds: queryTimeout, maxRows: maxRows,
                                                                       modelsPath: models))
        // Load the hotline router now, so the first call does not wait; without a model the
        // hotline routes answer 503 and everything else works.
        do {
            let router = try server.hotline.router()
            print("hotline routing: model \(router.version), \(router.cases.count) past work orders, \(router.knowledge.entries.count) knowledge-base entries")
        } catch {
            FileHandle.standardError.write(Data("warning: hotline routes unavailable: \(error)\n".utf8))
        }
        let host = self.host
        do {
            try await server.run { port in
                // Written unbuffered so scripts waiting for the URL see it at once.
                FileHandle.standardOutput.write(Data("GovBrain is serving \(graph.store.path) at http://\(host):\(port)/\n".utf8))
            }
        } catch {
            throw CLIFailure.report(error)
        }
    }
}
