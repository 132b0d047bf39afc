import Foundation
import KGCore
import KGEngine

extension EfficacyReport {
    /// Builds the report of a period from the cases the graph holds (see `EfficacyHotlineCases`,
    /// `EfficacyMarketCases` and `EfficacyDomainCases` for the outcomes and case mix of each domain) with
    /// `EfficacyEstimator`, each unit (office, department type or region) taking the place of the
    /// estimator's office. At office level offices are compared within their department type.
    ///
    /// A region narrows the answer: at office and region level to the units in it (ranks stay
    /// those among all units); at department level to the cases of its offices, so the department
    /// types are compared within the region.
    /// - Throws: `EfficacyError` (InvalidSupervisionRequest) for a bad period, level, domain or
    ///   region; `EfficacyError` (InsufficientData) when the graph has no cases for the domain and
    ///   period, or too few to compare units.
    /// - Parameter cache: the cases read at the graph's version, kept between reports (a service's);
    ///   nil reads them afresh.
    public static func make(graph: KnowledgeGraph, request: EfficacyReportRequest, cache: EfficacyCaseCache? = nil) throws -> EfficacyReport {
        guard let text = request.period, !text.isEmpty else {
            throw EfficacyError(code: .invalidSupervisionRequest, message: "give the period: a quarter YYYY-Qn (e.g. 2024-Q4) or a month YYYY-MM (e.g. 2024-11)")
        }
        let period = try EfficacyPeriod(text)
        let level = try EfficacyLevel.parse(request.level)
        let domain = try EfficacyDomain.parse(request.domain)
        let region = request.region.flatMap { $0.isEmpty ? nil : $0 }
        if let region, !(region.count == 6 && region.allSatisfy(\.isASCII) && region.allSatisfy(\.isNumber)) {
            throw EfficacyError(code: .invalidSupervisionRequest, message: "region must be a six-digit adcode (e.g. 450100 for a city and its counties)")
        }
        let cache = cache ?? EfficacyCaseCache()
        let read = try cache.cases(graph: graph, domains: domain.parts)
        let units = read.units
        var cases: [EfficacyGraphCase] = []
        var described: [(name: String, domain: EfficacyDomain, description: String)] = []
        for part in domain.parts {
            switch part {
            case .hotline:
                cases += (read.cases[.hotline] ?? []).filter { period.contains(day: $0.day) }
                described += EfficacyHotlineCases.outcomes.map { ($0.name, .hotline, $0.description) }
            case .market:
                cases += (read.cases[.market] ?? []).filter { period.contains(day: $0.day) }
                described += EfficacyMarketCases.outcomes.map { ($0.name, .market, $0.description) }
            case .ecology, .emergency, .housing:
                cases += (read.cases[part] ?? []).filter { period.contains(day: $0.day) }
                described += EfficacyDomainCases.outcomes(part).map { ($0.name, part, $0.description) }
            case .all: break
            }
        }
        if let region, level == .department {
            cases = cases.filter { EfficacyUnits.within(units.offices[$0.office]?.adcode ?? "", region: region) }
        }
        guard !cases.isEmpty else {
            throw EfficacyError(code: .insufficientData, message: "no \(domain == .all ? "" : domain.rawValue + " ")cases in period \(period)\(region.map { " in region \($0)" } ?? ""); choose a period the graph's work orders or inspections cover")
        }

        // The case table in the estimator's contract, one row per case.
        // The outcomes of the domains with cases in the period, and one indicator per such domain
        // but the baseline (the hotline when it has cases, else the first): a report of several
        // domains compares offices across them.
        let present = domain.parts.filter { p in cases.contains { $0.domain == p } }
        let xNames = Set(cases.flatMap(\.x.keys)).sorted(), yNames = described.filter { present.contains($0.domain) }.map(\.name)
        let baseline = present.contains(.hotline) ? EfficacyDomain.hotline : present.first
        let indicators = present.filter { $0 != baseline }
        var names: [String: (name: String, adcode: String)] = [:]
        let records: [[String: String]] = cases.map { c in
            let unit = units.unit(c.office, level: level)
            names[unit.key] = (unit.name, level == .region ? unit.key : units.offices[c.office]?.adcode ?? "")
            var r = ["office": unit.key, "group": unit.group]
            // Another domain's case mix does not apply to the case: 0, with the domain indicator
            // below, rather than "unknown" (which would be imputed).
            for x in xNames { r[x] = c.x[x].map { v in v.map { String($0) } ?? "" } ?? "0" }
            for p in indicators { r["x_domain_\(p.rawValue)"] = c.domain == p ? "1" : "0" }
            for y in yNames { r[y] = (c.y[y] ?? nil).map { String($0) } ?? "" }
            return r
        }
        let table = try EfficacyCases(columns: ["office", "group"] + xNames + indicators.map { "x_domain_\($0.rawValue)" } + yNames, records: records, lines: Array(2..<(records.count + 2)),
                                      source: "graph \(domain.rawValue) cases \(period)", period: nil)
        let scores = try EfficacyEstimator.score(table)

        let rows = scores.offices.compactMap { o -> Row? in
            if let region, level != .department, !EfficacyUnits.within(names[o.office]?.adcode ?? "", region: region) { return nil }
            return Row(id: o.office, name: names[o.office]?.name ?? o.office, group: o.group, index: o.index, lower: o.lower, upper: o.upper,
                       rank: o.rank, groupRank: o.groupRank, cases: o.cases, raw: o.raw.isFinite ? o.raw : nil, expected: o.expected.isFinite ? o.expected : nil,
                       components: zip(scores.outcomes, o.components).compactMap { outcome, z in z.map { Component(outcome: outcome.name, z: $0) } })
        }
        let outcomes = scores.outcomes.map { o in
            let d = described.first { $0.name == o.name }
            return Outcome(name: o.name, domain: d?.domain.rawValue ?? "", description: d?.description ?? o.name, cases: o.cases, rate: o.rate, betweenUnitSD: o.betweenOfficeSD)
        }
        // The claim rate (认领率) beside the index: per unit at the same level, domain and region.
        let claims = try claimRates(graph: graph, request: EfficacyReportRequest(period: period.description, level: level.rawValue,
                                                                                 domain: domain.rawValue, region: region), cache: cache)
        let claimRate = Dictionary(claims.map { ($0.key, $0.claimRate) }, uniquingKeysWith: { first, _ in first })
        // Joint inspections (联合检查) beside it too: the share of each unit's inspections done jointly.
        let visits = try cache.jointVisits(graph: graph)
        let joint = EfficacyJointInspections.shares(cases: cases, visits: visits, period: period, domain: domain,
                                                    region: level == .department ? region : nil, level: level, units: units)
        var report = EfficacyReport(period: period.description, level: level.rawValue, domain: domain.rawValue, region: region, method: method,
                                    cases: scores.caseCount, units: scores.offices.count, outcomes: outcomes, caseMix: scores.featureNames,
                                    rows: rows.map { r in
                                        var r = r
                                        r.claimRate = claimRate[r.id]
                                        r.jointInspections = joint[r.id]?.joint
                                        r.jointShare = joint[r.id]?.share
                                        return r
                                    }, notes: scores.notes)
        report.claimRates = claims
        report.jointInspections = EfficacyJointInspections.departmentTypes(domain)?.isEmpty == true ? nil
            : EfficacyJointInspections.visitCount(visits, period: period, domain: domain, region: region, units: units)
        return report
    }
}
