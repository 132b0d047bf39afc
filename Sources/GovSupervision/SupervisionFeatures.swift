import Foundation
import KGAlgorithms
import KGML

/// The feature tables of the graph credit and risk models, computed from `EnterpriseRecords` as
/// of an origin day (records dated before it only), and the outcomes after it.
///
/// - Credit (long-term creditworthiness): the enterprise's own records (violations, penalties,
///   tax arrears, abnormal-operation listings, court enforcement, honours), age, capital, scale,
///   industry, and its related parties' risk (personalized PageRank from known-bad enterprises
///   over legal-representative and shareholder links). Outcome: a serious adverse credit event
///   (court enforcement, tax arrears, abnormal listing, credit penalty, serious violation) in the
///   next 365 days.
/// - Risk (next period): all of the above plus hotline dynamics (complaints in the last 90 and 365
///   days, their trend against the enterprise's own history and against its industry, wage-arrears
///   complaints), changes of legal representative, address and shareholders, and recent adverse
///   records. Outcome: any adverse supervision record (violation, penalty, negative credit record)
///   in the next 182 days.
public enum SupervisionFeatures {
    public enum Purpose: String, Sendable {
        case credit, risk

        /// Months the outcome window lasts: a year for credit, a half-year for risk.
        public var months: Int { self == .credit ? 12 : 6 }

        /// The first day after the outcome window that starts at `origin`.
        public func end(_ origin: Int) -> Int { SupervisionCalendar.shift(origin, months: months) }
    }

    /// Kinds that make an enterprise "known bad" for related-party propagation.
    static let knownBad: Set<EnterpriseRecords.Event.Kind> = [.courtCase, .abnormalListing, .taxArrears, .seriousViolation, .penalty]
    static let adverse: Set<EnterpriseRecords.Event.Kind> = [.violation, .seriousViolation, .penalty, .taxArrears, .courtCase, .abnormalListing, .creditPenalty]
    static let seriousCredit: Set<EnterpriseRecords.Event.Kind> = [.courtCase, .taxArrears, .abnormalListing, .creditPenalty, .seriousViolation]

    /// Column names of each purpose, in table order (numeric columns hold decimal numbers).
    public static func columns(_ purpose: Purpose) -> [String] {
        let base = ["scale", "status", "industry", "ageYears", "capital", "employees", "employeeGrowth", "taxGrowth", "reportsOverdue",
                    "violations", "seriousViolations", "penalties", "penaltyAmount",
                    "taxArrears", "courtCases", "abnormalListings", "creditPenalties", "negativeCreditRecords", "honours", "relatedRisk"]
        guard purpose == .risk else { return base }
        return base + ["complaints90", "complaints365", "complaintsPerYear", "complaintTrend", "complaintsVsIndustry", "complaintsVsScale", "wageComplaints365",
                       "legalRepChanges365", "legalRepChanges", "addressChanges365", "addressChanges", "legalRepAndAddressChange365",
                       "shareholderChanges365", "adverse180"]
    }

    /// Plain-language name of a factor (for reasons shown to supervisors).
    public static let describe: [String: String] = [
        "scale": "enterprise scale", "status": "registration status", "industry": "industry",
        "employees": "headcount (latest annual report)", "employeeGrowth": "headcount change between the last two annual reports",
        "taxGrowth": "tax paid change between the last two annual reports", "reportsOverdue": "annual reports overdue",
        "complaintsPerYear": "hotline complaints per year on record", "legalRepChanges": "legal-representative changes on record",
        "addressChanges": "address changes on record", "negativeCreditRecords": "negative credit records",
        "complaintsVsScale": "complaints against enterprises of its scale",
        "legalRepAndAddressChange365": "legal representative and address both changed within a year (hollowing-out signature)", "ageYears": "years since registration", "capital": "registered capital",
        "violations": "violations found", "seriousViolations": "serious violations", "penalties": "administrative penalties",
        "penaltyAmount": "penalty amounts", "taxArrears": "tax arrears records", "courtCases": "court enforcement (失信被执行人)",
        "abnormalListings": "abnormal-operation listings", "creditPenalties": "credit penalty records", "honours": "honours",
        "relatedRisk": "related-party risk", "complaints90": "hotline complaints, last 90 days", "complaints365": "hotline complaints, last year",
        "complaintTrend": "complaint spike against its own history", "complaintsVsIndustry": "complaints against its industry",
        "wageComplaints365": "wage-arrears complaints", "legalRepChanges365": "legal-representative changes",
        "addressChanges365": "address changes", "shareholderChanges365": "shareholder changes", "adverse180": "adverse records, last 180 days",
    ]

    /// Enterprises that existed at `origin` (registered before it).
    public static func population(_ r: EnterpriseRecords, origin: Int) -> [Int] {
        r.enterprises.indices.filter { (r[$0].registeredDay ?? Int.min) < origin }
    }

    /// The enterprises a purpose scores as of now, the population its reasons compare with: every
    /// enterprise for credit (`EnterpriseCreditModel.grade`), those not deregistered (注销) for risk
    /// (`RiskAlerts.scoreAndRaise`).
    public static func scored(_ r: EnterpriseRecords, purpose: Purpose) -> [Int] {
        purpose == .credit ? Array(r.enterprises.indices) : r.enterprises.indices.filter { r[$0].status != "注销" }
    }

    /// 1 when the enterprise has an outcome record in `[origin, purpose.end(origin))`.
    public static func outcomes(_ r: EnterpriseRecords, rows: [Int], origin: Int, purpose: Purpose) -> [Int] {
        let kinds = purpose == .credit ? seriousCredit : adverse
        let end = purpose.end(origin)
        return rows.map { e in r[e].events.contains { $0.day >= origin && $0.day < end && kinds.contains($0.kind) } ? 1 : 0 }
    }

    /// The known-bad enterprises at `origin` (dense related-graph indices) and the related-party
    /// risk of every enterprise: personalized PageRank restarting at them, less the restart mass an
    /// enterprise gives itself, scaled so the mean over seeds is 1.
    public static func relatedRisk(_ r: EnterpriseRecords, origin: Int) throws -> (seeds: Set<Int>, risk: [Double]) {
        var seeds: [Int] = []
        for e in r.enterprises.indices where r[e].events.contains(where: { $0.day < origin && knownBad.contains($0.kind) }) {
            if let i = r.related.index(of: r[e].nodeID) { seeds.append(i) }
        }
        guard !seeds.isEmpty else { return ([], [Double](repeating: 0, count: r.count)) }
        var c = PageRank.Configuration()
        c.sourceNodes = seeds
        c.maxIterations = 30
        let scores = try PageRank.run(r.related, configuration: c).scores
        let restart = (1 - c.dampingFactor) / Double(seeds.count)
        let seedSet = Set(seeds)
        let scale = Double(seeds.count)
        let risk = r.enterprises.map { ent -> Double in
            guard let i = r.related.index(of: ent.nodeID) else { return 0 }
            return max(0, scores[i] - (seedSet.contains(i) ? restart : 0)) * scale
        }
        return (seedSet, risk)
    }

    /// The feature table of `rows` as of `origin`.
    public static func table(_ r: EnterpriseRecords, rows: [Int], origin: Int, purpose: Purpose, relatedRisk: [Double]) throws -> TabularData {
        let columns = columns(purpose)
        // Industry mean of last-year complaints (for the industry-relative spike), over every
        // enterprise in business at the origin.
        var industryTotal: [String: (Double, Double)] = [:], scaleTotal: [String: (Double, Double)] = [:]
        func count(_ e: Int, _ kinds: Set<EnterpriseRecords.Event.Kind>, days: Int?) -> Int {
            let from = days.map { origin - $0 } ?? Int.min
            var n = 0
            for ev in r[e].events where ev.day < origin && ev.day >= from && kinds.contains(ev.kind) { n += 1 }
            return n
        }
        let complaintKinds: Set<EnterpriseRecords.Event.Kind> = [.complaint, .wageComplaint]
        if purpose == .risk {
            // Over everyone in business at the origin, whatever rows are asked for.
            for e in population(r, origin: origin) where r[e].status != "注销" {
                let section = String(r[e].industry.prefix(1))
                let t = industryTotal[section] ?? (0, 0)
                let c = Double(count(e, complaintKinds, days: 365))
                industryTotal[section] = (t.0 + c, t.1 + 1)
                let u = scaleTotal[r[e].scale] ?? (0, 0)
                scaleTotal[r[e].scale] = (u.0 + c, u.1 + 1)
            }
        }
        func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.4f", x) }
        var out: [[String]] = []
        out.reserveCapacity(rows.count)
        for e in rows {
            let ent = r[e]
            let age = ent.registeredDay.map { Double(origin - $0) / 365.25 } ?? .nan
            let amount = ent.events.reduce(0.0) { $0 + ($1.kind == .penalty && $1.day < origin ? $1.amount : 0) }
            let filed = ent.reports.filter { $0.filedDay < origin }.sorted { $0.year < $1.year }
            var employees = "", employeeGrowth = "", taxGrowth = ""
            if let last = filed.last {
                employees = String(Int(last.employees))
                if filed.count >= 2 {
                    let prev = filed[filed.count - 2]
                    employeeGrowth = String(format: "%.3f", log((last.employees + 1) / (prev.employees + 1)))
                    taxGrowth = String(format: "%.3f", log((last.taxPaid + 0.1) / (prev.taxPaid + 0.1)))
                }
            }
            // Reports are due by June 30 for the year before.
            let originYear = SupervisionCalendar.year(origin)
            let expected = SupervisionCalendar.month(origin) >= 7 ? originYear - 1 : originYear - 2
            let registeredYear = ent.registeredDay.map(SupervisionCalendar.year) ?? expected
            let covered = filed.last?.year ?? (registeredYear - 1)
            let overdue = min(3, max(0, expected - max(covered, registeredYear - 1)))
            var row = [ent.scale, ent.status, String(ent.industry.prefix(1)), age.isNaN ? "" : String(format: "%.1f", age), number(ent.capital),
                       employees, employeeGrowth, taxGrowth, String(overdue),
                       String(count(e, [.violation, .seriousViolation], days: nil)), String(count(e, [.seriousViolation], days: nil)),
                       String(count(e, [.penalty], days: nil)), number(amount.rounded()),
                       String(count(e, [.taxArrears], days: nil)), String(count(e, [.courtCase], days: nil)),
                       String(count(e, [.abnormalListing], days: nil)), String(count(e, [.creditPenalty], days: nil)),
                       String(count(e, [.taxArrears, .courtCase, .abnormalListing, .creditPenalty], days: nil)),
                       String(count(e, [.honour], days: nil)), String(format: "%.4f", relatedRisk[e])]
            if purpose == .risk {
                let c90 = count(e, complaintKinds, days: 90), c365 = count(e, complaintKinds, days: 365)
                let earlier = Double(c365 - c90) * 90 / 275
                let trend = (Double(c90) + 0.5) / (earlier + 0.5)
                let industry = industryTotal[String(ent.industry.prefix(1))] ?? (0, 1)
                let mean = industry.0 / max(1, industry.1)
                let peers = scaleTotal[ent.scale] ?? (0, 1)
                let scaleMean = peers.0 / max(1, peers.1)
                let legalRep365 = count(e, [.legalRepChange], days: 365), address365 = count(e, [.addressChange], days: 365)
                let observed = Double(origin - max(r.firstDay, ent.registeredDay ?? r.firstDay)) / 365.25
                let perYear = Double(count(e, complaintKinds, days: nil)) / max(0.25, observed)
                row += [String(c90), String(c365), String(format: "%.3f", perYear), String(format: "%.3f", trend),
                        String(format: "%.3f", (Double(c365) + 0.5) / (mean + 0.5)), String(format: "%.3f", (Double(c365) + 0.5) / (scaleMean + 0.5)),
                        String(count(e, [.wageComplaint], days: 365)), String(legalRep365),
                        String(count(e, [.legalRepChange], days: nil)), String(address365),
                        String(count(e, [.addressChange], days: nil)), legalRep365 > 0 && address365 > 0 ? "1" : "0",
                        String(count(e, [.shareholderChange], days: 365)),
                        String(count(e, adverse, days: 180))]
            }
            out.append(row)
        }
        return try TabularData(header: columns, rows: out)
    }

    /// The shortest related-party path (≤ 4 links) from an enterprise to a known-bad one other than
    /// itself, as store node ids (enterprise, person or enterprise, …, known-bad enterprise); nil
    /// when there is none.
    public static func pathToKnownBad(_ r: EnterpriseRecords, enterprise e: Int, seeds: Set<Int>) -> [Int64]? {
        guard let start = r.related.index(of: r[e].nodeID) else { return nil }
        var parent: [Int: Int] = [start: start]
        var frontier = [start]
        for _ in 0..<4 {
            var next: [Int] = []
            for u in frontier {
                for v32 in r.related.outTargets[r.related.outRange(u)] {
                    let v = Int(v32)
                    guard parent[v] == nil else { continue }
                    parent[v] = u
                    if seeds.contains(v) {
                        var path = [v], cur = v
                        while cur != start { cur = parent[cur]!; path.append(cur) }
                        return path.reversed().map { r.related.nodeIDs[$0] }
                    }
                    next.append(v)
                }
            }
            frontier = next
        }
        return nil
    }
}
