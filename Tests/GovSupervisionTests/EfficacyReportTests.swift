import Foundation
import Testing
import KGCore
import KGEngine
@testable import GovSupervision

/// The efficacy report on a small hand-made graph (two department types, four offices in two
/// counties of one city, work orders and inspections of 2024-Q4 with planted good and bad
/// offices): rows, levels, region filter, formats and the errors of bad parameters.
@Suite(.serialized) struct EfficacyReportTests {
    static let graph: Result<KnowledgeGraph, any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("effreport-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let kg = try KnowledgeGraph.open(path: dir.appendingPathComponent("g.sqlite").path,
                                         options: .init(createIfMissing: true, schemaModeForNew: .off))
        var script = ["""
        CREATE (c:City:Region {adcode: '450100', name: '南宁市'}),
               (a:County:Region {adcode: '450102', name: '兴宁区'})-[:PART_OF]->(c), (b:County:Region {adcode: '450103', name: '青秀区'})-[:PART_OF]->(c),
               (m:DepartmentType {code: 'market', name: '市场监督管理局'}), (h:DepartmentType {code: 'hrss', name: '人力资源和社会保障局'}),
               (:Intent {code: 'wage'})-[:HANDLED_BY]->(h)
        """]
        for (code, dept, county) in [("market-450102", "market", "450102"), ("market-450103", "market", "450103"),
                                     ("hrss-450102", "hrss", "450102"), ("hrss-450103", "hrss", "450103")] {
            script.append("""
            MATCH (d:DepartmentType {code: '\(dept)'}), (r:County {adcode: '\(county)'})
            CREATE (o:Office {code: '\(code)', name: '\(code)'})-[:OF_TYPE]->(d), (o)-[:LOCATED_IN]->(r)
            """)
        }
        for i in 0..<60 {
            // hrss-450102 closes within a day and satisfies; hrss-450103 mostly closes after three weeks.
            let good = i % 2 == 0, day = 1 + i % 28, month = 10 + i % 3
            let late = !good && i % 6 != 1
            let received = String(format: "2024-%02d-%02dT09:00:00+08:00", month, day)
            let closed = String(format: "2024-%02d-%02dT10:00:00+08:00", late ? min(month + 1, 12) : month, late && month == 12 ? 28 : day)
            script.append("""
            MATCH (o:Office {code: '\(good ? "hrss-450102" : "hrss-450103")'}), (t:Intent {code: 'wage'})
            CREATE (w:WorkOrder {code: 'WO\(i)', text: '欠薪', createdAt: datetime('\(received)'), closedAt: datetime('\(closed)'),
                                 satisfaction: '\(good || i % 5 == 0 ? "好" : "差")'})-[:ROUTED_TO]->(o), (w)-[:HAS_INTENT]->(t)
            """)
        }
        for i in 0..<40 {
            let good = i % 2 == 0, found = good ? i % 8 != 0 : i % 8 == 1
            script.append("""
            MATCH (o:Office {code: '\(good ? "market-450102" : "market-450103")'})
            CREATE (n:Inspection {code: 'INS\(i)', date: date('2024-\(10 + i % 3)-\(String(format: "%02d", 1 + i % 27))'),
                                  kind: '\(i % 3 == 0 ? "重点检查" : "双随机抽查")', result: '\(found ? "发现问题责令整改" : "未发现问题")'})-[:CONDUCTED_BY]->(o),
                   (n)-[:INSPECTED]->(:Enterprise {uscc: 'E\(i)', name: '企业', regCapital: \(10 + i), scale: '\(i % 4 < 2 ? "micro" : "small")'})
            """)
        }
        for statement in script { try kg.query(statement) { _, _ in } }
        return kg
    }

    @Test func ranksOfficesWithTheirComponentsAndTheOtherLevels() throws {
        let kg = try Self.graph.get()
        let report = try EfficacyReport.make(graph: kg, request: EfficacyReportRequest(period: "2024-Q4"))
        #expect(report.period == "2024-Q4" && report.level == "office" && report.domain == "all")
        #expect(report.cases == 100 && report.units == 4 && report.rows.count == 4)
        #expect(Set(report.outcomes.map(\.name)).isSuperset(of: ["y_on_time", "y_satisfied", "y_confirmed"]))
        let byID = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.id, $0) })
        let good = try #require(byID["hrss-450102"]), bad = try #require(byID["hrss-450103"])
        #expect(good.index > bad.index && good.groupRank == 1 && good.group == "hrss")
        #expect(try #require(byID["market-450102"]).index > byID["market-450103"]!.index)
        #expect(report.rows.allSatisfy { $0.lower <= $0.index && $0.index <= $0.upper && !$0.components.isEmpty })
        #expect(report.rows.map(\.rank) == [1, 2, 3, 4])

        let month = try EfficacyReport.make(graph: kg, request: EfficacyReportRequest(period: "2024-11", level: "department", domain: "hotline"))
        #expect(month.rows.map(\.id) == ["hrss"] && month.rows[0].cases == 20)
        let regions = try EfficacyReport.make(graph: kg, request: EfficacyReportRequest(period: "2024-Q4", level: "region"))
        #expect(regions.rows.map(\.id) == ["450100"] && regions.rows[0].name == "南宁市")
        let county = try EfficacyReport.make(graph: kg, request: EfficacyReportRequest(period: "2024-Q4", region: "450102"))
        #expect(Set(county.rows.map(\.id)) == ["hrss-450102", "market-450102"] && county.units == 4)
    }

    @Test func aCacheGivesTheSameReportAndFollowsWrites() throws {
        let kg = try Self.graph.get()
        let cache = EfficacyCaseCache()
        let request = EfficacyReportRequest(period: "2024-10", level: "department")
        let fresh = try EfficacyReport.make(graph: kg, request: request)
        let cached = try EfficacyReport.make(graph: kg, request: request, cache: cache)
        #expect(try EfficacyReport.make(graph: kg, request: request, cache: cache).rows == fresh.rows && cached.rows == fresh.rows)
        // A write moves the graph's version: the next report reads the cases again.
        try kg.query("MATCH (o:Office {code: 'hrss-450103'}) CREATE (:Inspection {code: 'INSX', date: date('2024-10-15'), kind: '重点检查', result: '未发现问题'})-[:CONDUCTED_BY]->(:Office {code: 'market-x', name: 'market-x'})") { _, _ in }
        #expect(try EfficacyReport.make(graph: kg, request: request, cache: cache).cases == fresh.cases + 1)
        try kg.query("MATCH (i:Inspection {code: 'INSX'})-[:CONDUCTED_BY]->(o) DETACH DELETE i, o") { _, _ in }
    }

    @Test func rendersCSVAndAnOfflineChineseHTMLReport() throws {
        let report = try EfficacyReport.make(graph: try Self.graph.get(), request: EfficacyReportRequest(period: "2024-Q4", domain: "market"))
        let csv = report.csv().split(separator: "\n")
        #expect(csv.first?.hasPrefix("office,index,lower,upper,rank,cases,") == true && csv.count == 3)
        let html = report.html()
        #expect(html.contains("效能评估报告 2024-Q4") && html.contains("<svg") && html.contains("market-450102"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"))
        let json = try JSONParser.parse(try report.json())
        #expect(json["rows"]?.arrayValue?.count == 2 && json["method"]?.stringValue?.isEmpty == false)
    }

    @Test func refusesBadParametersAndDomainsWithoutCases() throws {
        let kg = try Self.graph.get()
        func code(_ r: EfficacyReportRequest) -> (ErrorCode?, String) {
            do { _ = try EfficacyReport.make(graph: kg, request: r); return (nil, "") } catch let e as any GovBrainError { return (e.code, e.message) } catch { return (nil, "\(error)") }
        }
        for period in ["2024Q4", "2024-Q5", "2024-13", "Q4-2024", ""] {
            let (c, m) = code(EfficacyReportRequest(period: period))
            #expect(c == .invalidSupervisionRequest && m.contains("YYYY-Qn") && m.contains("YYYY-MM"), "\(period)")
        }
        #expect(code(EfficacyReportRequest(period: "2024-Q4", level: "city")).0 == .invalidSupervisionRequest)
        #expect(code(EfficacyReportRequest(period: "2024-Q4", domain: "tax")).0 == .invalidSupervisionRequest)
        #expect(code(EfficacyReportRequest(period: "2024-Q4", region: "45")).0 == .invalidSupervisionRequest)
        // The hand-made graph has no pollution sources: ecology is a domain, without cases here.
        let (c, m) = code(EfficacyReportRequest(period: "2024-Q4", domain: "ecology"))
        #expect(c == .insufficientData && m.contains("no ecology cases in period 2024-Q4"))
        #expect(code(EfficacyReportRequest(period: "2023-Q1")).0 == .insufficientData)
    }
}
