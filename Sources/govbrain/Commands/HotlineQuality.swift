import ArgumentParser
import Foundation
import GovHotline

/// `govbrain hotline quality`: quality-inspection flags, or with `--truth` the misroute detectors
/// scored against a generator's truth.
struct HotlineQuality: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Quality inspection (智能质检): orders misrouted or closed unresolved, with their evidence.",
        discussion: """
        With --truth (truth/work_orders.csv of `govbrain datagen` for the same seed and scale as the database),
        prints the precision and recall of each misroute detector instead of the flags.
        """)
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Orders received at or after this ISO 8601 date or time.") var since: String?
    @Option(help: "misroute or unresolved (both when absent).") var kind: String?
    @Option(help: "Page size (1–1000).") var limit: Int = 50
    @Option(help: "Flags to skip.") var offset: Int = 0
    @Option(help: "Score the misroute detectors against this truth file instead.") var truth: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            let service = try HotlineCommand.service(database, models: nil)
            if let truth {
                let evaluation = try QualityEvaluation(inspector: try service.inspection(), truthFile: truth)
                switch output.format {
                case .json: try Printer.json(evaluation)
                case .text:
                    print("\(evaluation.orders) dispatched orders, \(evaluation.misrouted) truly misrouted")
                    for s in evaluation.scores {
                        print(String(format: "%-34@ flagged %6d  precision %.3f  recall %.3f", s.detector as NSString, s.flagged, s.precision, s.recall))
                    }
                }
                return
            }
            let page = try service.quality(QualityRequest(since: since, kind: kind, limit: String(limit), offset: String(offset)))
            switch output.format {
            case .json: try Printer.json(page)
            case .text:
                print("\(page.inspected) orders inspected: \(page.counts.misroute) misroute flags, \(page.counts.unresolved) unresolved flags")
                for f in page.flags {
                    print("\(f.id)  \(f.kind.rawValue)  \(String(format: "%.2f", f.score))  \(f.evidence.map(\.detail).joined(separator: "；"))")
                }
            }
        }
    }
}
