import ArgumentParser
import KGDatagen
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine

/// `govbrain demo`: the embedded demo database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Manage the embedded demo database.",
        subcommands: [Build.self])

    /// `govbrain demo build`: build the demo database from Datasets/.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the demo database: the reference data in Datasets/ and the generated graph (govbrain datagen, seed 1).",
            discussion: "Example:\n  govbrain demo build --db .govbrain/demo.sqlite --force\n  govbrain demo build --scale tiny --db /tmp/tiny.sqlite\n  govbrain demo build --db 'postgresql://govbrain@db1/govbrain' --force   (built aside, loaded in one transaction)")

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Replace an existing database.") var force = false
        @Option(help: "Generator scale: demo (default, ~20k enterprises) or tiny (~1k, for tests).") var scale: DatagenScale = .demo
        @Flag(name: .customLong("no-vectors"), help: "Skip the vector indexes (text encoder + FastRP).") var noVectors = false

        func run() throws {
            try CLIFailure.run {
                let report = try DemoDatabaseBuilder.build(at: database.db, force: force, scale: scale, vectors: noVectors ? .none : .build(textEncoder: nil))
                print("built \(report.nodes) nodes and \(report.relationships) relationships in \(report.path)")
                if report.trainedTextEncoder { print("trained the text encoder (\(try DemoDatabaseBuilder.defaultTextEncoderPath(database: database.db)))") }
                for v in report.vectorIndexes { print("vector index \(v.name): \(v.count) nodes") }
                if report.graded > 0 { print("graded \(report.graded) enterprises with the promoted enterprise credit model") }
                if !report.liveOrders.isEmpty {
                    print("accepted \(report.liveOrders.values.reduce(0, +)) live work orders through the loop: "
                          + report.liveOrders.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
                }
                if report.riskScored > 0 { print("scored \(report.riskScored) enterprises with the promoted enterprise risk model: \(report.alerts) alerts") }
                for (domain, graded) in report.domainGraded.sorted(by: { $0.key < $1.key }) {
                    print("graded \(graded) \(domain) sites with the promoted \(domain)-credit model")
                }
                for (domain, outcome) in report.domainAlerts.sorted(by: { $0.key < $1.key }) {
                    print("scored \(outcome.scored) \(domain) sites with the promoted \(domain)-risk model: \(outcome.alerts) alerts")
                }
            }
        }
    }
}
