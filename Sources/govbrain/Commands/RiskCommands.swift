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
            var csv = "row,score,level,reason1,reason2,reason3\n"
            var unseen = 0
            for r in 0..<table.rowCount {
                let s = try risk.score(row: r) { table.column($0)?[r] }
                if !s.unseen.isEmpty { unseen += 1 }
                let reasons = (s.reasons + ["", "", ""]).prefix(3).map { $0.contains(",") ? "\"\($0)\"" : $0 }
                csv += "\(r),\(String(format: "%.4f", s.score)),\(s.level),\(reasons.joined(separator: ","))\n"
            }
            do { try AtomicFile.write(Data(csv.utf8), to: out) } catch { throw ModelError("cannot write \(out): \(error.localizedDescription)") }
            if unseen > 0 { FileHandle.standardError.write(Data("note: \(unseen) row(s) had values the training data never had; they scored as neutral\n".utf8)) }
            print("scored \(table.rowCount) rows into \(out)")
        }
    }
}
