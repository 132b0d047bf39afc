import ArgumentParser
import Foundation
import KGCore
import KGEngine
import KGML

/// `govbrain model train risk`.
struct TrainRisk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Train a risk-warning model on a CSV file (explainable WoE logistic regression, score 0–100, levels red/orange/yellow/green).",
        discussion: """
        The target column holds 0 or 1 (1 = the risk event); a column named id is ignored; numeric and categorical columns are
        detected. With --split (row,set) the test AUC, average precision and precision/recall at 1 % and 5 % are printed.
        Example:
          govbrain model train risk --data enterprises.csv --target violated --split split.csv --out /tmp/risk
        """)

    @Option(help: "CSV file with a header row.") var data: String
    @Option(help: "The 0/1 target column (1 = event).") var target: String
    @Option(help: "CSV with columns row,set (train or test).") var split: String?
    @Option(help: "Output folder (default: Models/risk/vN).") var out: String?

    func run() throws {
        try CLIFailure.run {
            let table = try TabularCSV.read(data)
            let sets = try split.map { try TabularCSV.split($0, rows: table.rowCount) }
            let dir = try out ?? {
                let r = ModelRegistry(models: try ResourceLocator.modelsPath(), name: "risk")
                return r.directory(r.nextVersion())
            }()
            var command = "govbrain model train risk --data \(data) --target \(target)"
            if let split { command += " --split \(split)" }
            let (_, metrics) = try RiskModel.train(data: table, target: target, split: sets, out: dir, command: command)
            print(JSONWriter.string(metrics))
        }
    }
}

/// `govbrain model predict risk`.
struct PredictRisk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Score a CSV file with a risk model: row,score,level,reason1,reason2,reason3.",
        discussion: "Example:\n  govbrain model predict risk --model /tmp/risk --data enterprises.csv --out risk.csv")

    @Option(help: "Model folder (with model.json).") var model: String
    @Option(help: "CSV file with the model's columns.") var data: String
    @Option(help: "Output CSV.") var out: String

    func run() throws {
        try CLIFailure.run {
            let risk = try RiskModel.read(from: (model as NSString).appendingPathComponent(RiskModel.artifact))
            let table = try TabularCSV.read(data)
            try ScoresFile.write(header: "row,score,level,reason1,reason2,reason3", rows: table.rowCount, to: out) { r in
                let s = try risk.score(row: r) { table.column($0)?[r] }
                return .init(fields: [String(format: "%.4f", s.score), s.level], reasons: s.reasons, unseen: !s.unseen.isEmpty)
            }
        }
    }
}
