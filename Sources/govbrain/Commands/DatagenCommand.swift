import ArgumentParser
import Foundation
import KGCore
import KGDatagen
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine

/// `govbrain datagen`: the deterministic synthetic Guangxi government graph.
struct DatagenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datagen",
        abstract: "Generate the synthetic Guangxi government graph (CSV in the import convention, truth/, manifest.json).",
        discussion: """
        Deterministic for a seed. Scales: tiny (~1k enterprises), demo (~20k, the demo database), large (1M enterprises, >10M relationships).
        Examples:
          govbrain datagen --scale tiny --seed 7 --out /tmp/tiny
          govbrain import --db g.sqlite $(jq -r '.importOrder[]' /tmp/tiny/manifest.json | sed 's|^|/tmp/tiny/|')
          govbrain datagen corpus --out Datasets/hotline
          govbrain datagen urgency --out Datasets/hotline-urgency
          govbrain datagen corrections --out /tmp/corrections
        """,
        subcommands: [Generate.self, Corpus.self, Urgency.self, Corrections.self],
        defaultSubcommand: Generate.self)

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "graph", abstract: "Generate the graph (the default).")

        @Option(help: "tiny, demo or large.") var scale: DatagenScale = .tiny
        @Option(help: "Random seed (the same seed gives the same files).") var seed: UInt64 = 1
        @Option(help: "Output folder.") var out: String
        @Option(name: .customLong("domain-sites"), help: "Sites per supervision domain (ecology, emergency, housing); default one per ten enterprises.")
        var domainSites: Int?

        func validate() throws {
            if let domainSites, !(1...1_000_000).contains(domainSites) {
                throw ValidationError("--domain-sites must be between 1 and 1000000, got \(domainSites)")
            }
        }

        func run() throws {
            try CLIFailure.run {
                let reference = try ReferenceCatalog.load(folder: (try ResourceLocator.datasetsPath() as NSString).appendingPathComponent("reference"))
                let report = try DatasetGenerator(configuration: .init(scale: scale, seed: seed, outputFolder: out, domainSites: domainSites), reference: reference).run()
                print("wrote \(report.nodes) nodes and \(report.relationships) relationships in \(report.files.count) files to \(out) (\(String(format: "%.1f", report.seconds)) s); manifest.json lists them with SHA-256")
            }
        }
    }

    struct Corpus: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "corpus", abstract: "Write the labelled hotline corpus with its fixed train/dev/test split.")

        @Option(help: "Random seed.") var seed: UInt64 = 12345
        @Option(help: "Number of texts.") var count: Int = 36_000
        @Option(help: "Output folder.") var out: String

        func run() throws {
            try CLIFailure.run {
                let reference = try ReferenceCatalog.load(folder: (try ResourceLocator.datasetsPath() as NSString).appendingPathComponent("reference"))
                let report = try HotlineCorpus.write(reference: reference, seed: seed, count: count, folder: out)
                print("wrote \(report.map { "\($0.0): \($0.1)" }.joined(separator: ", ")) to \(out)")
            }
        }
    }

    struct Corrections: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "corrections",
            abstract: "Write a stream of agents' corrections on new phrasing (corrections.jsonl) and an evaluation set of the same phrasing (eval.jsonl).",
            discussion: "Feed growing prefixes of the stream to `govbrain model train routing --corrections-file` for a learning curve (Tools/bench/learning_curve.sh).")

        @Option(help: "Random seed.") var seed: UInt64 = 24
        @Option(help: "Corrections in the stream.") var count: Int = 2_000
        @Option(name: .customLong("eval-count"), help: "Texts in the evaluation set.") var evalCount: Int = 1_000
        @Option(help: "Output folder.") var out: String

        func validate() throws {
            guard count >= 1, evalCount >= 1 else { throw ValidationError("--count and --eval-count must be at least 1") }
        }

        func run() throws {
            try CLIFailure.run {
                let reference = try ReferenceCatalog.load(folder: (try ResourceLocator.datasetsPath() as NSString).appendingPathComponent("reference"))
                let report = try CorrectionStream.write(reference: reference, seed: seed, count: count, evalCount: evalCount, folder: out)
                print("wrote \(report.map { "\($0.0): \($0.1)" }.joined(separator: ", ")) to \(out)")
            }
        }
    }

    struct Urgency: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "urgency",
                                                        abstract: "Write the labelled urgency corpus (urgent, priority, normal) with its fixed train/dev/test split.")

        @Option(help: "Random seed.") var seed: UInt64 = 2021
        @Option(help: "Number of texts.") var count: Int = 20_000
        @Option(help: "Output folder.") var out: String

        func validate() throws {
            guard count >= 100 else { throw ValidationError("--count must be at least 100 (one split needs texts of every kind)") }
        }

        func run() throws {
            try CLIFailure.run {
                let reference = try ReferenceCatalog.load(folder: (try ResourceLocator.datasetsPath() as NSString).appendingPathComponent("reference"))
                let file = (try ResourceLocator.datasetsPath() as NSString).appendingPathComponent("reference/urgency_situations.csv")
                let table: CSVTable
                do { table = try CSVTable.read(path: file) } catch {
                    throw EngineError(code: .resourcesMissing, message: "cannot read \(file): \(error)")
                }
                var situations: [(urgency: String, text: String)] = []
                for (i, row) in table.rows.enumerated() {
                    guard let u = row["urgency"], ["urgent", "priority", "normal"].contains(u), let text = row["situation"], !text.isEmpty else {
                        throw EngineError(code: .resourcesMissing, message: "\(file) line \(i + 2): needs urgency (urgent, priority or normal) and situation")
                    }
                    situations.append((u, text))
                }
                let report = try UrgencyCorpus.write(reference: reference, seed: seed, count: count, folder: out, situations: situations)
                print("wrote \(report.map { "\($0.0): \($0.1)" }.joined(separator: ", ")) to \(out)")
            }
        }
    }
}
