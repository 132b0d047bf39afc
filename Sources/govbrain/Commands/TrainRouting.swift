import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGML

/// `govbrain model train routing`.
struct TrainRouting: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing",
        abstract: "Train the hotline routing model (intent, department, dispatch confidence) as a new version in Models/routing/.",
        discussion: """
        Reads train.jsonl, dev.jsonl and test.jsonl from --data (lines {"text", "intent", "department", "regionAdcode", "mention"}),
        fits character n-gram TF-IDF + multinomial logistic regression on train (with the taxonomy's phrases and the domain
        lexicon's terms), calibrates and tunes the dispatch threshold on
        dev, evaluates on test (and place resolution against the reference regions), and writes Models/routing/vN/ with
        model.bin, MODEL.md and metrics.json. The first version is promoted; later ones with `govbrain model promote routing vN`.
        Example:
          govbrain model train routing --data Datasets/hotline/
          govbrain model train routing --data Datasets/hotline/ --seed 7 --format json
        """)

    @Option(help: "Folder with train.jsonl, dev.jsonl and test.jsonl (default: Datasets/hotline).") var data: String?
    @Option(help: "Seed (order of the training rows).") var seed: UInt64 = 12345
    @Option(help: "Models folder (default: the project's Models/).") var models: String?
    @Option(name: .customLong("c"), help: "Inverse L2 regularisation strength.") var c: Double = RoutingModel.Configuration().c
    @Option(name: .customLong("max-n"), help: "Longest character n-gram.") var maxN: Int = RoutingModel.Configuration().maxN
    @Option(name: .customLong("max-features"), help: "Hashed n-gram features kept.") var maxFeatures: Int = RoutingModel.Configuration().maxFeatures
    @Option(name: .customLong("target-precision"), help: "Precision of automatic dispatches the threshold is tuned for.")
    var targetPrecision: Double = RoutingModel.Configuration().targetPrecision
    @Option(help: "Intent taxonomy CSV whose names and scopes join the training texts (default: Datasets/reference/intents.csv; 'none' to leave it out).")
    var taxonomy: String?
    @Option(name: .customLong("taxonomy-repeats"), help: "Times each taxonomy phrase is added.") var taxonomyRepeats: Int = RoutingModel.Configuration().taxonomyRepeats
    @Option(help: "Domain lexicon CSV (id, terms_zh) whose terms join the training texts (default: Datasets/reference/intent_lexicon.csv; 'none' to leave it out).")
    var lexicon: String?
    @Option(name: .customLong("lexicon-repeats"), help: "Times each lexicon term is added.") var lexiconRepeats: Int = RoutingModel.Configuration().lexiconRepeats
    @Option(name: .customLong("lexicon-substitution"), help: "Copies of each training text with its lexicon term swapped for another of its intent (0: none).")
    var lexiconSubstitution: Int = RoutingModel.Configuration().lexiconSubstitutionCopies
    @Option(help: "Hand-written complaints (JSON Lines) evaluated besides the test split (default: Datasets/hotline-handwritten/complaints.jsonl when present; 'none' to skip).")
    var handwritten: String?
    @Option(name: .customLong("clause-dropout"), help: "Copies of each training text with clauses dropped (0: none).")
    var clauseDropout: Int = RoutingModel.Configuration().clauseDropoutCopies
    @Option(name: .customLong("clause-keep"), help: "Probability that a clause is kept in a clause-dropout copy.")
    var clauseKeep: Double = RoutingModel.Configuration().clauseKeepProbability
    @Flag(help: "Add the agents' corrections stored in --db (work orders an agent re-routed) to the training texts.")
    var corrections = false
    @Option(name: .customLong("corrections-file"), help: "Corrections as JSON Lines (text, intent, department), e.g. the stream of `govbrain datagen corrections`, added like the stored ones.")
    var correctionsFile: String?
    @Option(name: .customLong("extra-train"), help: ArgumentHelp("Labelled texts of another origin than the corpus (JSON Lines like the splits, e.g. calls written by hand) added to the training texts; repeatable.", valueName: "file"))
    var extraTrain: [String] = []
    @Option(name: .customLong("extra-repeats"), help: "Times each --extra-train text is added.") var extraRepeats: Int = 2
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    /// The training configuration the options describe.
    var configuration: RoutingModel.Configuration {
        var config = RoutingModel.Configuration()
        config.c = c; config.maxN = maxN; config.maxFeatures = maxFeatures; config.targetPrecision = targetPrecision
        config.taxonomyRepeats = taxonomy == "none" ? 0 : taxonomyRepeats
        config.clauseDropoutCopies = clauseDropout; config.clauseKeepProbability = clauseKeep
        config.lexiconRepeats = lexicon == "none" ? 0 : lexiconRepeats
        config.lexiconSubstitutionCopies = lexicon == "none" ? 0 : lexiconSubstitution
        return config
    }

    func validate() throws {
        // The ranges live with the configuration; the repeats are checked before "none" zeroes them.
        var raw = configuration
        raw.taxonomyRepeats = taxonomyRepeats; raw.lexiconRepeats = lexiconRepeats; raw.lexiconSubstitutionCopies = lexiconSubstitution
        do { try raw.validate() } catch let e as ModelError { throw ValidationError(e.message) }
        guard (1...20).contains(extraRepeats) else { throw ValidationError("--extra-repeats must be 1–20") }
    }

    func run() throws {
        try CLIFailure.run {
            let datasets = try ResourceLocator.datasetsPath()
            let dataDir = data ?? (datasets as NSString).appendingPathComponent("hotline")
            let config = configuration
            let taxonomyFile = taxonomy == "none" ? nil : (taxonomy ?? (datasets as NSString).appendingPathComponent("reference/intents.csv"))
            let phrases = try taxonomyFile.map { try IntentTaxonomy.phrases(file: $0) } ?? []
            let lexiconFile = lexicon == "none" ? nil : (lexicon ?? (datasets as NSString).appendingPathComponent("reference/intent_lexicon.csv"))
            let intentsFile = taxonomyFile ?? (datasets as NSString).appendingPathComponent("reference/intents.csv")
            let terms = try lexiconFile.map { try IntentLexicon.terms(file: $0, taxonomy: intentsFile) } ?? []
            let handwrittenDefault = (datasets as NSString).appendingPathComponent("hotline-handwritten/complaints.jsonl")
            let handwrittenFile = handwritten == "none" ? nil
                : handwritten ?? (FileManager.default.fileExists(atPath: handwrittenDefault) ? handwrittenDefault : nil)
            let complaints = try handwrittenFile.map { try HotlineRecord.read($0) } ?? []
            let places = try RegionDirectory.fromReference(folder: (datasets as NSString).appendingPathComponent("reference"))
            var corrected: [HotlineRecord] = []
            if corrections {
                guard KnowledgeGraph.databaseExists(database.db) else {
                    throw EngineError(code: .databaseMissing, message: "no database at \(database.shown) to read corrections from; pass --db")
                }
                let book = WorkOrderBook(graph: try database.open(.init(readOnly: true)), calendar: .weekdaysOnly, limits: .defaults)
                let labelled = phrases.isEmpty ? try IntentTaxonomy.phrases(file: intentsFile) : phrases
                let department = Dictionary(labelled.map { ($0.intent, $0.department) }, uniquingKeysWith: { a, _ in a })
                corrected = try book.corrections().compactMap { c in
                    department[c.intent].map { HotlineRecord(id: c.id, text: c.text, intent: c.intent, department: $0) }
                }
            }
            if let correctionsFile { corrected += try HotlineRecord.read(correctionsFile) }
            let extra = try extraTrain.map { (file: $0, records: try HotlineRecord.read($0)) }
            let registry = ModelRegistry(models: try models ?? ResourceLocator.modelsPath(), name: "routing")
            var command = "govbrain model train routing --data \(data ?? "Datasets/hotline/") --seed \(seed)"
            if c != RoutingModel.Configuration().c { command += " --c \(c)" }
            if maxN != RoutingModel.Configuration().maxN { command += " --max-n \(maxN)" }
            if maxFeatures != RoutingModel.Configuration().maxFeatures { command += " --max-features \(maxFeatures)" }
            if targetPrecision != RoutingModel.Configuration().targetPrecision { command += " --target-precision \(targetPrecision)" }
            if let taxonomy { command += " --taxonomy \(taxonomy)" }
            if taxonomyRepeats != RoutingModel.Configuration().taxonomyRepeats { command += " --taxonomy-repeats \(taxonomyRepeats)" }
            if let lexicon { command += " --lexicon \(lexicon)" }
            if let handwritten { command += " --handwritten \(handwritten)" }
            if lexiconRepeats != RoutingModel.Configuration().lexiconRepeats { command += " --lexicon-repeats \(lexiconRepeats)" }
            if lexiconSubstitution != RoutingModel.Configuration().lexiconSubstitutionCopies { command += " --lexicon-substitution \(lexiconSubstitution)" }
            if clauseDropout != RoutingModel.Configuration().clauseDropoutCopies { command += " --clause-dropout \(clauseDropout)" }
            if clauseKeep != RoutingModel.Configuration().clauseKeepProbability { command += " --clause-keep \(clauseKeep)" }
            if corrections { command += " --corrections --db \(database.shown)" }
            if let correctionsFile { command += " --corrections-file \(correctionsFile)" }
            for file in extraTrain { command += " --extra-train \(file)" }
            if !extraTrain.isEmpty { command += " --extra-repeats \(extraRepeats)" }
            let outcome = try RoutingTraining.run(data: dataDir, registry: registry, configuration: config, seed: seed, places: places,
                                                 taxonomy: phrases, lexicon: terms, handwritten: complaints, corrections: corrected,
                                                 extra: extra, extraRepeats: extraRepeats, command: command)
            switch output.format {
            case .json:
                print(JSONWriter.string(outcome.metrics))
            case .text:
                let r = outcome.report, t = outcome.test
                if corrections || correctionsFile != nil { print("\(corrected.count) corrections, each added \(RoutingTraining.correctionRepeats)×") }
                if !extra.isEmpty { print("\(extra.reduce(0) { $0 + $1.records.count }) texts of another origin (--extra-train), each added \(extraRepeats)×") }
                print("routing \(outcome.version): \(r.features) features, \(r.iterations) L-BFGS iterations, trained in \(String(format: "%.1f", r.trainSeconds)) s")
                print(RoutingReport.text(t, title: "test split"))
                if let h = outcome.handwritten {
                    print(String(format: "hand-written complaints (%d): intent top-1 %.4f, top-3 %.4f; department %.4f", h.items, h.top1, h.top3, h.departmentAccuracy))
                }
                if let p = outcome.places {
                    print(String(format: "  adcode exact %.4f on %d texts naming a place (place found in %.4f of the %d others)", p.exact, p.named,
                                 p.foundWhereNoneLabelled, p.unnamed))
                }
                print("wrote \(outcome.directory) (model.bin, MODEL.md, metrics.json)\(outcome.promoted ? "; promoted" : "; promote with `govbrain model promote routing \(outcome.version)`")")
            }
        }
    }
}

/// Human-readable routing metrics.
enum RoutingReport {
    static func text(_ e: RoutingEvaluation, title: String) -> String {
        var lines = [String(format: "%@ (%d work orders): intent top-1 %.4f, top-3 %.4f, macro-F1 %.4f; department %.4f", title, e.items, e.top1, e.top3, e.macroF1, e.departmentAccuracy),
                     String(format: "  calibration: ECE %.4f (intent), %.4f (department)", e.expectedCalibrationError, e.departmentCalibrationError),
                     String(format: "  automatic dispatch: %.1f %% of work orders at %.2f %% precision; the rest to a person", e.automationRate * 100, e.automaticPrecision * 100)]
        if !e.confusions.isEmpty {
            lines.append("  most confused (actual → predicted):")
            for c in e.confusions.prefix(8) { lines.append("    \(c.actual) → \(c.predicted): \(c.count)") }
        }
        return lines.joined(separator: "\n")
    }
}
