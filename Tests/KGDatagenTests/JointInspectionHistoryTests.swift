import Foundation
import KGCore
import KGStore
import Testing
@testable import KGDatagen

/// The history of joint double-random inspections the generator plants: each visit is one joint
/// inspection of an enterprise the draw selected, conducted by the county's market office and the
/// other domain's office, dated after the draw was ordered in 2023–2024; the truth counts them per
/// county; the files are new ones (every earlier file as it was) and fixed by the seed.
@Suite struct JointInspectionHistoryTests {
    @Test func plantsJointDrawsAndTheirVisits() throws {
        let (folder, report) = try DomainSupervisionTests.generate(seed: 42)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func table(_ name: String) throws -> [[String: String]] { try CSVTable.read(path: folder + "/\(name).csv").rows }
        let draws = Dictionary(uniqueKeysWithValues: try table("joint_draws").map { ($0["code:ID(InspectionDraw)"]!, $0) })
        let visits = try table("joint_inspections")
        #expect(draws.count > 20 && visits.count >= draws.count, "\(draws.count) draws, \(visits.count) visits")
        let selected = Dictionary(grouping: try table("joint_draws_selected"), by: { $0[":START_ID(InspectionDraw)"]! })
        let inspected = Dictionary(uniqueKeysWithValues: try table("joint_inspections_inspected").map { ($0[":START_ID(JointInspection)"]!, $0[":END_ID(Enterprise)"]!) })
        let drawOf = Dictionary(uniqueKeysWithValues: try table("joint_inspections_from_draw").map { ($0[":START_ID(JointInspection)"]!, $0[":END_ID(InspectionDraw)"]!) })
        let offices = Dictionary(grouping: try table("joint_inspections_conducted_by"), by: { $0[":START_ID(JointInspection)"]! }).mapValues { $0.map { $0[":END_ID(Office)"]! } }
        let known = Set(try table("offices").map { $0["code:ID(Office)"]! })
        let (first, last) = ("2023-01-01", "2024-12-31")
        for v in visits {
            let code = v["code:ID(JointInspection)"]!
            let draw = try #require(draws[drawOf[code] ?? ""], "\(code) comes from a draw")
            let departments = draw["departments:string[]"]!.split(separator: ";").map(String.init)
            #expect(departments.count == 2 && departments[0] == "market" && v["departments:string[]"] == draw["departments:string[]"])
            // The county's offices of both departments visit, together, an enterprise the draw selected, after it was ordered.
            let by = try #require(offices[code])
            #expect(by.count == 2 && zip(by, departments).allSatisfy { $0.hasPrefix($1 + "-") && known.contains($0) }, "\(by)")
            #expect(selected[draw["code:ID(InspectionDraw)"]!]?.contains { $0[":END_ID(Enterprise)"] == inspected[code] } == true)
            let day = v["date:date"]!
            #expect(day >= first && day <= last && String(draw["createdAt:datetime"]!.prefix(10)) <= day)
            #expect(draw["drawStatus"] == "drawn" && draw["orderedBy"] == by[0] && v[":LABEL"] == "JointInspection")
        }
        #expect(selected.values.allSatisfy { rows in rows.allSatisfy { Double($0["probability:double"]!)! > 0 && Double($0["probability:double"]!)! <= 1 } })
        let truth = try table("truth/joint_inspections")
        #expect(truth.map { Int($0["visits"]!)! }.reduce(0, +) == visits.count && truth.map { Int($0["draws"]!)! }.reduce(0, +) == draws.count)
        #expect(report.nodeFiles.contains("joint_inspections.csv") && report.relationshipFiles.contains("joint_inspections_from_draw.csv"))
    }

    @Test func theSeedFixesTheHistory() throws {
        let (a, _) = try DomainSupervisionTests.generate(seed: 5)
        let (b, _) = try DomainSupervisionTests.generate(seed: 5)
        let (c, _) = try DomainSupervisionTests.generate(seed: 6)
        defer { for f in [a, b, c] { try? FileManager.default.removeItem(atPath: f) } }
        for file in ["joint_draws", "joint_draws_selected", "joint_inspections", "joint_inspections_conducted_by", "truth/joint_inspections"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: a + "/\(file).csv")) == Data(contentsOf: URL(fileURLWithPath: b + "/\(file).csv")), "\(file): same seed, same bytes")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: a + "/joint_inspections.csv")) != Data(contentsOf: URL(fileURLWithPath: c + "/joint_inspections.csv")))
    }
}
