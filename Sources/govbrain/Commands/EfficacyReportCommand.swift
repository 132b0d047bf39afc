import ArgumentParser
import Foundation
import GovSupervision
import KGCore
import KGEngine

/// `govbrain efficacy report`: the efficacy report of a period on the graph (the same answer as
/// `GET /v1/supervision/efficacy`), as JSON, CSV or a printable Chinese HTML report.
struct EfficacyReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Efficacy report of a quarter or month from the graph's work orders and inspections (效能评估报告).",
        discussion: """
        Cases: hotline work orders received in the period (outcomes y_on_time, y_satisfied, y_not_returned; case mix: time
        budget, office load, rest days ahead, after hours, weekend) and market inspections dated in it (y_confirmed,
        y_targeted; case mix: double-random draw, the enterprise's complaints, capital, age, micro). Each unit (office,
        department type or region) is scored by the estimator of `govbrain efficacy score`; offices are compared within
        their department type. ecology, emergency and housing have no cases in the graph yet.
        Examples:
          govbrain efficacy report --db .govbrain/demo.sqlite --period 2024-Q4
          govbrain efficacy report --db .govbrain/demo.sqlite --period 2024-11 --level region --domain hotline --format csv --out r.csv
          govbrain efficacy report --db .govbrain/demo.sqlite --period 2024-Q4 --format html --out report.html
        """)

    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, html }

    @OptionGroup var database: DatabaseOptions
    @Option(help: "A quarter YYYY-Qn (e.g. 2024-Q4) or a month YYYY-MM.") var period: String
    @Option(help: "office (default), department or region.") var level: String = "office"
    @Option(help: "market, ecology, emergency, housing, hotline or all (default).") var domain: String = "all"
    @Option(help: "Only the units of this region (a six-digit adcode).") var region: String?
    @Option(help: "json (default), csv or html.") var format: Format = .json
    @Option(help: "Write the report to this file (atomically) instead of standard output.") var out: String?

    func run() throws {
        try CLIFailure.run {
            let request = EfficacyReportRequest(period: period, level: level, domain: domain, region: region)
            let graph = try database.open(.init(readOnly: true))
            let report = try EfficacyReport.make(graph: graph, request: request)
            let text: String
            switch format {
            case .json: text = try report.json() + "\n"
            case .csv: text = report.csv()
            case .html: text = report.html(claimRates: report.claimRates)
            }
            if let out {
                try AtomicFile.write(Data(text.utf8), to: out)
                print("wrote \(out): \(report.rows.count) \(report.level) rows, \(report.cases) cases, period \(report.period)")
            } else {
                print(text, terminator: "")
            }
        }
    }
}
