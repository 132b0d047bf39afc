import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGML

/// `govbrain risk`: risk warning on the graph — scores and alerts of the four supervision domains,
/// the alert lifecycle, risk-weighted random inspection draws and the evaluation against planted truth.
struct RiskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Risk warning on the graph (market, ecology, emergency, housing): score, alerts, ack/resolve, inspection draws, evaluation.",
        discussion: """
        Examples:
          govbrain model train risk --graph --db .govbrain/demo.sqlite
          govbrain model train risk --graph --db .govbrain/demo.sqlite --domain ecology
          govbrain risk alerts --level red --limit 10
          govbrain risk alerts --domain emergency --status new
          govbrain risk sample --region 450102 --n 10 --seed 7
        """,
        subcommands: [RiskScore.self, RiskAlertList.self, RiskAck.self, RiskAssign.self, RiskResolve.self, RiskFeedback.self, RiskSample.self, RiskEvaluate.self])
}

/// `govbrain risk score`.
struct RiskScore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every enterprise (or a domain's sites) with the promoted risk model as of the latest records and raise the period's alerts.",
        discussion: """
        --domain ecology|emergency|housing scores the domain's sites (pollution sources, work-safety sites, construction
        projects) with the promoted <domain>-risk model instead, writes riskScore/riskLevel/riskReasons to each site and
        raises the domain's alerts (the site, its region, the enterprise operating or building it); with a promoted
        <domain>-credit model the sites are graded too (creditGrade, creditPoints).
        Examples:
          govbrain risk score --db .govbrain/demo.sqlite
          govbrain risk score --db .govbrain/demo.sqlite --domain housing
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Models folder (default: Models/).") var models: String?
    @Option(help: "market (enterprises, the default), ecology, emergency or housing (their sites).") var domain: String = "market"

    /// The outcome of a scoring pass as JSON (what `model train risk --graph` prints under `scoring`).
    static func json(_ o: RiskAlerts.Outcome) -> JSON {
        .object([("period", .string(o.period)), ("scored", .int(Int64(o.scored))), ("levels", .object(o.levels.map { ($0.level, .int(Int64($0.count))) })),
                 ("alertsCreated", .int(Int64(o.created))), ("alertsUpdated", .int(Int64(o.updated))), ("alertsKept", .int(Int64(o.kept)))])
    }

    func run() throws {
        try CLIFailure.run {
            let domain = try RiskAlertQuery.domain(self.domain)
            let kg = try database.open()
            if let schema = SupervisionDomainSchema.named(domain) {
                let folder = try models ?? ResourceLocator.modelsPath()
                let (version, model) = try DomainRiskModel.load(models: folder, schema: schema)
                let o = try DomainRiskAlerts.scoreAndRaise(graph: kg, schema: schema, model: model, modelVersion: version)
                print("\(schema.id) risk model \(version): scored \(o.scored) \(schema.siteLabel) sites for \(o.period): " + o.levels.map { "\($0.level) \($0.count)" }.joined(separator: ", "))
                print("alerts: \(o.created) new, \(o.updated) updated, \(o.kept) already acknowledged or resolved (left as they were)")
                if let (creditVersion, card) = try? DomainCreditModel.load(models: folder, schema: schema) {
                    let grades = try DomainCreditModel.grade(graph: kg, schema: schema, card: card)
                    print("\(schema.id) credit model \(creditVersion): graded " + grades.map { "\($0.grade) \($0.count)" }.joined(separator: ", "))
                }
                return
            }
            let (version, model) = try EnterpriseRiskModel.load(models: try models ?? ResourceLocator.modelsPath())
            let records = try EnterpriseRecords(graph: kg)
            let o = try RiskAlerts.scoreAndRaise(graph: kg, records: records, model: model, now: records.now, modelVersion: version)
            print("risk model \(version): scored \(o.scored) enterprises for \(o.period): " + o.levels.map { "\($0.level) \($0.count)" }.joined(separator: ", "))
            print("alerts: \(o.created) new, \(o.updated) updated, \(o.kept) already acknowledged or resolved (left as they were)")
        }
    }
}

/// `govbrain risk alerts`.
struct RiskAlertList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List risk alerts, newest first.",
        discussion: "Examples:\n  govbrain risk alerts --region 450100 --level red --status new --limit 20\n  govbrain risk alerts --domain ecology --format json")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Region adcode (the region and everything below it).") var region: String?
    @Option(help: "market, ecology, emergency or housing.") var domain: String?
    @Option(help: "red, orange or yellow.") var level: String?
    @Option(help: "new, acknowledged, assigned or resolved.") var status: String?
    @Option(help: "Only alerts created at or after this ISO date-time.") var since: String?
    @Option(help: "At most this many.") var limit: Int = 20
    @Option(help: "Skip this many.") var offset: Int = 0
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            let filter = try RiskAlertQuery.filter(region: region, level: level, status: status, since: since, domain: domain)
            let kg = try database.open(.init(readOnly: true))
            let (total, alerts) = try RiskAlertBook.list(graph: kg, filter: filter, limit: max(0, limit), offset: max(0, offset))
            switch output.format {
            case .json: try Printer.json(AlertList(total: total, alerts: alerts))
            case .text:
                print("\(total) alerts match; showing \(alerts.count)")
                for a in alerts {
                    let subject = a.site.map { "\($0) \(a.siteName ?? "")" + (a.enterpriseName.isEmpty ? "" : " (\(a.enterpriseName))") } ?? a.enterpriseName
                    print("\(a.code)  \(a.domain)  \(a.level.padding(toLength: 6, withPad: " ", startingAt: 0)) \(String(format: "%5.1f", a.score)) (was \(String(format: "%.1f", a.previousScore)), \(a.trigger))  \(a.status)  \(subject)")
                    for r in a.reasons { print("    · \(r)") }
                }
            }
        }
    }
}

/// What `risk ack`, `risk assign` and `risk resolve` share: move one alert, print it.
protocol AlertTransitionCommand: ParsableCommand {
    var id: String { get }
    var by: String { get }
    var note: String? { get }
    var database: DatabaseOptions { get }
    /// The step, with what it needs.
    var action: RiskAlertBook.Action { get }
}

extension AlertTransitionCommand {
    func run() throws {
        try CLIFailure.run {
            let a = try RiskAlertBook.transition(graph: try database.open(), code: id, action: action, by: by, note: note)
            try Printer.json(a)
        }
    }
}

/// `govbrain risk ack`.
struct RiskAck: AlertTransitionCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge a new alert.",
                                                    discussion: "Example:\n  govbrain risk ack RA-2025H1-91450102MA5XXXXXXX --by inspector-07")
    @Argument(help: "Alert id.") var id: String
    @Option(help: "Who acknowledges it.") var by: String
    @Option(help: "A note.") var note: String?
    @OptionGroup var database: DatabaseOptions
    var action: RiskAlertBook.Action { .acknowledge }
}

/// `govbrain risk assign`.
struct RiskAssign: AlertTransitionCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Assign an alert's inspection to an office (new, acknowledged or assigned → assigned).",
                                                    discussion: "Example:\n  govbrain risk assign RA-2025H1-91450102MA5XXXXXXX --office OFFICE-CODE --by dispatcher-02")
    @Argument(help: "Alert id.") var id: String
    @Option(help: "The code of the office that inspects.") var office: String
    @Option(help: "Who assigns it.") var by: String
    @Option(help: "A note.") var note: String?
    @OptionGroup var database: DatabaseOptions
    var action: RiskAlertBook.Action { .assign(office: office) }
}

/// `govbrain risk resolve`.
struct RiskResolve: AlertTransitionCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Resolve an alert with what the handling found.",
                                                    discussion: "Example:\n  govbrain risk resolve RA-2025H1-91450102MA5XXXXXXX --outcome confirmed --by inspector-07 --note \"inspected, rectified\"")
    @Argument(help: "Alert id.") var id: String
    @Option(help: "confirmed (the risk was real), false_alarm or no_action.") var outcome: String?
    @Option(help: "Who resolves it.") var by: String
    @Option(help: "What was done.") var note: String?
    @OptionGroup var database: DatabaseOptions
    var action: RiskAlertBook.Action { .resolve(outcome: outcome) }
}

/// `govbrain risk sample`.
struct RiskSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw enterprises for double-random inspection, weighted by risk, each paired with two inspectors at random.",
        discussion: """
        Weight = floor + (1 − floor) · the enterprise's risk percentile in the region, so the riskiest is 1/floor times as
        likely per draw as the safest, which can still be drawn. The same database,
        region, n and seed give the same draw; every draw is recorded in the graph (InspectionDraw -[:SELECTED]-> Enterprise).
        Example:
          govbrain risk sample --db .govbrain/demo.sqlite --region 450102 --n 10 --seed 7
          govbrain risk sample --db .govbrain/demo.sqlite --region 450102 --n 5 --seed 7 --joint market,ecoenv
        With --joint: a joint draw of several department types (one visit by all; uniform over the region's enterprises
        in business (存续, 在业) under every one of them; one inspector per department; the joint-supervision items its office
        claimed). A domain name stands for its department type (ecology for ecoenv). A refused joint draw is recorded too
        (InspectionDraw with drawStatus refused and the reason). Over HTTP: POST /v1/supervision/draws, the same draw for
        the same seed.
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Region adcode (county, city or province).") var region: String
    @Option(help: "How many enterprises to draw.") var n: Int
    @Option(help: "Random seed (recorded for audit).") var seed: UInt64
    @Option(help: "Weight of the lowest-risk enterprise, in (0, 1] (1: uniform).") var floor: Double = 0.1
    @Option(help: "Who orders the draw (recorded).") var by: String = "cli"
    @Option(help: "A joint draw of these department types (comma-separated, e.g. market,ecoenv): one visit by all, uniform, joint-supervision items only; --floor does not apply.")
    var joint: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            if let joint {
                let departments = joint.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                let draw = try JointInspectionSampler.draw(graph: try database.open(), region: region, departments: departments, n: n, seed: seed, by: by)
                switch output.format {
                case .json: try Printer.json(draw)
                case .text:
                    print("joint draw \(draw.id): \(draw.n) of \(draw.population) enterprises in \(draw.region) under \(draw.departments.joined(separator: " + ")), seed \(draw.seed)")
                    for v in draw.selected {
                        print("\(String(v.rank).padding(toLength: 3, withPad: " ", startingAt: 0)) \(v.uscc)  \(v.name)")
                        for t in v.teams { print("      \(t.office): \(t.inspectors.joined(separator: ", ")); items \(t.items.joined(separator: ", "))") }
                    }
                }
                return
            }
            let draw = try InspectionSampler.draw(graph: try database.open(), region: region, n: n, seed: seed, floor: floor, by: by)
            switch output.format {
            case .json: try Printer.json(draw)
            case .text:
                print("draw \(draw.code): \(draw.picks.count) of \(draw.population) enterprises in \(draw.region), seed \(draw.seed), floor \(draw.floor)")
                for p in draw.picks {
                    print("\(String(p.rank).padding(toLength: 3, withPad: " ", startingAt: 0)) \(p.uscc)  \(p.riskLevel.padding(toLength: 6, withPad: " ", startingAt: 0)) \(String(format: "%5.1f", p.riskScore))  \(p.name)  → \(p.office): \(p.inspectors.map(\.maskedName).joined(separator: ", "))")
                }
            }
        }
    }
}

/// `govbrain risk evaluate`.
struct RiskEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate the graph risk model out of time against rules, plain logistic regression, random and an oracle.",
        discussion: """
        The oracle ranks by the generator's latent risk, read from the truth file of the same datagen run (models never see it).
        Example:
          govbrain datagen --scale demo --seed 1 --out /tmp/demo-data
          govbrain risk evaluate --db .govbrain/demo.sqlite --truth /tmp/demo-data/truth/enterprise_risk.csv
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "truth/enterprise_risk.csv of the datagen run the database was built from.") var truth: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            let kg = try database.open(.init(readOnly: true))
            let report = try RiskEvaluation.run(records: try EnterpriseRecords(graph: kg), truth: try RiskEvaluation.readTruth(truth))
            switch output.format {
            case .json: try Printer.json(report)
            case .text:
                print("out-of-time test origin \(report.testOrigin): \(report.testEnterprises) enterprises, base rate \(String(format: "%.2f %%", report.testBaseRate * 100)), k = \(report.k1Percent) (1 %) / \(report.k5Percent) (5 %)")
                print("model              AUC     AP      P@1%    E[P@1%] R@1%    P@5%    E[P@5%] R@5%    planted@1% planted@5% decoys@1% decoys@5%")
                let models = report.models
                for (name, m) in [("graphRiskModel", models.graphRiskModel), ("plainLogistic", models.plainLogistic), ("rulesBaseline", models.rulesBaseline),
                                  ("oracle", models.oracle), ("random", models.random)] {
                    let values = [m.auc, m.averagePrecision, m.top1.precision, m.top1.expectedPrecision, m.top1.recall, m.top5.precision,
                                  m.top5.expectedPrecision, m.top5.recall, m.top1.plantedRecall, m.top5.plantedRecall, m.top1.decoyShare, m.top5.decoyShare]
                    print(name.padding(toLength: 19, withPad: " ", startingAt: 0) + values.map { String(format: "%-8.4f", $0) }.joined(separator: ""))
                }
                if let rate = report.reasonCodeHitRate.rate { print(String(format: "reason-code hit rate (planted enterprises in the model's top 5 %%): %.3f", rate)) }
            }
        }
    }
}

/// `govbrain risk alerts --format json`: the matching count and the alerts shown.
struct AlertList: Encodable {
    let total: Int
    let alerts: [RiskAlertBook.Alert]
}

/// `govbrain risk feedback`.
struct RiskFeedback: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Per domain and risk model version: alerts acknowledged, assigned and resolved, outcomes, share confirmed, hours to acknowledge and resolve.",
        discussion: "Examples:\n  govbrain risk feedback --db .govbrain/demo.sqlite --region 450100 --format json\n  govbrain risk feedback --db .govbrain/demo.sqlite --domain housing")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Region adcode (the region and everything below it).") var region: String?
    @Option(help: "market, ecology, emergency or housing.") var domain: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            _ = try RiskAlertQuery.filter(region: region, level: nil, status: nil, since: nil, domain: domain)
            let feedback = try RiskAlertFeedback.measure(graph: try database.open(.init(readOnly: true)), region: region, domain: domain)
            switch output.format {
            case .json: try Printer.json(feedback)
            case .text:
                func hours(_ p: RiskAlertFeedback.Percentiles?) -> String { p.map { "median \($0.median) h, p90 \($0.p90) h" } ?? "none yet" }
                for v in feedback.versions {
                    let share = v.confirmedShare.map { String(format: "%.1f %%", $0 * 100) } ?? "no outcome yet"
                    print("\(v.domain) \(v.modelVersion): \(v.alerts) alerts, \(v.acknowledged) acknowledged, \(v.assigned) assigned, \(v.resolved) resolved; confirmed \(share)")
                    print("    outcomes: " + (RiskAlertBook.outcomes + ["unstated"]).map { "\($0) \(v.outcomes[$0] ?? 0)" }.joined(separator: ", "))
                    print("    to acknowledge: \(hours(v.hoursToAcknowledge)); to resolve: \(hours(v.hoursToResolve))")
                }
                if feedback.versions.isEmpty { print("no alerts yet: govbrain risk score raises them") }
            }
        }
    }
}
