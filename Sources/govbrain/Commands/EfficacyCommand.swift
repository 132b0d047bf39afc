import ArgumentParser
import Foundation
import GovSupervision
import KGCore

/// `govbrain efficacy`: supervision of supervision (效能评估), who does well given the cases
/// they were handed.
struct EfficacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "efficacy",
        abstract: "Case-mix-adjusted efficacy index of offices (效能评估).",
        discussion: """
        Examples:
          govbrain efficacy score --cases CASES.csv --out OFFICES.csv
          govbrain efficacy report --db .govbrain/demo.sqlite --period 2024-Q4 --format html --out report.html
        """,
        subcommands: [EfficacyScore.self, EfficacyReportCommand.self, EfficacyEvaluateCommand.self])
}

/// `govbrain efficacy score`: the generic contract of issue 26.
struct EfficacyScore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score offices from case-level outcomes: office,index,lower,upper,rank,cases (rank 1 = best).",
        discussion: """
        CASES.csv: a column office; optional group (peer group: offices are compared within it) and period; case-mix
        columns x_* (numbers; an empty cell is imputed with the column mean plus an x_…_missing indicator); outcome
        columns y_* (0/1, 1 = good; an empty cell = the outcome does not apply). Other columns are ignored.
        Per outcome, each case's expected value comes from a logistic model on the standardised case mix with one
        intercept per office (slopes learnt within offices), calibrated to each group's total; observed − expected per
        office is shrunk toward the group's mean by empirical Bayes; the outcomes' standardised effects are averaged
        into index = 100·Φ(score) (50 = as the case mix predicts) with an interval. Without --period all periods are
        pooled. OFFICES.csv is written atomically, with the extra columns group,group_rank,raw,expected,unshrunk,z_y_…
        after the six, and a model card (--card, default: OFFICES.md beside it).
        Examples:
          govbrain efficacy score --cases CASES.csv --out OFFICES.csv
          govbrain efficacy score --cases CASES.csv --period 2024-Q4 --out q4.csv --card q4.md
        """)

    @Option(help: "The case table (CSV).") var cases: String
    @Option(help: "The office table to write (CSV).") var out: String
    @Option(help: "Use only the rows whose period column equals this (default: all periods pooled).") var period: String?
    @Option(help: "Where to write the model card (default: OUT with .md instead of .csv).") var card: String?
    @Option(help: "within (one intercept per office while learning the case-mix slopes) or pooled.") var expectation: EfficacyEstimator.Expectation = .withinOffice
    @Option(help: "The interval's coverage (0.5–0.999).") var level: Double = 0.95

    func validate() throws {
        guard (0.5...0.999).contains(level) else { throw ValidationError("--level must be within 0.5–0.999 (e.g. 0.95)") }
        guard out != cases else { throw ValidationError("--out must differ from --cases") }
    }

    func run() throws {
        try CLIFailure.run {
            let table = try EfficacyCases.read(path: cases, period: period)
            var c = EfficacyEstimator.Configuration()
            c.expectation = expectation
            c.level = level
            let scores = try EfficacyEstimator.score(table, configuration: c)
            let cardPath = card ?? ((out as NSString).deletingPathExtension + ".md")
            var command = "govbrain efficacy score --cases \(cases) --out \(out)"
            if let period { command += " --period \(period)" }
            if expectation != .withinOffice { command += " --expectation \(expectation.rawValue)" }
            if level != 0.95 { command += " --level \(level)" }
            try scores.writeCSV(to: out)
            try scores.writeCard(to: cardPath, command: command)
            let outcomes: [JSON] = scores.outcomes.map {
                .object([("name", .string($0.name)), ("cases", .int(Int64($0.cases))), ("betweenOfficeSD", .double($0.betweenOfficeSD))])
            }
            print(JSONWriter.string(.object([("offices", .int(Int64(scores.offices.count))), ("cases", .int(Int64(scores.caseCount))),
                                             ("groups", .int(Int64(scores.groups.count))), ("outcomes", .array(outcomes)),
                                             ("out", .string(out)), ("card", .string(cardPath))])))
        }
    }
}
