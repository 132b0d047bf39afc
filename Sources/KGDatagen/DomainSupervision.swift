import Foundation
import KGCore

/// Plants one supervision domain (`SupervisionDomain`) in the generated graph: its sites in real
/// counties, supervised by the county (or the nearest higher) office of the domain's department
/// type and linked to a generated enterprise; the domain's inspections of 2023–2024 by those
/// offices; the problems found (or revealed otherwise) and their rectification.
///
/// Two truths are planted and written to `truth/`:
/// - per site a latent risk (`truth/<domain>_risk.csv`): a problem arises in a half-year with a
///   probability from the latent risk and what a supervisor can see at its start (category, key
///   unit, size, problems of the past two years, an expired permit) — written per half-year, the
///   oracle of the domain's risk model;
/// - per office an efficacy effect (`truth/<domain>_office_efficacy.csv`, log-odds, N(0, 0.6)):
///   a better office targets sites with a record more often, detects a present problem more often
///   and gets problems rectified by their deadline more often. Case mix is correlated with office
///   size: a bigger office (more sites) does a larger share of double-random draws, which find
///   less, so raw rates flatter small offices.
///
/// Every draw comes from the domain's own seeded streams, so the rest of the graph is unchanged.
struct DomainSupervision {
    /// The enterprises sites can belong to, as the generator drew them.
    struct Enterprises {
        let uscc: [String]
        let county: [Int]
        let section: [String]
        let risk: [Double]
        let active: [Bool]
    }

    /// Where the domain's files go.
    struct Output {
        let node: (String, [String]) throws -> CSVOutput
        let rel: (String, [String]) throws -> CSVOutput
        let other: (String, [String]) throws -> CSVOutput
    }

    let domain: SupervisionDomain
    let seed: UInt64
    let sites: Int
    /// The first day of 2023 and the number of days generated (730).
    let start: Int
    let days: Int

    /// Writes the domain's nodes, relationships and truth.
    /// - Parameters:
    ///   - counties: adcode of each county, by index (`Enterprises.county` indexes it).
    ///   - office: the office of a department type for a county adcode (up the hierarchy).
    /// - Returns: the enterprise (index) of each site, for the joint inspections (`JointInspectionHistory`).
    @discardableResult
    func write(enterprises: Enterprises, counties: [String], office: (String, String) -> String?, output: Output) throws -> [Int] {
        let d = domain
        var rng = SeededRandom.stream(seed, "domain-\(d.id)")
        var erng = SeededRandom.stream(seed, "domain-efficacy-\(d.id)")
        let siteCSV = try output.node("\(d.files.sites).csv", ["code:ID(\(d.siteLabel))", "name", "category", "keyUnit:boolean",
                                                                 "\(d.sizeProperty):\(d.sizeIsInteger ? "int" : "double")", "startedOn:date", ":LABEL"])
        let siteIn = try output.rel("\(d.files.sites)_located_in.csv", [":START_ID(\(d.siteLabel))", ":END_ID(Region)", ":TYPE"])
        let siteBy = try output.rel("\(d.files.sites)_supervised_by.csv", [":START_ID(\(d.siteLabel))", ":END_ID(Office)", ":TYPE"])
        let siteOf = try output.rel("\(d.files.sites)_\(d.enterpriseLink.lowercased()).csv", [":START_ID(\(d.siteLabel))", ":END_ID(Enterprise)", ":TYPE"])
        let problemCSV = try output.node("\(d.files.problems).csv", ["code:ID(\(d.problemLabel))", "date:date", "kind", "severity", "description", "source",
                                                                       "rectificationDeadline:date", "rectifiedOn:date", ":LABEL"])
        let problemAt = try output.rel("\(d.files.problems)_issue_at.csv", [":START_ID(\(d.problemLabel))", ":END_ID(\(d.siteLabel))", ":TYPE"])
        let inspCSV = try output.node("\(d.files.inspections).csv", ["code:ID(\(d.inspectionLabel))", "date:date", "kind", "result", ":LABEL"])
        let inspected = try output.rel("\(d.files.inspections)_inspected.csv", [":START_ID(\(d.inspectionLabel))", ":END_ID(\(d.siteLabel))", ":TYPE"])
        let conducted = try output.rel("\(d.files.inspections)_conducted_by.csv", [":START_ID(\(d.inspectionLabel))", ":END_ID(Office)", ":TYPE"])
        let found = try output.rel("\(d.files.inspections)_found_issue.csv", [":START_ID(\(d.inspectionLabel))", ":END_ID(\(d.problemLabel))", ":TYPE"])

        // Sites ------------------------------------------------------------------------
        let candidates = enterprises.uscc.indices.filter { enterprises.active[$0] && d.sections.contains(enterprises.section[$0]) }
        let pool = candidates.isEmpty ? enterprises.uscc.indices.filter { enterprises.active[$0] } : candidates
        guard !pool.isEmpty else { return [] }
        let categoryCum = d.categories.map(\.weight).cumulative
        struct Site { let code: String; let office: String?; let category: Int; let key: Bool; let logSize: Double; let started: Int; let risk: Double; let expired: Bool }
        var all: [Site] = []
        all.reserveCapacity(sites)
        var siteEnterprises: [Int] = []
        for s in 0..<sites {
            let e = pool[rng.int(0...pool.count - 1)]
            let county = counties[enterprises.county[e]]
            let category = rng.weighted(categoryCum)
            let high = rng.chance(0.08) || (enterprises.risk[e] >= 0.5 && rng.chance(0.4))
            let risk = high ? 0.55 + 0.4 * rng.unit() : 0.03 + 0.3 * pow(rng.unit(), 2)
            let key = rng.chance(d.keyShare * (high ? 1.5 : 0.9))
            let size = rng.logNormal(median: d.sizeMedian * (key ? 4 : 1), sigma: 0.8)
            let started = d.projects ? start - 180 + rng.int(0...days - 60) : start - rng.int(365...365 * 15)
            let code = d.prefix.site + String(format: "%07d", s + 1)
            let brand = String(rng.pick(DatasetGenerator.brandChars)) + String(rng.pick(DatasetGenerator.brandChars))
            let name = d.projects ? "\(brand)\(rng.pick(["花园", "城", "苑", "广场", "大道"]))\(d.categories[category].name)" : "\(brand)\(d.categories[category].name)\(d.id == "ecology" ? "排放口" : "生产场所")"
            let sizeText = d.sizeIsInteger ? String(Int(size.rounded())) : String((size * 10).rounded() / 10)
            siteCSV.write([code, name, d.categories[category].name, key ? "true" : "false", sizeText, DatasetGenerator.isoDate(started), d.siteLabel])
            siteIn.write([code, county, "LOCATED_IN"])
            let o = office(d.department, county)
            if let o { siteBy.write([code, o, "SUPERVISED_BY"]) }
            siteOf.write([code, enterprises.uscc[e], d.enterpriseLink])
            // An expired emission permit is a visible risk sign (ecology only); riskier sources let it lapse more.
            let expired = d.id == "ecology" && rng.chance(0.05 + 0.3 * risk)
            siteEnterprises.append(e)
            all.append(Site(code: code, office: o, category: category, key: key, logSize: log(size / d.sizeMedian), started: started, risk: risk, expired: expired))
        }
        if d.id == "ecology" { try writePermits(all.map { ($0.code, $0.key, $0.expired, $0.started) }, output: output, rng: &rng) }

        // Offices: planted effect and the share of double-random draws (bigger offices draw more).
        var sitesPerOffice: [String: Int] = [:]
        for s in all { if let o = s.office { sitesPerOffice[o, default: 0] += 1 } }
        let officeOrder = sitesPerOffice.keys.sorted()
        let bySize = officeOrder.sorted { (sitesPerOffice[$0]!, $0) < (sitesPerOffice[$1]!, $1) }
        var effect: [String: Double] = [:], drawShare: [String: Double] = [:]
        for o in officeOrder { effect[o] = 0.6 * erng.normal() }
        for (i, o) in bySize.enumerated() { drawShare[o] = 0.1 + 0.8 * Double(i) / Double(max(1, bySize.count - 1)) }

        // Half-years 2023H1 … 2024H2 --------------------------------------------------------
        let end = start + days
        let halfYears = [start, DatasetGenerator.epochDays(2023, 7, 1), DatasetGenerator.epochDays(2024, 1, 1), DatasetGenerator.epochDays(2024, 7, 1), end]
        var probability = [[Double]](repeating: [Double](repeating: .nan, count: 4), count: all.count)
        var problems = [[Int]](repeating: [], count: all.count)
        var inspectionsBy: [String: Int] = [:]
        var problemCount = 0, inspectionCount = 0
        func problem(_ s: Int, day: Int, by inspector: String?) -> String {
            problemCount += 1
            let code = d.prefix.problem + String(format: "%08d", problemCount)
            let site = all[s]
            let serious = rng.chance(0.08 + 0.35 * site.risk)
            let severity = serious ? d.severities[2] : d.severities[rng.chance(0.3) ? 1 : 0]
            let (kind, description) = rng.pick(d.problemKinds)
            let deadline = day + (serious ? 60 : 30)
            // Rectified by the deadline more often under a better office; serious problems and risky sites take longer.
            let skill = inspector.flatMap { effect[$0] } ?? 0
            let onTime = rng.chance(sigmoid(1.2 + 1.2 * skill - 0.8 * (serious ? 1 : 0) - 1.2 * site.risk))
            let rectified: Int? = onTime ? day + rng.int(3...(deadline - day)) : (rng.chance(0.7) ? deadline + rng.int(5...90) : nil)
            let shown = rectified.flatMap { $0 < end ? $0 : nil }
            problemCSV.write([code, DatasetGenerator.isoDate(day), kind, severity, description, inspector == nil ? d.selfRevealed : "检查发现",
                              DatasetGenerator.isoDate(deadline), shown.map(DatasetGenerator.isoDate) ?? "", d.problemLabel])
            problemAt.write([code, site.code, "ISSUE_AT"])
            problems[s].append(day)
            return code
        }
        func inspect(_ s: Int, office o: String, day: Int, random: Bool, present: Bool) {
            inspectionCount += 1
            inspectionsBy[o, default: 0] += 1
            let code = d.prefix.inspection + String(format: "%08d", inspectionCount)
            let detect = present && rng.chance(sigmoid(0.6 + 1.2 * (effect[o] ?? 0) + (random ? -0.9 : 0.6)))
            inspCSV.write([code, DatasetGenerator.isoDate(day), random ? "双随机抽查" : "重点检查", detect ? "发现问题责令整改" : "未发现问题", d.inspectionLabel])
            inspected.write([code, all[s].code, "INSPECTED"])
            conducted.write([code, o, "CONDUCTED_BY"])
            if detect { found.write([code, problem(s, day: day, by: o), "FOUND_ISSUE"]) }
        }
        for h in 0..<4 {
            let from = halfYears[h], until = halfYears[h + 1]
            for s in all.indices where all[s].started < until - 30 {
                let site = all[s]
                let recent = problems[s].filter { $0 >= from - 730 }.count
                let logit = -3.4 + 4.0 * site.risk + d.categories[site.category].risk + (site.key ? 0.5 : 0) + 0.15 * site.logSize
                    + 0.5 * Double(min(recent, 3)) + (site.expired ? 0.6 : 0)
                let p = sigmoid(logit)
                probability[s][h] = p
                let present = rng.chance(p)
                let first = max(from, site.started)
                var caught = false
                if let o = site.office {
                    let e = effect[o] ?? 0
                    if rng.chance(0.9 * drawShare[o]!) {
                        let day = rng.int(first...until - 1)
                        inspect(s, office: o, day: day, random: true, present: present && !caught)
                        caught = caught || problems[s].last == day
                    }
                    // Targeted checks go to sites with a record; a better office aims them better.
                    let aim = recent > 0 ? sigmoid(-0.4 + 1.5 * e) : sigmoid(-2.6 - 0.8 * e + (site.key ? 0.8 : 0))
                    if rng.chance(min(1, 1.5 * aim * (1.2 - drawShare[o]!))) {
                        let day = rng.int(first...until - 1)
                        inspect(s, office: o, day: day, random: false, present: present && !caught)
                        caught = caught || problems[s].last == day
                    }
                }
                if present && !caught && rng.chance(0.5) { _ = problem(s, day: rng.int(first...until - 1), by: nil) }
            }
        }

        // Truth ---------------------------------------------------------------------------
        let riskTruth = try output.other("truth/\(d.id)_risk.csv", ["code", "latentRisk", "highRisk", "p2023H1", "p2023H2", "p2024H1", "p2024H2"])
        for (s, site) in all.enumerated() {
            riskTruth.write([site.code, String(format: "%.4f", site.risk), site.risk >= 0.5 ? "true" : "false"]
                            + probability[s].map { $0.isNaN ? "" : String(format: "%.5f", $0) })
        }
        let officeTruth = try output.other("truth/\(d.id)_office_efficacy.csv", ["office", "effect", "sites", "inspections", "drawShare"])
        for o in officeOrder {
            officeTruth.write([o, String(format: "%.4f", effect[o]!), String(sitesPerOffice[o]!), String(inspectionsBy[o, default: 0]), String(format: "%.3f", drawShare[o]!)])
        }
        return siteEnterprises
    }

    /// Emission permits of the pollution sources: key units under 重点管理, the others 简化管理 or
    /// 登记管理; five years' validity, lapsed before 2024 for the sources marked expired.
    private func writePermits(_ sources: [(code: String, key: Bool, expired: Bool, started: Int)], output: Output, rng: inout SeededRandom) throws {
        let permits = try output.node("emission_permits.csv", ["code:ID(EmissionPermit)", "permitClass", "issuedOn:date", "validUntil:date", ":LABEL"])
        let holds = try output.rel("pollution_sources_holds_permit.csv", [":START_ID(PollutionSource)", ":END_ID(EmissionPermit)", ":TYPE"])
        for (i, s) in sources.enumerated() {
            let code = String(format: "EP%07d", i + 1)
            let issued = s.expired ? start - rng.int(1_830...2_400) : max(s.started, start - rng.int(0...1_000))
            let permitClass = s.key ? "重点管理" : (rng.chance(0.6) ? "简化管理" : "登记管理")
            permits.write([code, permitClass, DatasetGenerator.isoDate(issued), DatasetGenerator.isoDate(issued + 1_826), "EmissionPermit"])
            holds.write([s.code, code, "HOLDS_PERMIT"])
        }
    }

    func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
}
