import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine

/// `govbrain algo NAME`: runs `CALL kg.algo.NAME($configuration)` and prints the rows.
struct AlgoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "algo",
        abstract: "Run a graph algorithm (kg.algo.NAME) on a database and print its results.",
        discussion: """
        NAME is one of: pageRank, personalizedPageRank, wcc, scc, louvain, labelPropagation, betweenness, closeness,
        degree, triangleCount, kcore, nodeSimilarity, shortestPath, fastRP. The configuration is the same JSON map the
        Cypher procedure and POST /v1/algorithms/NAME take (projection: nodeLabels, relationshipTypes, orientation,
        weightProperty; plus the algorithm's options; write: 'property' stores the result on the nodes).
        Examples:
          govbrain algo pageRank --config '{"nodeLabels": ["Enterprise"], "relationshipTypes": ["SHAREHOLDER_OF"]}'
          govbrain algo louvain --format json
          govbrain algo shortestPath --config '{"sourceNode": 12, "targetNode": 345}'
          govbrain algo pageRank --edges graph.tsv --out ranks.tsv      # an edge list file instead of a database
        """)

    @Argument(help: "The algorithm.") var name: String
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Configuration as a JSON object.") var config: String = "{}"
    @Option(help: "table, json or csv.") var format: QueryCommand.Format = .table
    @Option(help: "Seconds before the run is cancelled.") var timeout: Double?
    @Option(help: "Run on an edge-list file (`source target [weight]` per line) instead of a database; prints timings as JSON.")
    var edges: String?
    @Option(help: "With --edges: write `node<TAB>value` lines here.") var out: String?

    func run() throws {
        if let edges {
            try CLIFailure.run { try runOnEdgeList(edges) }
            return
        }
        do {
            // A postgresql:// URL (the only URL `DatabaseOptions` lets through) names no file.
            guard KnowledgeGraph.databaseExists(database.db) else {
                throw EngineError(code: .databaseMissing, message: "no database at \(database.shown); build one with `govbrain demo build`")
            }
            let json: JSON
            do { json = try JSONParser.parse(config) } catch {
                throw EngineError(code: .malformedJSON, message: "--config is not JSON (\(error)); pass an object like '{\"maxIterations\": 20}'")
            }
            guard case .object = json else { throw EngineError(code: .badValue, message: "--config must be a JSON object") }
            let kg = try database.open()
            let procedure = try AlgorithmCatalog.procedureName(name, registry: kg.procedures)
            let parameters = try WireFormat.decodeParameters(.object([("configuration", json)]))
            try QueryCommand.printResult(kg: kg, text: "CALL \(procedure)($configuration)", parameters: parameters,
                                         options: QueryOptions(timeoutSeconds: timeout), format: format)
        } catch let e as ExitCode { throw e } catch {
            throw QueryCommand.fail(error, json: format == .json)
        }
    }

    private func runOnEdgeList(_ path: String) throws {
        let json: JSON
        do { json = try JSONParser.parse(config) } catch {
            throw EngineError(code: .malformedJSON, message: "--config is not JSON (\(error)); pass an object like '{\"maxIterations\": 20}'")
        }
        let configuration = try WireFormat.decodeParameters(.object([("c", json)]))["c"] ?? .null
        let outcome = try EdgeListAlgorithms.run(name: name, edges: path, configuration: configuration)
        if let out {
            var text = ""
            text.reserveCapacity(outcome.results.count * 16)
            for (id, v) in outcome.results { text += "\(id)\t\(ValueRenderer.text(v, graph: nil))\n" }
            try AtomicFile.write(Data(text.utf8), to: out)
        }
        print(JSONWriter.string(.object([("algorithm", .string(name)), ("nodes", .int(Int64(outcome.nodes))), ("arcs", .int(Int64(outcome.arcs))),
                                         ("load_seconds", .double(outcome.loadSeconds)), ("run_seconds", .double(outcome.runSeconds))]
                                        + outcome.summary)))
    }
}
