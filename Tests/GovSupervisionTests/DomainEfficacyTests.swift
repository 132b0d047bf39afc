import Foundation
import Testing
import KGCore
import KGDatagen
import KGEngine
@testable import GovSupervision

/// The efficacy report of the ecology, emergency-management and housing domains on a generated
/// graph (tiny scale, 3,000 sites per domain) against the generator's planted office effects:
/// the case-mix-adjusted index, averaged over the eight quarters of 2023–2024, ranks offices
/// closer to the planted effect than their raw success rates do.
@Suite(.serialized) struct DomainEfficacyTests {
    static let generated: Result<(graph: KnowledgeGraph, folder: String), any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("domeff-\(UUID().uuidString)").path
        let catalog = try ReferenceCatalog.load(folder: (try ResourceLocator.datasetsPath() as NSString).appendingPathComponent("reference"))
        let report = try DatasetGenerator(configuration: .init(scale: .tiny, seed: 1, outputFolder: folder, domainSites: 3_000), reference: catalog).run()
        let kg = try KnowledgeGraph.open(path: folder + "/g.sqlite", options: .init(createIfMissing: true, schemaModeForNew: .ontology))
        _ = try kg.importFiles((report.nodeFiles + report.relationshipFiles).map { folder + "/" + $0 }, options: ImportOptions())
        return (kg, folder)
    }

    /// Spearman's rank correlation (average ranks for ties).
    static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        func ranks(_ v: [Double]) -> [Double] {
            let order = v.indices.sorted { v[$0] < v[$1] }
            var r = [Double](repeating: 0, count: v.count), i = 0
            while i < order.count {
                var j = i
                while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
                for k in i...j { r[order[k]] = Double(i + j) / 2 }
                i = j + 1
            }
            return r
        }
        let x = ranks(a), y = ranks(b), mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }, syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        return sxy / (sxx * syy).squareRoot()
    }

    @Test func theIndexRecoversPlantedOfficeEffectsBetterThanRawRates() throws {
        let (kg, folder) = try Self.generated.get()
        let cache = EfficacyCaseCache()
        let quarters = ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
        var adjusted: [Double] = [], raw: [Double] = []
        for domain in ["ecology", "emergency", "housing"] {
            var effect: [String: Double] = [:]
            let truth = try String(contentsOfFile: folder + "/truth/\(domain)_office_efficacy.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            for line in truth { let f = line.split(separator: ","); effect[String(f[0])] = Double(f[1]) }
            var index: [String: [Double]] = [:], good: [String: Double] = [:], cells: [String: Double] = [:]
            for q in quarters {
                let report = try EfficacyReport.make(graph: kg, request: EfficacyReportRequest(period: q, domain: domain), cache: cache)
                #expect(report.domain == domain && report.outcomes.allSatisfy { $0.name.hasPrefix("y_\(domain)_") })
                #expect(report.rows.allSatisfy { $0.group == SupervisionDomainSchema.named(domain)!.department })
                for r in report.rows {
                    index[r.id, default: []].append(r.index)
                    if let rate = r.raw { good[r.id, default: 0] += rate * Double(r.cases); cells[r.id, default: 0] += Double(r.cases) }
                }
            }
            let offices = index.keys.filter { effect[$0] != nil && (cells[$0] ?? 0) > 0 }.sorted()
            #expect(offices.count > 40, "\(domain): \(offices.count) offices")
            let planted = offices.map { effect[$0]! }
            let a = Self.spearman(offices.map { index[$0]!.reduce(0, +) / Double(index[$0]!.count) }, planted)
            let r = Self.spearman(offices.map { good[$0]! / cells[$0]! }, planted)
            #expect(a > 0.3, "\(domain): adjusted Spearman \(a), raw \(r)")
            adjusted.append(a); raw.append(r)
        }
        let meanAdjusted = adjusted.reduce(0, +) / 3, meanRaw = raw.reduce(0, +) / 3
        #expect(meanAdjusted > meanRaw, "adjusted \(adjusted) vs raw \(raw)")
    }

    @Test func allDomainsReportTogetherWithADomainIndicator() throws {
        let (kg, _) = try Self.generated.get()
        let report = try EfficacyReport.make(graph: kg, request: EfficacyReportRequest(period: "2024-Q2", level: "department", domain: "all"))
        let departments = Set(report.rows.map(\.id))
        #expect(departments.isSuperset(of: ["market", "ecoenv", "emergency", "housing"]))
        #expect(report.caseMix.contains("x_domain_ecology") && report.caseMix.contains("x_domain_housing"))
        #expect(Set(report.outcomes.map(\.domain)).isSuperset(of: ["ecology", "emergency", "housing", "hotline"]))
        #expect(report.html().contains("生态环境"))
    }
}
