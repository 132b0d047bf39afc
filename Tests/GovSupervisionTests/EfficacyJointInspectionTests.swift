import Foundation
import Testing
import KGCore
import KGEngine
import GovBrainTestSupport
@testable import GovSupervision

/// Joint inspections (联合检查) as an office indicator of the efficacy report, on a copy of the tiny
/// demo (whose generator plants a history of joint draws and their visits): each office's share of
/// its inspections done jointly, against a count straight from the graph; an office given exactly two
/// joint inspections in the quarter gets 2 ÷ (own + 2), and one with none 0; the indicator in the CSV,
/// the JSON and the printed report; none for the hotline.
@Suite(.serialized) struct EfficacyJointInspectionTests {
    static func rows(_ kg: KnowledgeGraph, _ query: String, _ parameters: [String: Value] = [:]) throws -> [[Value]] {
        var out: [[Value]] = []
        try kg.query(query, parameters: parameters) { row, _ in out.append(row) }
        return out
    }

    /// The joint inspections of 2024-Q4 an office took part in, counted by Cypher.
    static func jointCount(_ kg: KnowledgeGraph, office: String) throws -> Int {
        let r = try rows(kg, """
            MATCH (j:JointInspection)-[:CONDUCTED_BY]->(o:Office {code: $o})
            WHERE j.date >= date('2024-10-01') AND j.date <= date('2024-12-31') RETURN count(j)
            """, ["o": .string(office)])
        if case .int(let n)? = r.first?.first { return Int(n) }
        return -1
    }

    @Test func eachOfficesShareOfJointInspections() throws {
        let (folder, path) = try TinyDemo.copyInNewFolder(prefix: "eff-joint")
        defer { try? FileManager.default.removeItem(at: folder) }
        let kg = try KnowledgeGraph.open(path: path)
        let request = EfficacyReportRequest(period: "2024-Q4", level: "office", domain: "market")

        // On the demo as generated: the share of every market office against the graph's own count.
        let report = try EfficacyReport.make(graph: kg, request: request)
        #expect(!report.rows.isEmpty && report.rows.allSatisfy { $0.jointShare != nil && $0.jointInspections != nil })
        for r in report.rows {
            let joint = try Self.jointCount(kg, office: r.id)
            #expect(r.jointInspections == joint && r.jointShare == Double(joint) / Double(joint + r.cases), "\(r.id): \(joint) joint, \(r.cases) own")
        }
        #expect(report.rows.contains { ($0.jointShare ?? 0) > 0 }, "the demo's offices inspect jointly")
        #expect((report.jointInspections ?? 0) > 0)

        // Two offices made known: one with exactly two joint inspections in the quarter (and one the
        // day before it, not counted), one with none.
        let sorted = report.rows.sorted { $0.id < $1.id }
        let (chosen, bare) = (try #require(sorted.first), try #require(sorted.last))
        try #require(chosen.id != bare.id)
        for office in [chosen.id, bare.id] {
            _ = try kg.query("MATCH (:JointInspection)-[c:CONDUCTED_BY]->(:Office {code: $o}) DELETE c", parameters: ["o": .string(office)]) { _, _ in }
        }
        for (code, day) in [("JT-1", "2024-11-05"), ("JT-2", "2024-12-31"), ("JT-0", "2024-09-30")] {
            _ = try kg.query("""
                MATCH (o:Office {code: $o}) CREATE (j:JointInspection {code: $c, date: date($d), departments: ['market', 'ecoenv']})-[:CONDUCTED_BY]->(o)
                """, parameters: ["o": .string(chosen.id), "c": .string(code), "d": .string(day)]) { _, _ in }
        }
        let after = try EfficacyReport.make(graph: kg, request: request)
        let c = try #require(after.rows.first { $0.id == chosen.id }), b = try #require(after.rows.first { $0.id == bare.id })
        #expect(c.jointInspections == 2 && c.jointShare == 2 / Double(c.cases + 2), "\(c.cases) own")
        #expect(b.jointInspections == 0 && b.jointShare == 0)
        let visits = try Self.rows(kg, """
            MATCH (j:JointInspection)-[:CONDUCTED_BY]->(:Office)-[:OF_TYPE]->(:DepartmentType {code: 'market'})
            WHERE j.date >= date('2024-10-01') AND j.date <= date('2024-12-31') RETURN count(DISTINCT j)
            """)
        #expect(visits.first?.first == .int(Int64(after.jointInspections ?? -1)), "each visit of a market office once")

        // In the CSV beside the claim rate, in the JSON and the printed report.
        let lines = after.csv().split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix(",joint_inspections,joint_share,claim_rate"))
        let line = try #require(lines.first { $0.hasPrefix(chosen.id + ",") })
        #expect(line.contains(",2,\(EfficacyReport.fixed(2 / Double(c.cases + 2), 4)),"), "\(line)")
        let json = try after.json()
        #expect(json.contains("\"jointShare\":") && json.contains("\"jointInspections\":"))
        let html = after.html()
        #expect(html.contains("联合检查占比") && html.contains("五、联合检查") && html.contains("本期部门联合双随机抽查 \(after.jointInspections ?? -1) 次"))
        // The department level pools the offices; the hotline has no inspections.
        let departments = try EfficacyReport.make(graph: kg, request: EfficacyReportRequest(period: "2024-Q4", level: "department", domain: "all"))
        let market = try #require(departments.rows.first { $0.id == "market" })
        // Own: every market inspection of the quarter (a case of the market report); joint: every market office's part.
        let parts = try Self.rows(kg, """
            MATCH (j:JointInspection)-[:CONDUCTED_BY]->(:Office)-[:OF_TYPE]->(:DepartmentType {code: 'market'})
            WHERE j.date >= date('2024-10-01') AND j.date <= date('2024-12-31') RETURN count(j)
            """)
        var marketJoint = -1
        if case .int(let n)? = parts.first?.first { marketJoint = Int(n) }
        let marketOwn = after.rows.map(\.cases).reduce(0, +)
        #expect(market.jointInspections == marketJoint && market.jointShare == Double(marketJoint) / Double(marketJoint + marketOwn))
        let hotline = try EfficacyReport.make(graph: kg, request: EfficacyReportRequest(period: "2024-Q4", level: "office", domain: "hotline"))
        #expect(hotline.jointInspections == nil && hotline.rows.allSatisfy { $0.jointShare == nil && $0.jointInspections == nil })
        #expect(hotline.csv().split(separator: "\n")[1].hasSuffix(",,,"))
    }
}
