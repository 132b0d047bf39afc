import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEmbedding
import KGEngine
import KGServer
import KGAccess

/// `govbrain serve`: the HTTP service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (GET /healthz, /readyz, /metrics, /openapi.yaml, POST /v1/query, /v1/hotline/route, …), and Bolt with --bolt-port, on a database.",
        discussion: """
        Without --db it serves the demo database, building it from Datasets/ first if it is missing.
        Every route but /healthz, /readyz, /openapi.yaml and the dashboard needs an API key
        ('Authorization: Bearer gbk_…'); when the database has none, serve creates an admin key
        and prints it once. Settings come from defaults, a JSON file (--config or GOVBRAIN_CONFIG),
        GOVBRAIN_* environment variables and flags, later ones winning; --print-config shows them.
        Settings: \(ServerConfigurationLoader.keys.joined(separator: ", ")).
        Example:
          govbrain serve --db .govbrain/demo.sqlite --host 127.0.0.1 --port 8080 --bolt-port 7687
          GOVBRAIN_RATE_LIMIT_PER_SECOND=50 govbrain serve --set maxRows=5000 --print-config
        """)

    @Option(help: "JSON file of settings (default: $GOVBRAIN_CONFIG if set).") var config: String?
    @Option(help: "Database file (default: .govbrain/demo.sqlite, built if missing) or postgresql:// URL (several servers may serve one store).") var db: String?
    @Option(help: "The audit log's secret file, shared by the servers of one PostgreSQL store (default: beside the database file, or under $GOVBRAIN_STATE_DIR; also GOVBRAIN_AUDIT_SECRET_FILE).")
    var auditSecretFile: String?
    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on, 0 picks a free one (default 8080).") var port: Int?
    @Option(help: "Longest a query may run, in seconds (default 30).") var queryTimeout: Double?
    @Option(help: "Most rows a query may return for admin and analyst keys (default 100000).") var maxRows: Int?
    @Option(help: "Serve the Bolt protocol (Neo4j drivers, bolt:// and neo4j:// URLs) on this port; off unless given, 0 picks a free one.") var boltPort: Int?
    @Option(help: "Address of the Bolt listener (default: the HTTP host).") var boltHost: String?
    @Option(help: "Folder of more databases Bolt clients select by name (a session's database \"x.sqlite\" is DIR/x.sqlite); \"neo4j\" or none is --db.")
    var boltDatabases: String?
    @Flag(help: "Create an empty database when a Bolt client selects a name of --bolt-databases that has no file.") var boltCreateDatabases = false
    @Option(help: "PEM certificate chain for Bolt over TLS (bolt+s://, neo4j+s://, bolt+ssc:// when self-signed); needs --bolt-tls-key.") var boltTlsCert: String?
    @Option(help: "PEM private key of --bolt-tls-cert.") var boltTlsKey: String?
    @Option(help: "Models folder with the promoted models (default: the project's Models/).") var models: String?
    @Option(name: .customLong("set"), help: "Any setting as KEY=VALUE (repeatable), e.g. --set rateLimitPerSecond=50.") var settings: [String] = []
    @Flag(help: "Print the effective configuration (value and source of each setting) as JSON and exit.") var printConfig = false

    /// The `--set KEY=VALUE` settings, each key checked against the configuration's.
    func parsedSettings() throws -> [String: String] {
        var flags: [String: String] = [:]
        for item in settings {
            guard let eq = item.firstIndex(of: "="), ServerConfigurationLoader.keys.contains(String(item[..<eq])) else {
                throw ValidationError("--set takes KEY=VALUE with KEY one of \(ServerConfigurationLoader.keys.joined(separator: ", ")); got \"\(item)\"")
            }
            flags[String(item[..<eq])] = String(item[item.index(after: eq)...])
        }
        return flags
    }

    func validate() throws { _ = try parsedSettings() }

    func run() async throws {
        var flags = try parsedSettings()
        if let db { flags["db"] = db }
        if let host { flags["host"] = host }
        if let port { flags["port"] = String(port) }
        if let queryTimeout { flags["queryTimeoutSeconds"] = String(queryTimeout) }
        if let maxRows { flags["maxRows"] = String(maxRows) }
        if let models { flags["models"] = models }
        if let auditSecretFile { flags["auditSecretFile"] = auditSecretFile }
        if let boltPort { flags["boltPort"] = String(boltPort) }
        if let boltHost { flags["boltHost"] = boltHost }
        if let boltDatabases { flags["boltDatabases"] = boltDatabases }
        if boltCreateDatabases { flags["boltCreateDatabases"] = "true" }
        if let boltTlsCert { flags["boltTlsCert"] = boltTlsCert }
        if let boltTlsKey { flags["boltTlsKey"] = boltTlsKey }
        let loaded: (configuration: ServerConfiguration, sources: [String: String])
        do {
            loaded = try ServerConfigurationLoader.load(file: config, environment: ProcessInfo.processInfo.environment, flags: flags)
        } catch {
            throw CLIFailure.report(error)
        }
        let configuration = loaded.configuration
        if printConfig {
            // One setting per line: readable, and still one JSON document.
            guard case .object(let members) = ServerConfigurationLoader.describe(configuration, sources: loaded.sources) else { return }
            print("{\n" + members.map { "  " + JSONWriter.string(.string($0.0)) + ": " + JSONWriter.string($0.1) }.joined(separator: ",\n") + "\n}")
            return
        }
        let server: GovBrainServer
        do {
            try KnowledgeGraph.checkDatabaseLocation(configuration.db, allowPostgres: true)
            if !KnowledgeGraph.isServerLocation(configuration.db), !FileManager.default.fileExists(atPath: configuration.db) {
                print("building the demo database at \(configuration.db) …")
                let report = try DemoDatabaseBuilder.build(at: configuration.db)
                print("built \(report.nodes) nodes and \(report.relationships) relationships")
            }
            server = try GovBrainServer(graph: try KnowledgeGraph.open(path: configuration.db), configuration: configuration)
            if try server.access.activeKeyCount() == 0, let (record, key) = try server.access.createFirstKey(role: .admin, name: "bootstrap-admin") {
                // The key is shown on a terminal only; a service's output goes to logs that others
                // read, so there it is written to a file only the owner can read.
                let shown: String
                if isatty(STDOUT_FILENO) == 1 {
                    shown = "It is shown only now; keep it:\n\(key)"
                } else {
                    // Beside the database file, or for PostgreSQL in this server's state folder
                    // (never in the database: whoever can read it would hold an admin key).
                    let file = server.graph.sidecarBase + ".bootstrap-admin-key"
                    let folder = (file as NSString).deletingLastPathComponent
                    if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
                        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                    }
                    guard FileManager.default.createFile(atPath: file, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
                        throw StoreError(code: .pathNotWritable, message: "cannot write \(file) for the bootstrap admin key; make the database folder writable")
                    }
                    shown = "It is in \(file) (readable by this user only); read it, keep it elsewhere and delete the file."
                }
                FileHandle.standardOutput.write(Data("""
                no API key existed: created admin key '\(record.name)' (id \(record.id)). Create keys per role with
                'govbrain keys create --db \(server.graph.path) --role ROLE --name NAME'. \(shown)

                """.utf8))
            }
        } catch {
            throw CLIFailure.report(error)
        }
        let host = configuration.host
        let path = server.graph.path   // a URL without its password
        do {
            let boltHost = configuration.boltHost ?? host
            let boltScheme = configuration.boltTlsCert == nil ? "bolt" : "bolt+s"
            try await server.run(onStarted: { port in
                // Written unbuffered so scripts waiting for the URL see it at once.
                FileHandle.standardOutput.write(Data("GovBrain is serving \(path) at http://\(host):\(port)/\n".utf8))
                // The kernels in use go to the log (stderr): stdout's one line is what scripts parse.
                FileHandle.standardError.write(Data("BLAS: \(BLASCoreSelection.current.summary)\n".utf8))
            }, onBoltStarted: { port in
                FileHandle.standardOutput.write(Data("GovBrain is serving Bolt at \(boltScheme)://\(boltHost):\(port)\n".utf8))
            })
        } catch {
            throw CLIFailure.report(error)
        }
    }
}
