import ArgumentParser
import KGCore
import Foundation
import GovSupervision
import KGEngine

/// `govbrain supervision`: the supervision-item catalogue (监管事项目录) and the offices' claims of it.
struct SupervisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervision",
        abstract: "The supervision-item catalogue (监管事项) and its claim rate (认领率) against the plan's target.",
        discussion: """
        Examples:
          govbrain supervision items --db .govbrain/demo.sqlite --format csv
          govbrain supervision claims --db .govbrain/demo.sqlite --level region --format json
        A joint double-random draw of several departments: govbrain risk sample --joint market,ecoenv …
        """,
        subcommands: [SupervisionItems.self, SupervisionClaims.self])
}

/// Output formats of the catalogue commands.
enum JSONOrCSV: String, ExpressibleByArgument, CaseIterable { case json, csv }

/// `govbrain supervision items`.
struct SupervisionItems: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items",
        abstract: "List the supervision items: code, name, domain, department type, check method, double-random and joint lists, offices claiming.",
        discussion: "Example:\n  govbrain supervision items --db .govbrain/demo.sqlite --joint-only --format csv")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Only the items of this domain (market, ecology, emergency, housing).") var domain: String?
    @Option(help: "Only the items of this department type (market, ecoenv, emergency, housing).") var department: String?
    @Flag(help: "Only the items of the joint-supervision list (联合监管事项库).") var jointOnly = false
    @Flag(help: "Only the items of the double-random list (双随机、一公开监管事项库).") var doubleRandomOnly = false
    @Option(help: "json or csv.") var format: JSONOrCSV = .json

    func run() throws {
        try CLIFailure.run {
            let catalog = try SupervisionItemCatalog(graph: try database.open(.init(readOnly: true)))
            // The same filters as GET /v1/supervision/items; both list flags ask for items on both lists.
            let items = try catalog.items(SupervisionItemsRequest(domain: domain, departmentType: department))
                .filter { (!jointOnly || $0.jointSupervision) && (!doubleRandomOnly || $0.doubleRandom) }
            switch format {
            case .json: try Printer.json(items)
            case .csv: print(SupervisionItemCatalog.csv(items), terminator: "")
            }
        }
    }
}

extension SupervisionClaimRates.Level: ExpressibleByArgument {}

/// `govbrain supervision claims`.
struct SupervisionClaims: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Claim rate of the supervision items (认领率) per office, department type or region (city), against the plan's ≥ 95 % (PT121).",
        discussion: """
        An office's claim rate is the share of its department type's catalogue items it has claimed (CLAIMS); a department
        type's or region's is pooled over its offices. Rows are sorted lowest rate first.
        Example:
          govbrain supervision claims --db .govbrain/demo.sqlite --level department --format csv
          govbrain supervision claims --db .govbrain/demo.sqlite --region 450100 --level office
        Over HTTP: GET /v1/supervision/claims?level=&region=&period= (with the totals and the count meeting the target).
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "office, department or region.") var level: SupervisionClaimRates.Level = .office
    @Option(help: "Only the offices of this region (a six-digit adcode, its sub-regions included).") var region: String?
    @Option(help: "The reporting period YYYY-Qn or YYYY-MM (checked; claims carry no date, so the rate is the current one).") var period: String?
    @Option(help: "json or csv.") var format: JSONOrCSV = .json

    func run() throws {
        try CLIFailure.run {
            // The rows of GET /v1/supervision/claims (which adds the totals around them).
            let catalog = try SupervisionItemCatalog(graph: try database.open(.init(readOnly: true)))
            let rows = try SupervisionClaimsReport.make(catalog, request: SupervisionClaimsRequest(period: period, region: region, level: level.rawValue)).rows
            switch format {
            case .json: try Printer.json(rows)
            case .csv: print(SupervisionClaimRates.csv(rows), terminator: "")
            }
        }
    }
}
