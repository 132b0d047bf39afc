import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGAccess

/// `govbrain query`: runs one Cypher query and prints the result as a table, JSON (the query
/// contract) or CSV.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a Cypher query (one transaction) and print the result.",
        discussion: """
        A database path that does not exist yet is created empty (schema off). --db also takes a
        postgresql:// URL: the store lives in the schema named by options=-csearch_path%3DNAME
        (default govbrain), created empty when missing.
        Examples:
          govbrain query "MATCH (c:City) RETURN c.name, c.adcode ORDER BY c.adcode LIMIT 5"
          govbrain query --format json --params p.json --file q.cypher
          govbrain query "EXPLAIN MATCH (o:Office)-[:LOCATED_IN]->(r:County) RETURN count(*)"
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @OptionGroup var database: DatabaseOptions
    @Option(help: "JSON file with parameters {\"name\": value}, values in the wire format.") var params: String?
    @Option(help: "table, json or csv.") var format: Format = .table
    @Option(help: "Read the query from this file.") var file: String?
    @Flag(help: "Turn the optimizer off (for differential tests).") var noOptimizer = false
    @Option(help: "Stop the query after this many seconds.") var timeout: Double?
    @Option(help: "Fail when the result has more rows than this.") var maxRows: Int?
    @Option(help: "Fail when the query materialises more than this many MiB (lists, collect, sorting); default: no budget.")
    var memoryBudgetMb: Int?

    func validate() throws {
        if let m = memoryBudgetMb, m < 1 { throw ValidationError("--memory-budget-mb must be at least 1") }
    }
    @Option(help: "JSON file of table procedures to register (the TCK's test procedures).") var procedures: String?
    @Argument(help: "The query (unless --file is given).") var query: String?

    func run() throws {
        let json = format == .json
        do {
            let text = try queryText()
            var parameters: [String: Value] = [:]
            if let params {
                let data = try readFile(params, what: "parameters")
                parameters = try WireFormat.decodeParameters(try JSONParser.parse(data))
            }
            let exists = KnowledgeGraph.databaseExists(database.db)
            if !exists, database.db == KnowledgeGraph.defaultDatabasePath {
                _ = try DemoDatabaseBuilder.build(at: database.db)
            }
            let kg = try database.open(.init(createIfMissing: true, schemaModeForNew: .off, oneQueryAtATime: true))
            if let procedures {
                try TableProcedures.register(try JSONParser.parse(try readFile(procedures, what: "procedures")), into: kg.procedures)
            }
            let options = QueryOptions(optimize: !noOptimizer, timeoutSeconds: timeout, maxRows: maxRows,
                                       memoryBudgetBytes: memoryBudgetMb.map { $0 << 20 })
            try Self.printResult(kg: kg, text: text, parameters: parameters, options: options, format: format)
        } catch let e as ExitCode { throw e } catch {
            throw Self.fail(error, json: json)
        }
    }

    /// Runs `text` and prints the result in `format` (shared with `govbrain algo`).
    static func printResult(kg: KnowledgeGraph, text: String, parameters: [String: Value], options: QueryOptions, format: Format) throws {
        switch format {
        case .json:
            let doc = try kg.queryDocument(text, parameters: parameters, options: options)
            print(JSONWriter.string(doc))
        case .table:
            let started = Date()
            let (result, rows) = try kg.queryText(text, parameters: parameters, options: options)
            print(TableFormatter.render(columns: result.columns, rows: rows, result: result, seconds: Date().timeIntervalSince(started)), terminator: "")
        case .csv:
            let (result, rows) = try kg.queryText(text, parameters: parameters, options: options)
            var out = CSVWriter.line(result.columns) + "\n"
            for r in rows { out += CSVWriter.line(r) + "\n" }
            print(out, terminator: "")
        }
    }

    /// Reports an error: the JSON error document on stdout for `--format json` (with the caret on
    /// stderr), else the usual message; exit code 1.
    static func fail(_ error: Error, json: Bool) -> Error {
        if json {
            print(JSONWriter.string(WireFormat.errorDocument(error)))
            if let c = error as? CypherError, let caret = c.caret {
                FileHandle.standardError.write(Data(("error: \(c.type.rawValue) (\(c.code.rawValue)): \(c.message)\n\(caret)\n").utf8))
            }
            return ExitCode(1)
        }
        return CLIFailure.report(error)
    }

    private func readFile(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EngineError(code: .fileNotFound, message: "cannot read the \(what) file \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func queryText() throws -> String {
        if let file { return try readFile(file, what: "query") }
        guard let query, !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw EngineError(code: .badValue, message: "no query given: pass it as an argument or with --file FILE")
        }
        return query
    }
}
