import ArgumentParser
import Foundation
import GovSupervision
import KGCore
import KGEngine

/// `govbrain efficacy evaluate`: the office index against a generator's planted office effects.
struct EfficacyEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the hotline office index against planted office effects, beside raw rates: AUC, Spearman, size correlation, rank stability.",
        discussion: """
        --truth is the generator's truth/office_speed.csv (office,slowness: 1 for most offices, more for the slow ones) of
        the seed and scale the database was built from; `govbrain datagen --scale demo --seed 1 --out DIR` writes it for the
        demo database. Per quarter: AUC of telling the planted slow offices from the others (low index = slow), Spearman with
        the planted effect, correlation with office size (log cases); between consecutive quarters: rank stability (Spearman).
        Example:
          govbrain efficacy evaluate --db .govbrain/demo.sqlite --truth /tmp/gen/truth/office_speed.csv --periods 2024-Q1,2024-Q2,2024-Q3
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The planted office effects (office,slowness).") var truth: String
    @Option(help: "Quarters or months, comma-separated, in order (e.g. 2024-Q1,2024-Q2).") var periods: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            let list = periods.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !list.isEmpty else { throw ValidationError("--periods lists at least one period, e.g. 2024-Q3,2024-Q4") }
            let effects = try EfficacyRecovery.readTruth(path: truth)
            let recovery = try EfficacyRecovery.measure(graph: try database.open(.init(readOnly: true)), truth: effects, periods: list)
            switch output.format {
            case .json: try Printer.json(recovery)
            case .text: print(recovery.markdown, terminator: "")
            }
        }
    }
}
