import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGML

/// `govbrain model train credit`.
struct TrainCredit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit",
        abstract: "Train a credit scorecard on a CSV file (WoE binning, IV selection, logistic regression, points, grades A–D).",
        discussion: """
        The target column holds 0 (good) or 1 (bad); a column named id is ignored; numeric and categorical columns are
        detected. With --split (columns row,set; set train or test) the card is fitted on the train rows and its test AUC,
        KS and Gini printed; 5-fold cross-validation over all rows is always reported. Writes model.json, scorecard.csv,
        MODEL.md and metrics.json into --out (default: the next version of Models/credit/).
        With --graph, trains the enterprise credit model on the graph instead: features from each enterprise's own records
        (violations, penalties, tax arrears, abnormal-operation listings, court enforcement, honours, age, capital, scale,
        industry) and its related parties (personalized PageRank from known-bad enterprises over legal-representative and
        shareholder links), target = a serious adverse credit event in the following year; writes Models/enterprise-credit/vN
        and grades every enterprise (creditGrade, creditPoints, creditProbability, creditReasons on the node).
        --domain ecology|emergency|housing (with --graph; default market, the enterprise model above) trains the domain's
        site scorecard instead, target = a serious problem or one left unrectified past its deadline in the following year;
        writes Models/<domain>-credit/vN, then grades every site (creditGrade, creditPoints on its node).
        Examples:
          govbrain model train credit --data Datasets/german_credit/german_credit.csv --target bad --split Datasets/german_credit/split.csv
          govbrain model train credit --graph --db .govbrain/demo.sqlite
          govbrain model train credit --graph --db .govbrain/demo.sqlite --domain housing
        """)

    @Option(help: "CSV file with a header row.") var data: String?
    @Option(help: "The 0/1 target column (1 = bad).") var target: String?
    @Flag(help: "Train the enterprise credit model on the graph (--db) instead of a CSV file.") var graph = false
    @Option(help: "With --graph: the supervision domain, market (default: enterprises), ecology, emergency or housing (their sites).") var domain: String = "market"
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Models folder the new version goes to when --out is absent (default: Models/).") var models: String?
    @Option(help: "Seed of the held-out split (--graph).") var seed: UInt64 = 42
    @Option(help: "CSV with columns row,set (train or test).") var split: String?
    @Option(help: "Output folder (default: Models/credit/vN).") var out: String?
    @Option(name: .customLong("l2"), help: "Ridge penalty of the logistic regression.") var l2: Double = 0
    @Option(help: "Smallest bin, as a share of the training rows (0.03: the best 5-fold CV AUC on German credit over 0.01–0.08).") var minBinShare: Double = 0.03
    @Option(help: "Most bins per variable.") var maxBins: Int = 6
    @Flag(help: "Leave out the gradient-boosted trees shown beside the card as a challenger.") var noChallenger = false
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try SupervisionDomainOption.validate(domain, graph: graph)
        if graph {
            guard data == nil, target == nil, split == nil, out == nil else {
                throw ValidationError("--graph trains on the database given by --db; leave out --data, --target, --split and --out")
            }
            return
        }
        guard let data else { throw ValidationError("give --data FILE.csv and --target COLUMN (or --graph --db PATH for the enterprise model)") }
        guard target != nil else { throw ValidationError("give --target COLUMN: the 0/1 column of \(data) to predict (1 = bad)") }
        guard (0.001...0.5).contains(minBinShare), (2...50).contains(maxBins) else {
            throw ValidationError("--min-bin-share must be within 0.001–0.5 and --max-bins within 2–50")
        }
    }

    func run() throws {
        try CLIFailure.run {
            if graph {
                return try trainOnGraph()
            }
            guard let data, let target else { return }
            let table = try TabularCSV.read(data)
            let sets = try split.map { try TabularCSV.split($0, rows: table.rowCount) }
            var config = ScorecardTrainer.Configuration()
            config.l2 = l2
            config.minimumBinShare = minBinShare
            config.maximumBins = maxBins
            var registry: ModelRegistry?
            let dir: String
            if let out { dir = out } else {
                let r = ModelRegistry(models: try models ?? ResourceLocator.modelsPath(), name: "credit")
                registry = r
                dir = r.directory(r.nextVersion())
            }
            var command = "govbrain model train credit --data \(data) --target \(target)"
            if let split { command += " --split \(split)" }
            if l2 != 0 { command += " --l2 \(l2)" }
            if minBinShare != 0.03 { command += " --min-bin-share \(minBinShare)" }
            if maxBins != 6 { command += " --max-bins \(maxBins)" }
            if noChallenger { command += " --no-challenger" }
            let outcome = try ScorecardTraining.run(data: table, target: target, split: sets, out: dir, configuration: config, challenger: !noChallenger, command: command)
            if let registry, registry.promoted() == nil { try registry.promote((dir as NSString).lastPathComponent, artifact: ScorecardTraining.artifact) }
            switch output.format {
            case .json: print(JSONWriter.string(outcome.metrics))
            case .text:
                let m = outcome.metrics
                print("scorecard: \(outcome.card.variables.count) variables, base \(outcome.card.basePoints) points (\(Int(outcome.card.baseScore)) at odds \(Int(outcome.card.baseOdds)):1, \(Int(outcome.card.pointsToDouble)) points to double)")
                print("variable                                             bin                                      WoE  points")
                for row in outcome.card.table.dropFirst() {
                    print(String(format: "%@ %@ %7.3f %6d", row.variable.padding(toLength: 52, withPad: " ", startingAt: 0),
                                 String(row.bin.prefix(38)).padding(toLength: 38, withPad: " ", startingAt: 0), row.woe, row.points))
                }
                for c in outcome.columns where c.outcome != "selected" { print("  left out: \(c.name) (IV \(String(format: "%.3f", c.iv))): \(c.outcome)") }
                print("grades: " + outcome.card.grades.map { "\($0.name) ≥ \($0.minimumPoints == Int.min ? "−∞" : String($0.minimumPoints)) (train bad rate \(String(format: "%.1f", $0.badRate * 100)) %)" }.joined(separator: ", "))
                if let auc = m["testAUC"]?.doubleValue, let ks = m["testKS"]?.doubleValue, let gini = m["testGini"]?.doubleValue {
                    print(String(format: "test: AUC %.4f, KS %.4f, Gini %.4f, score PSI %.4f", auc, ks, gini, m["scorePSI"]?.doubleValue ?? .nan))
                }
                if let cv = m["cvAUCMean"]?.doubleValue { print(String(format: "5-fold CV AUC %.4f ± %.4f", cv, m["cvAUCSD"]?.doubleValue ?? .nan)) }
                for (key, label) in [("baseline", "plain logistic regression (baseline)"), ("challenger", "gradient-boosted trees (challenger, not served)")] {
                    guard let g = m[key] else { continue }
                    let test = g["testAUC"]?.doubleValue.map { String(format: "test AUC %.4f, ", $0) } ?? ""
                    print(String(format: "%@: %@5-fold CV AUC %.4f ± %.4f", label, test, g["cvAUCMean"]?.doubleValue ?? .nan, g["cvAUCSD"]?.doubleValue ?? .nan))
                }
                print("wrote \(dir) (model.json, scorecard.csv, MODEL.md, metrics.json)")
            }
        }
    }
}

extension TrainCredit {
    func trainOnGraph() throws {
        let kg = try database.open()
        if let schema = SupervisionDomainSchema.named(domain) {
            let report = try DomainCreditModel.train(graph: kg, schema: schema, models: try models ?? ResourceLocator.modelsPath(), seed: seed,
                                                     command: "govbrain model train credit --graph --db \(database.shown) --domain \(schema.id)")
            // The sites are graded with the model just trained, as enterprises are.
            let card = try Scorecard.read(from: (report.directory as NSString).appendingPathComponent(ScorecardTraining.artifact))
            let grades = try DomainCreditModel.grade(graph: kg, schema: schema, card: card)
            var m = report.metrics
            if case .object(var members) = m {
                members.append(("gradedSites", .object(grades.map { ($0.grade, .int(Int64($0.count))) })))
                m = .object(members)
            }
            switch output.format {
            case .json: print(JSONWriter.string(m))
            case .text:
                print("\(schema.id) credit model \(report.version)\(report.promoted ? " (promoted)" : ""): origin \(m["origin"]?.stringValue ?? "?"), \(m["population"]?.doubleValue.map { String(Int($0)) } ?? "?") sites, base rate \(String(format: "%.2f", (m["baseRate"]?.doubleValue ?? .nan) * 100)) %")
                print(String(format: "test: AUC %.4f, KS %.4f; 5-fold CV AUC %.4f ± %.4f; plain logistic regression test AUC %.4f", m["testAUC"]?.doubleValue ?? .nan,
                             m["testKS"]?.doubleValue ?? .nan, m["cvAUCMean"]?.doubleValue ?? .nan, m["cvAUCSD"]?.doubleValue ?? .nan,
                             m["baseline"]?["testAUC"]?.doubleValue ?? .nan))
                print("graded \(grades.reduce(0) { $0 + $1.count }) \(schema.siteLabel) sites: " + grades.map { "\($0.grade) \($0.count)" }.joined(separator: ", "))
                print("wrote \(report.directory) (model.json, scorecard.csv, MODEL.md, metrics.json)")
            }
            return
        }
        let report = try EnterpriseCreditModel.train(graph: kg, models: try models ?? ResourceLocator.modelsPath(), seed: seed,
                                                     command: "govbrain model train credit --graph --db \(database.shown)")
        let m = report.metrics
        switch output.format {
        case .json: print(JSONWriter.string(m))
        case .text:
            print("enterprise credit model \(report.version)\(report.promoted ? " (promoted)" : ""): origin \(m["origin"]?.stringValue ?? "?"), \(m["population"]?.doubleValue.map { String(Int($0)) } ?? "?") enterprises, base rate \(String(format: "%.2f", (m["baseRate"]?.doubleValue ?? .nan) * 100)) %")
            print(String(format: "test: AUC %.4f, KS %.4f, Gini %.4f; 5-fold CV AUC %.4f ± %.4f", m["testAUC"]?.doubleValue ?? .nan, m["testKS"]?.doubleValue ?? .nan,
                         m["testGini"]?.doubleValue ?? .nan, m["cvAUCMean"]?.doubleValue ?? .nan, m["cvAUCSD"]?.doubleValue ?? .nan))
            print("graded \(report.grades.reduce(0) { $0 + $1.count }) enterprises: " + report.grades.map { "\($0.grade) \($0.count)" }.joined(separator: ", "))
            print("wrote \(report.directory) (model.json, scorecard.csv, MODEL.md, metrics.json)")
        }
    }
}

/// `govbrain model predict`.
struct ModelPredict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Apply a trained model to a CSV file.",
        subcommands: [PredictCredit.self, PredictRisk.self])
}

/// `govbrain model predict credit`.
struct PredictCredit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit",
        abstract: "Score a CSV file with a scorecard: row,probability,points,grade,reason1,reason2,reason3.",
        discussion: """
        row is the 0-based data row; reasons are the variables that cost the row most points. Values the training data never
        had (a new category) score as neutral and are counted on standard error.
        Example:
          govbrain model predict credit --model Models/credit/v1 --data applicants.csv --out scores.csv
        """)

    @Option(help: "Model folder (with model.json).") var model: String
    @Option(help: "CSV file with the card's columns.") var data: String
    @Option(help: "Output CSV.") var out: String

    func run() throws {
        try CLIFailure.run {
            let card = try Scorecard.read(from: (model as NSString).appendingPathComponent(ScorecardTraining.artifact))
            let table = try TabularCSV.read(data)
            try ScoresFile.write(header: "row,probability,points,grade,reason1,reason2,reason3", rows: table.rowCount, to: out) { r in
                let s = try card.score(row: r) { name in table.column(name)?[r] }
                return .init(fields: [String(format: "%.6f", s.probability), String(s.points), s.grade], reasons: s.reasons, unseen: !s.unseen.isEmpty)
            }
        }
    }
}

/// `govbrain model monitor`.
struct ModelMonitor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Compare a model's populations.",
        subcommands: [MonitorCredit.self])
}

/// `govbrain model monitor credit`.
struct MonitorCredit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit",
        abstract: "Population stability of a scorecard: PSI of the points and per-variable characteristic stability.",
        discussion: """
        Prints JSON: scorePSI and, per variable, stabilityIndex (PSI of its bin shares) and pointsShift; status stable
        (< 0.1), watch (0.1–0.25) or shifted (> 0.25).
        Example:
          govbrain model monitor credit --model /tmp/card --reference train.csv --current this_quarter.csv
        """)

    @Option(help: "Model folder (with model.json).") var model: String
    @Option(help: "CSV of the reference population (e.g. the training data).") var reference: String
    @Option(help: "CSV of the current population.") var current: String

    func run() throws {
        try CLIFailure.run {
            let card = try Scorecard.read(from: (model as NSString).appendingPathComponent(ScorecardTraining.artifact))
            print(JSONWriter.string(try ScorecardMonitoring.report(card: card, reference: try TabularCSV.read(reference), current: try TabularCSV.read(current))))
        }
    }
}
