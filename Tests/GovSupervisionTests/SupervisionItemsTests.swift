import Foundation
import Testing
import KGCore
import KGEngine
@testable import KGDatagen
@testable import GovSupervision

/// The supervision-item catalogue on a hand-made graph (ontology mode): claim rates per office,
/// department type and region against the 95 % target, and joint draws — reproducible, recorded
/// for audit, the joint-supervision items the offices claimed only, and refused on bad input.
@Suite struct SupervisionItemsTests {
    /// Regions 450000 ⊃ 450100 ⊃ 450102 and 450200; offices market-450102 (4/4 items claimed),
    /// market-450100 (3/4), ecoenv-450100 (2/2), ecoenv-450200 (0/2); enterprises E1–E5 in 450102,
    /// E6 in 450200; pollution sources operated by E1, E2, E3; inspectors at market-450102 (2) and
    /// ecoenv-450100 (2).
    /// Valid credit codes of E1–E6 (check digit included).
    static let uscc: [String] = {
        var rng = SeededRandom.stream(3, "items-test")
        return (1...6).map { _ in IdentityFactory.creditCode(type: "2", adcode: "450102", rng: &rng) }
    }()

    static func graph() throws -> (KnowledgeGraph, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("items-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let kg = try KnowledgeGraph.open(path: dir.appendingPathComponent("g.sqlite").path, options: .init(createIfMissing: true, schemaModeForNew: .ontology))
        try kg.write { tx in
            var region: [String: Int64] = [:]
            for (a, level) in [("450000", "province"), ("450100", "city"), ("450102", "county"), ("450200", "city")] {
                region[a] = try tx.createNode(labels: ["Region"], properties: ["adcode": .string(a), "name": .string("R" + a), "level": .string(level)])
            }
            for (c, p) in [("450100", "450000"), ("450102", "450100"), ("450200", "450000")] {
                _ = try tx.createRelationship(type: "PART_OF", start: region[c]!, end: region[p]!, properties: [:])
            }
            var type: [String: Int64] = [:]
            for t in ["market", "ecoenv"] { type[t] = try tx.createNode(labels: ["DepartmentType"], properties: ["code": .string(t), "name": .string(t)]) }
            var item: [String: Int64] = [:]
            for (code, t, joint) in [("JGSX-market-001", "market", true), ("JGSX-market-002", "market", false), ("JGSX-market-003", "market", true),
                                     ("JGSX-market-004", "market", false), ("JGSX-ecoenv-001", "ecoenv", true), ("JGSX-ecoenv-002", "ecoenv", false)] {
                item[code] = try tx.createNode(labels: ["SupervisionItem"], properties: [
                    "code": .string(code), "name": .string("对" + code + "的检查"), "domain": .string(t == "ecoenv" ? "ecology" : "market"),
                    "departmentType": .string(t), "checkMethod": .string("现场检查"), "doubleRandom": .bool(true), "jointSupervision": .bool(joint)])
            }
            var office: [String: Int64] = [:]
            let claims: [(String, [String])] = [
                ("market-450102", ["JGSX-market-001", "JGSX-market-002", "JGSX-market-003", "JGSX-market-004"]),
                ("market-450100", ["JGSX-market-001", "JGSX-market-002", "JGSX-market-004"]),
                ("ecoenv-450100", ["JGSX-ecoenv-001", "JGSX-ecoenv-002"]), ("ecoenv-450200", []),
            ]
            for (code, claimed) in claims {
                let parts = code.split(separator: "-").map(String.init)
                let o = try tx.createNode(labels: ["Office"], properties: ["code": .string(code), "name": .string(code + "局"), "level": .string("county")])
                office[code] = o
                _ = try tx.createRelationship(type: "OF_TYPE", start: o, end: type[parts[0]]!, properties: [:])
                _ = try tx.createRelationship(type: "LOCATED_IN", start: o, end: region[parts[1]]!, properties: [:])
                for c in claimed { _ = try tx.createRelationship(type: "CLAIMS", start: o, end: item[c]!, properties: [:]) }
            }
            var enterprise: [Int64] = []
            for k in 1...6 {
                let e = try tx.createNode(labels: ["Enterprise"], properties: ["uscc": .string(Self.uscc[k - 1]), "name": .string("企业\(k)"), "status": .string("存续")])
                _ = try tx.createRelationship(type: "LOCATED_IN", start: e, end: region[k == 6 ? "450200" : "450102"]!, properties: [:])
                enterprise.append(e)
            }
            for k in 0..<3 {
                let s = try tx.createNode(labels: ["PollutionSource"], properties: ["code": .string("PS000000\(k)"), "name": .string("排放口\(k)")])
                _ = try tx.createRelationship(type: "OPERATED_BY", start: s, end: enterprise[k], properties: [:])
            }
            for (k, o) in ["market-450102", "market-450102", "ecoenv-450100", "ecoenv-450100"].enumerated() {
                let p = try tx.createNode(labels: ["Person"], properties: ["idNumber": .string(IdentityFactory.residentID(adcode: "450102", birth: "19800101", male: true, sequence: k)), "name": .string("张三\(k)")])
                _ = try tx.createRelationship(type: "WORKS_AT", start: p, end: office[o]!, properties: [:])
            }
        }
        return (kg, dir)
    }

    /// The rows of a Cypher query.
    static func rows(_ kg: KnowledgeGraph, _ text: String) throws -> [[Value]] {
        var out: [[Value]] = []
        try kg.query(text) { row, _ in out.append(row) }
        return out
    }

    @Test func claimRatesPerOfficeDepartmentAndRegion() throws {
        let (kg, dir) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = try SupervisionItemCatalog(graph: kg)
        #expect(catalog.items.count == 6 && catalog.offices.count == 4)
        #expect(catalog.items.first { $0.code == "JGSX-market-003" }?.claimedBy == 1)
        let offices = Dictionary(uniqueKeysWithValues: SupervisionClaimRates.rows(catalog, level: .office).map { ($0.key, $0) })
        #expect(offices["market-450102"]?.claimRate == 1 && offices["market-450102"]?.meetsTarget == true)
        #expect(offices["market-450100"]?.claimRate == 0.75 && offices["market-450100"]?.meetsTarget == false)
        #expect(offices["ecoenv-450200"]?.claimRate == 0 && offices["ecoenv-450200"]?.items == 2)
        let departments = SupervisionClaimRates.rows(catalog, level: .department)
        #expect(departments.map(\.key) == ["ecoenv", "market"], "lowest rate first")
        #expect(departments[1].claimed == 7 && departments[1].items == 8 && departments[1].claimRate == 0.875 && departments[1].officesBelowTarget == 1)
        #expect(departments[0].claimRate == 0.5 && departments[0].officesBelowTarget == 1)
        let regions = Dictionary(uniqueKeysWithValues: SupervisionClaimRates.rows(catalog, level: .region).map { ($0.key, $0) })
        #expect(regions["450100"]?.offices == 3 && regions["450100"]?.claimed == 9 && regions["450100"]?.items == 10 && regions["450100"]?.claimRate == 0.9)
        #expect(regions["450200"]?.claimRate == 0)
        #expect(SupervisionClaimRates.csv(departments).hasPrefix("level,key,name,offices,items,claimed,claimRate,target,meetsTarget,officesBelowTarget\ndepartment,ecoenv,,2,4,2,0.5000,0.95,false,1\n"))
        #expect(try catalog.items(department: "market", jointOnly: true).map(\.code) == ["JGSX-market-001", "JGSX-market-003"])
        #expect { try catalog.items(department: "police") } throws: { ($0 as? any GovBrainError)?.code == .invalidSupervisionRequest }
    }

    @Test func claimsOfAnotherTypeOrTwiceOverDoNotInflateTheRates() throws {
        let (kg, dir) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        // market-450100 claims both ecoenv items and claims JGSX-market-001 a second time.
        _ = try kg.query("MATCH (o:Office {code: 'market-450100'}), (i:SupervisionItem) WHERE i.departmentType = 'ecoenv' OR i.code = 'JGSX-market-001' CREATE (o)-[:CLAIMS]->(i)") { _, _ in }
        let catalog = try SupervisionItemCatalog(graph: kg)
        let offices = Dictionary(uniqueKeysWithValues: SupervisionClaimRates.rows(catalog, level: .office).map { ($0.key, $0) })
        #expect(offices["market-450100"]?.claimRate == 0.75 && offices["market-450100"]?.claimed == 3)
        #expect(catalog.items.first { $0.code == "JGSX-market-001" }?.claimedBy == 2)
        #expect(catalog.items.first { $0.code == "JGSX-ecoenv-001" }?.claimedBy == 1)
        #expect(SupervisionClaimRates.rows(catalog, level: .office).allSatisfy { $0.claimRate <= 1 })
    }

    @Test func theEfficacyReportCarriesTheClaimRateOfItsDomainAndRegion() throws {
        let (kg, dir) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ecology = try EfficacyReport.claimRates(graph: kg, request: EfficacyReportRequest(period: "2024-Q4", level: "department", domain: "ecology", region: nil))
        #expect(ecology.map(\.key) == ["ecoenv"] && ecology.first?.claimRate == 0.5)
        #expect(try EfficacyReport.claimRates(graph: kg, request: EfficacyReportRequest(period: "2024-Q4", level: "office", domain: "hotline", region: nil)).isEmpty)
        let inRegion = try EfficacyReport.claimRates(graph: kg, request: EfficacyReportRequest(period: "2024-Q4", level: "office", domain: "all", region: "450200"))
        #expect(inRegion.map(\.key) == ["ecoenv-450200"])
        let all = try EfficacyReport.claimRates(graph: kg, request: EfficacyReportRequest(period: "2024-Q4", level: "region", domain: "all", region: nil))
        #expect(all.map(\.key) == ["450200", "450100"])
    }

    @Test func theTargetIsThePlansPT121() throws {
        let path = (try ResourceLocator.datasetsPath() as NSString).appendingPathComponent("reference/plan_targets.csv")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first), row = try #require(lines.first { $0.first == SupervisionClaimRates.targetID })
        func field(_ name: String) throws -> String { row[try #require(header.firstIndex(of: name))] }
        let value = try #require(Double(try field("target")))
        #expect(try field("unit") == "%" && abs(value / 100 - SupervisionClaimRates.target) < 1e-9)
        #expect(try field("metric_zh").contains("认领率"))
    }

    @Test func jointDrawsAreReproducibleRecordedAndUseClaimedJointItemsOnly() throws {
        let (kg, dir) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try JointInspectionSampler.draw(graph: kg, region: "450100", departments: ["market", "ecoenv"], n: 2, seed: 11, by: "tester")
        let b = try JointInspectionSampler.draw(graph: kg, region: "450100", departments: ["market", "ecoenv"], n: 2, seed: 11, by: "tester")
        #expect(a.population == 3, "only E1–E3 operate a pollution source")
        #expect(a.selected.map(\.uscc) == b.selected.map(\.uscc) && a.selected.map { $0.teams.map(\.inspectors) } == b.selected.map { $0.teams.map(\.inspectors) })
        let seeds = Set((1...12).map { s in (try? JointInspectionSampler.draw(graph: kg, region: "450100", departments: ["market", "ecoenv"], n: 2, seed: UInt64(s), by: "t"))?.selected.map(\.uscc) ?? [] })
        #expect(seeds.count > 1, "other seeds draw other enterprises")
        for v in a.selected {
            #expect(Self.uscc.prefix(3).contains(v.uscc))
            #expect(v.teams.map(\.office) == ["market-450102", "ecoenv-450100"])
            #expect(v.teams[0].items == ["JGSX-market-001", "JGSX-market-003"] && v.teams[1].items == ["JGSX-ecoenv-001"])
            #expect(v.teams.allSatisfy { $0.inspectors.count == 1 && $0.inspectors[0] == "张**" })
        }
        // The audit record: one InspectionDraw per draw with its departments, seed and who; a SELECTED per visit.
        let r = try Self.rows(kg, "MATCH (d:InspectionDraw {code: '\(a.id)'})-[s:SELECTED]->(e:Enterprise) RETURN d.departments, d.seed, d.orderedBy, s.items, size(s.inspectors), e.uscc ORDER BY s.rank")
        #expect(r.count == 2)
        #expect(r[0][0] == .list([.string("market"), .string("ecoenv")]) && r[0][1] == .int(11) && r[0][2] == .string("tester"))
        #expect(r[0][3] == .list([.string("JGSX-market-001"), .string("JGSX-market-003"), .string("JGSX-ecoenv-001")]) && r[0][4] == .int(2))
        #expect(r.map { $0[5] } == a.selected.map { .string($0.uscc) })
    }

    @Test func jointDrawsRefuseBadInput() throws {
        let (kg, dir) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        func code(_ region: String, _ departments: [String], _ n: Int) -> ErrorCode? {
            do { _ = try JointInspectionSampler.draw(graph: kg, region: region, departments: departments, n: n, seed: 1, by: "t"); return nil } catch {
                return (error as? any GovBrainError)?.code
            }
        }
        #expect(code("450100", ["market", "ecoenv"], 0) == .invalidSupervisionRequest)
        #expect(code("450100", ["market", "police"], 1) == .invalidSupervisionRequest)
        #expect(code("450100", ["market"], 1) == .invalidSupervisionRequest)
        #expect(code("450100", ["market", "market"], 1) == .invalidSupervisionRequest)
        #expect(code("450100", ["market", "ecoenv"], 4) == .invalidSupervisionRequest, "three enterprises under both")
        #expect(code("450200", ["market", "ecoenv"], 1) == .notFound, "no staffed market or ecoenv office in or above 450200")
        #expect(code("459999", ["market", "ecoenv"], 1) == .notFound)
        do { _ = try JointInspectionSampler.draw(graph: kg, region: "450100", departments: ["market", "police"], n: 1, seed: 1, by: "t") } catch let e as any GovBrainError {
            #expect(e.message.contains("police") && e.message.contains("ecoenv, market"))
        }
        // Every refused attempt is recorded (who, when, seed, the reason), with nothing selected.
        let refused = try Self.rows(kg, "MATCH (d:InspectionDraw) OPTIONAL MATCH (d)-[s:SELECTED]->() WITH d, count(s) AS selected RETURN d.drawStatus, d.orderedBy, d.seed, d.refusal, d.createdAt IS NOT NULL, selected")
        #expect(refused.count == 8)
        #expect(refused.allSatisfy { $0[0] == .string("refused") && $0[1] == .string("t") && $0[2] == .int(1) && $0[4] == .bool(true) && $0[5] == .int(0) })
        #expect(refused.contains { if case .string(let r) = $0[3] { r.contains("police") } else { false } })
    }
}
