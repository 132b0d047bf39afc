import Foundation
import KGCore
import KGStore
import Testing
@testable import KGDatagen

/// The ecology, emergency-management and housing domains the generator plants: counts, links to
/// real counties and to offices of the domain's canonical department type, truth files, a latent
/// risk that drives the problems, and determinism by seed.
@Suite struct DomainSupervisionTests {
    static func generate(seed: UInt64, sites: Int? = nil) throws -> (folder: String, report: DatasetGenerator.Report) {
        let folder = try DatagenTests.tempFolder()
        let report = try DatasetGenerator(configuration: .init(scale: .tiny, seed: seed, outputFolder: folder, domainSites: sites),
                                          reference: try DatagenTests.reference()).run()
        return (folder, report)
    }

    @Test func plantsEachDomainLinkedToRealCountiesAndOfficesOfItsDepartmentType() throws {
        let (folder, report) = try Self.generate(seed: 42)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let counties = Set(try CSVTable.read(path: folder + "/regions.csv").rows.filter { $0["level"] == "county" }.map { $0["adcode:ID(Region)"]! })
        let offices = Set(try CSVTable.read(path: folder + "/offices.csv").rows.map { $0["code:ID(Office)"]! })
        let departments = Set(try CSVTable.read(path: folder + "/departments.csv").rows.map { $0["code:ID(DepartmentType)"]! })
        let enterprises = Set(try CSVTable.read(path: folder + "/enterprises.csv").rows.map { $0["uscc:ID(Enterprise)"]! })
        for d in SupervisionDomain.all {
            #expect(departments.contains(d.department), "\(d.department) is a canonical department type")
            let sites = try CSVTable.read(path: folder + "/\(d.files.sites).csv").rows
            #expect(sites.count == 100, "one site per ten enterprises of the tiny scale")
            #expect(Set(sites.map { $0[":LABEL"]! }) == [d.siteLabel])
            let located = try CSVTable.read(path: folder + "/\(d.files.sites)_located_in.csv").rows
            #expect(located.count == sites.count && located.allSatisfy { counties.contains($0[":END_ID(Region)"]!) })
            let supervised = try CSVTable.read(path: folder + "/\(d.files.sites)_supervised_by.csv").rows
            #expect(supervised.count == sites.count)
            #expect(supervised.allSatisfy { offices.contains($0[":END_ID(Office)"]!) && $0[":END_ID(Office)"]!.hasPrefix(d.department + "-") })
            let owners = try CSVTable.read(path: folder + "/\(d.files.sites)_\(d.enterpriseLink.lowercased()).csv").rows
            #expect(owners.count == sites.count && owners.allSatisfy { enterprises.contains($0[":END_ID(Enterprise)"]!) })
            let inspections = try CSVTable.read(path: folder + "/\(d.files.inspections)_conducted_by.csv").rows
            #expect(inspections.count > 50 && inspections.allSatisfy { $0[":END_ID(Office)"]!.hasPrefix(d.department + "-") && offices.contains($0[":END_ID(Office)"]!) })
            let problems = try CSVTable.read(path: folder + "/\(d.files.problems).csv").rows
            let found = try CSVTable.read(path: folder + "/\(d.files.inspections)_found_issue.csv").rows
            #expect(found.count > 5 && problems.count > found.count, "some found by inspections, some revealed otherwise")
            #expect(problems.allSatisfy { ($0["rectifiedOn:date"] ?? "").isEmpty || $0["rectifiedOn:date"]! >= $0["date:date"]! })
            // Truth: every site's latent risk; every supervising office's planted effect.
            let risk = try CSVTable.read(path: folder + "/truth/\(d.id)_risk.csv").rows
            #expect(risk.count == sites.count)
            let effects = try CSVTable.read(path: folder + "/truth/\(d.id)_office_efficacy.csv").rows
            #expect(Set(effects.map { $0["office"]! }) == Set(supervised.map { $0[":END_ID(Office)"]! }))
        }
        #expect(try CSVTable.read(path: folder + "/emission_permits.csv").rows.count == 100)
        #expect(report.nodeFiles.contains("hidden_dangers.csv") && report.relationshipFiles.contains("construction_projects_contracted_by.csv"))
    }

    @Test func latentRiskDrivesProblemsAndTheSeedFixesEverything() throws {
        let (a, _) = try Self.generate(seed: 9, sites: 600)
        let (b, _) = try Self.generate(seed: 9, sites: 600)
        let (c, _) = try Self.generate(seed: 10, sites: 600)
        defer { for f in [a, b, c] { try? FileManager.default.removeItem(atPath: f) } }
        for d in SupervisionDomain.all {
            for file in [d.files.sites, d.files.problems, d.files.inspections, "truth/\(d.id)_office_efficacy"] {
                let x = try Data(contentsOf: URL(fileURLWithPath: a + "/\(file).csv")), y = try Data(contentsOf: URL(fileURLWithPath: b + "/\(file).csv"))
                #expect(x == y, "\(file): same seed, same bytes")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: a + "/\(d.files.sites).csv")) != Data(contentsOf: URL(fileURLWithPath: c + "/\(d.files.sites).csv")))
            var risk: [String: Double] = [:]
            for row in try CSVTable.read(path: a + "/truth/\(d.id)_risk.csv").rows { risk[row["code"]!] = Double(row["latentRisk"]!)! }
            let troubled = Set(try CSVTable.read(path: a + "/\(d.files.problems)_issue_at.csv").rows.map { $0[":END_ID(\(d.siteLabel))"]! })
            let meanTroubled = troubled.map { risk[$0]! }.reduce(0, +) / Double(max(1, troubled.count))
            let meanAll = risk.values.reduce(0, +) / Double(risk.count)
            #expect(troubled.count > 30 && meanTroubled > 1.3 * meanAll, "\(d.id): \(meanTroubled) vs \(meanAll)")
        }
    }
}
