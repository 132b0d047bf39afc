import ArgumentParser
import KGEngine

/// The `govbrain` command: thin commands over the KGEngine library.
struct GovBrain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govbrain",
        abstract: "GovBrain: the Guangxi digital-government knowledge graph, query service and model library.",
        discussion: """
        Examples:
          govbrain demo build                      # build .govbrain/demo.sqlite from Datasets/
          govbrain serve                           # serve it on http://127.0.0.1:8080
          govbrain import --db g.sqlite nodes.csv rels.csv
          govbrain stats --db g.sqlite --format json
          govbrain doctor                          # CPU, BLAS kernels, measured GFLOP/s
        """,
        version: GovBrainVersion.current,
        subcommands: [ImportCommand.self, ExportCommand.self, StatsCommand.self, SchemaCommand.self,
                      ServeCommand.self, DemoCommand.self, QueryCommand.self, ShellCommand.self, DatagenCommand.self, VectorsCommand.self, ModelCommand.self, AlgoCommand.self, RouteCommand.self, HotlineCommand.self, RiskCommand.self, EfficacyCommand.self, SupervisionCommand.self, PoliciesCommand.self, RecommendCommand.self,
                      KeysCommand.self, AuditCommand.self, BackupCommand.self, RestoreCommand.self, DoctorCommand.self])
}
