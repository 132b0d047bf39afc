import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGML

/// `govbrain model train risk`.
struct TrainRisk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Train a risk-warning model on a CSV file (WoE scorecard or gradient-boosted trees with reasons, score 0–100, levels red/orange/yellow/green).",
        discussion: """
        The target column holds 0 or 1 (1 = the risk event); a column named id is ignored; numeric and categorical columns are
        detected. --algorithm auto (default) cross-validates the WoE scorecard, the linear model (a ridge logistic regression
        on the columns and each interaction pair's XOR and product of deviations), gradient-boosted trees and their blend (the
        mean log-odds) on the training rows (5 folds, 3 above 10,000 rows) beside plain logistic regression; a less
        transparent candidate (linear, blend, then trees) is kept only when its AUC is higher by more than 0.001 and its
        average precision (the top of the list) is not lower; scorecard, linear, trees or blend force one. Pairwise
        interactions of numeric columns found on the training rows become inputs every model uses (--interactions). The metrics JSON and MODEL.md give the
        CV figures of each, the choice and why, the columns left out and why, and the data file's rows and SHA-256.
        With --split (row,set) the test AUC, average precision, precision/recall at 1 % and 5 %, Brier score and calibration
        error are printed, with plain logistic regression's test AUC and precision at 1 % beside them.
        With --graph, trains the enterprise risk model on the graph (--db): hotline complaints and their trend, wage-arrears
        complaints, inspections, violations, penalties, credit records, changes of legal representative, address and
        shareholders, and related-party risk (personalized PageRank from known-bad enterprises); target = an adverse
        supervision record in the next half-year; fitted on two past origins and measured out of time on the latest complete
        half-year; --algorithm chooses as for a table (auto: the card, the linear model, the trees or their blend by cross-validation on the
        training rows; the card says which and why). Writes Models/enterprise-risk/vN, then scores every enterprise and raises
        the period's alerts (reasons in Chinese, English in the JSON).
        --with-outcomes adds what supervisors found: the current period's alerts resolved as confirmed (1) or false_alarm (0)
        become training rows (features as of now); no_action says nothing about the risk and is left out. With --domain, the
        domain's own alerts (their sites) are the rows.
        --domain ecology|emergency|housing (with --graph; default market, the enterprise model above) trains the domain's
        site model instead: pollution sources, work-safety sites or construction projects, target = a problem (exceedance,
        hidden danger, quality or safety incident) at the site in the next half-year, validated out of time the same way;
        writes Models/<domain>-risk/vN, then scores every site (riskScore, riskLevel, riskReasons on its node) and raises
        the period's alerts of the domain (domain, site, the operating enterprise's uscc; listed by govbrain risk alerts --domain).
        Examples:
          govbrain model train risk --data enterprises.csv --target violated --split split.csv --out /tmp/risk
          govbrain model train risk --graph --db .govbrain/demo.sqlite
          govbrain model train risk --graph --db .govbrain/demo.sqlite --domain emergency
        """)

    @Option(help: "CSV file with a header row.") var data: String?
    @Option(help: "The 0/1 target column (1 = event).") var target: String?
    @Option(help: "CSV with columns row,set (train or test).") var split: String?
    @Option(help: "Output folder (default: Models/risk/vN).") var out: String?
    @Flag(help: "Train the enterprise risk model on the graph (--db) instead of a CSV file.") var graph = false
    @Flag(help: "With --graph: add the current period's resolved alerts (of the domain) as training rows (outcome confirmed = 1, false_alarm = 0).") var withOutcomes = false
    @Option(help: "With --graph: the supervision domain, market (default: enterprises), ecology, emergency or housing (their sites).") var domain: String = "market"
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Models folder the new version goes to when --out is absent (default: Models/).") var models: String?
    @Option(help: "auto (the one cross-validation prefers), scorecard, linear (logistic regression with interaction products), trees or blend (the mean log-odds of the card and the trees).") var algorithm: RiskAlgorithm = .auto
    @Option(help: "A monotone constraint of the trees, COLUMN=1 (risk rises with it) or COLUMN=-1; repeatable.") var monotone: [String] = []
    @Option(help: "Cross-validation folds (default: 5, or 3 above 10,000 training rows).") var folds: Int?
    @Option(help: ArgumentHelp("Settings of the trees as JSON, LightGBM's names in camel case, e.g. '{\"maxLeaves\": 15, \"minChildSamples\": 100}'.",
                               discussion: "Keys: maxLeaves, maxDepth, minChildSamples, minChildHessian, l2, learningRate, maxRounds, minSplitGain, maxBins, earlyStoppingRounds, validationShare, seed, categorySmoothing, rowSubsample, featureFraction, threads. Absent keys keep the risk model's defaults (maxLeaves 7, rowSubsample 0.8, featureFraction 0.8; minChildSamples 1 % of the training rows within 20–200)."))
    var treeConfig: String?
    @Option(help: "Pairwise interactions of numeric columns to add at most (0: no search; default 3).") var interactions = 3

    func validate() throws {
        if let folds, !(2...20).contains(folds) { throw ValidationError("--folds must be within 2–20") }
        if !(0...10).contains(interactions) { throw ValidationError("--interactions must be within 0–10") }
        for m in monotone {
            let parts = m.split(separator: "=")
            guard parts.count == 2, ["1", "-1", "+1"].contains(parts[1]) else {
                throw ValidationError("--monotone \(m): write COLUMN=1 (risk rises with the column) or COLUMN=-1 (risk falls)")
            }
        }
        if withOutcomes && !graph { throw ValidationError("--with-outcomes needs --graph: outcomes are alerts resolved in the graph") }
        try SupervisionDomainOption.validate(domain, graph: graph)
        if graph {
            guard data == nil, target == nil, split == nil, out == nil else {
                throw ValidationError("--graph trains on the database given by --db; leave out --data, --target, --split and --out")
            }
            return
        }
        guard let data else { throw ValidationError("give --data FILE.csv and --target COLUMN (or --graph --db PATH for the enterprise model)") }
        guard target != nil else { throw ValidationError("give --target COLUMN: the 0/1 column of \(data) to predict (1 = the event)") }
    }

    /// The trees' settings from `--tree-config` JSON: the given keys over the risk model's
    /// defaults, and whether it sets `minChildSamples` (otherwise that scales with the rows).
    static func treeConfiguration(_ json: String) throws -> (GradientBoostingTrainer.Configuration, setsLeafRows: Bool) {
        let example = "example: '{\"maxLeaves\": 15, \"minChildSamples\": 100}'"
        let defaults = (try? JSONSerialization.jsonObject(with: JSONEncoder().encode(RiskModelFit.riskTrees)) as? [String: Any]) ?? [:]
        guard let given = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
            throw ModelError(code: .invalidArgumentValue, "--tree-config is not a JSON object of tree settings; \(example)")
        }
        // The settings are the configuration's own coding keys (its encoded defaults).
        for key in given.keys.sorted() where defaults[key] == nil {
            throw ModelError(code: .invalidArgumentValue, "--tree-config: unknown setting \(key); known: \(defaults.keys.sorted().joined(separator: ", "))")
        }
        let c: GradientBoostingTrainer.Configuration
        do {
            c = try JSONDecoder().decode(GradientBoostingTrainer.Configuration.self,
                                         from: JSONSerialization.data(withJSONObject: defaults.merging(given) { $1 }))
        } catch {
            throw ModelError(code: .invalidArgumentValue, "--tree-config: a setting has a value of the wrong kind (numbers, and an object of column: ±1 for monotone); \(example)")
        }
        try c.validate()
        return (c, given["minChildSamples"] != nil)
    }

    func run() throws {
        try CLIFailure.run {
            if graph, let schema = SupervisionDomainSchema.named(domain) {
                let kg = try database.open()
                let report = try DomainRiskModel.train(graph: kg, schema: schema, models: try models ?? ResourceLocator.modelsPath(),
                                                       command: "govbrain model train risk --graph --db \(database.shown) --domain \(schema.id)"
                                                           + (withOutcomes ? " --with-outcomes" : "") + (algorithm != .auto ? " --algorithm \(algorithm.rawValue)" : ""),
                                                       algorithm: algorithm, withOutcomes: withOutcomes)
                var members: [(String, JSON)] = [("version", .string(report.version)), ("promoted", .bool(report.promoted)), ("directory", .string(report.directory))]
                if case .object(let m) = report.metrics { members += m }
                // The sites are scored and the period's alerts raised with the model just trained, as for enterprises.
                let trained = try RiskModel.read(from: (report.directory as NSString).appendingPathComponent(RiskModel.artifact))
                let o = try DomainRiskAlerts.scoreAndRaise(graph: kg, schema: schema, model: trained, modelVersion: report.version)
                members.append(("scoring", RiskScore.json(o)))
                print(JSONWriter.string(.object(members)))
                return
            }
            if graph {
                let kg = try database.open()
                let report = try EnterpriseRiskModel.train(graph: kg, models: try models ?? ResourceLocator.modelsPath(),
                                                           command: "govbrain model train risk --graph --db \(database.shown)" + (withOutcomes ? " --with-outcomes" : "")
                                                               + (algorithm != .auto ? " --algorithm \(algorithm.rawValue)" : ""),
                                                           withOutcomes: withOutcomes, algorithm: algorithm)
                var members: [(String, JSON)] = [("version", .string(report.version)), ("promoted", .bool(report.promoted)), ("directory", .string(report.directory))]
                if case .object(let m) = report.metrics { members += m }
                members.append(("scoring", RiskScore.json(report.scoring)))
                print(JSONWriter.string(.object(members)))
                return
            }
            guard let data, let target else { return }
            let table = try TabularCSV.read(data)
            let sets = try split.map { try TabularCSV.split($0, rows: table.rowCount) }
            let dir = try out ?? {
                let r = ModelRegistry(models: try models ?? ResourceLocator.modelsPath(), name: "risk")
                return r.directory(r.nextVersion())
            }()
            var command = "govbrain model train risk --data \(data) --target \(target)"
            if let split { command += " --split \(split)" }
            if algorithm != .auto { command += " --algorithm \(algorithm.rawValue)" }
            for m in monotone { command += " --monotone \(m)" }
            if let folds { command += " --folds \(folds)" }
            if interactions != 3 { command += " --interactions \(interactions)" }
            var options = RiskModelFit.Options()
            options.algorithm = algorithm
            options.folds = folds
            options.interactions.maxTerms = interactions
            if let treeConfig {
                command += " --tree-config '\(treeConfig)'"
                let (trees, setsLeafRows) = try Self.treeConfiguration(treeConfig)
                options.trees = trees
                options.adaptTrees = !setsLeafRows
            }
            for m in monotone {
                let parts = m.split(separator: "=")
                guard table.columns.contains(String(parts[0])) else {
                    throw ModelError(code: .badHeader, "--monotone names \(parts[0]), which \(data) does not have; columns: \(table.columns.joined(separator: ", "))")
                }
                options.trees.monotone[String(parts[0])] = parts[1] == "-1" ? -1 : 1
            }
            let source = ModelCard.DataSource(path: data, records: table.rowCount, sha256: try ModelCard.artifactDigest(data).sha256)
            let (_, metrics) = try RiskModel.train(data: table, target: target, split: sets, out: dir, options: options, source: source, command: command)
            print(JSONWriter.string(metrics))
        }
    }
}

/// `govbrain model predict risk`.
struct PredictRisk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Score a CSV file with a risk model: row,score,level,reason1,reason2,reason3.",
        discussion: """
        Reasons are the three factors that add most risk, as column names. With --columns FILE.csv (a header column,name_zh,
        name_en and optionally unit, unit_en; one line per column described) they are sentences a supervisor reads: the
        column's meaning, the row's value with its unit and where it stands among the rows scored, e.g.
        近12个月欠薪投诉 3 次（高于 95% 的企业）; a flag column (0/1) reads its meaning for 1 with the share of rows alike.
        --reasons FILE.jsonl writes every row's reasons as JSON lines, each with factor, value, text (Chinese) and textEn
        (English); without --columns the texts name the column and still give the value and where it stands.
        Examples:
          govbrain model predict risk --model /tmp/risk --data enterprises.csv --out risk.csv
          govbrain model predict risk --model /tmp/risk --data enterprises.csv --out risk.csv --columns columns.csv --reasons reasons.jsonl
        """)

    @Option(help: "Model folder (with model.json).") var model: String
    @Option(help: "CSV file with the model's columns.") var data: String
    @Option(help: "Output CSV.") var out: String
    @Option(help: "CSV describing the columns (column,name_zh,name_en[,unit][,unit_en]): the reason columns become Chinese sentences.") var columns: String?
    @Option(help: "Also write each row's reasons (factor, value, text, textEn) as JSON lines to this file.") var reasons: String?

    func run() throws {
        try CLIFailure.run {
            let risk = try RiskModel.read(from: (model as NSString).appendingPathComponent(RiskModel.artifact))
            let table = try TabularCSV.read(data)
            let descriptions = try columns.map { try ColumnDescriptions.parse(TabularCSV.read($0), source: $0) } ?? ColumnDescriptions()
            if let columns {
                let unknown = descriptions.entries.keys.filter { !table.columns.contains($0) }.sorted()
                if !unknown.isEmpty {
                    FileHandle.standardError.write(Data("note: \(columns) describes columns \(data) does not have: \(unknown.joined(separator: ", "))\n".utf8))
                }
            }
            let explain = columns != nil || reasons != nil
            let population = explain ? ColumnPopulation(table, columns: risk.inputs) : nil
            var lines = ""
            try ScoresFile.write(header: "row,score,level,reason1,reason2,reason3", rows: table.rowCount, to: out) { r in
                let cell: (String) -> String? = { table.column($0)?[r] }
                let s = try risk.score(row: r, cell: cell)
                var shown = s.reasons
                if explain {
                    let explained = risk.reasonLines(s.reasons, cell: cell, descriptions: descriptions, population: population)
                    if columns != nil { shown = explained.map(\.text.zh) }
                    if reasons != nil {
                        lines += JSONWriter.string(.object([("row", .int(Int64(r))), ("score", .double((s.score * 10_000).rounded() / 10_000)),
                                                            ("level", .string(s.level)), ("reasons", .array(explained.map(\.json)))])) + "\n"
                    }
                }
                return .init(fields: [String(format: "%.4f", s.score), s.level], reasons: shown, unseen: !s.unseen.isEmpty)
            }
            if let reasons {
                do { try AtomicFile.write(Data(lines.utf8), to: reasons) } catch {
                    throw ModelError(code: .pathNotWritable, "cannot write \(reasons): \(error.localizedDescription)")
                }
            }
        }
    }
}
