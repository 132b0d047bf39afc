import Foundation
import Testing
import KGCore
import KGEngine
import GovDemo
import GovBrainTestSupport
@testable import GovSupervision
import KGDatagen

/// The supervision service through its typed API on a tiny demo graph (the promoted credit and
/// risk models of `Models/` applied at build): scores, the alert lifecycle, inspection draws and
/// the `kg.model.*` procedures.
@Suite(.serialized) struct SupervisionServiceTests {
    /// One tiny demo database per test process (built once; the lifecycle test works on a copy).
    static let demo: Result<String, any Error> = Result { try TinyDemo.copyInNewFolder(prefix: "gov").path }

    static func graph() throws -> KnowledgeGraph { try KnowledgeGraph.open(path: try demo.get()) }

    @Test func scoresAnEnterpriseByCodeOrNodeAndRefusesBadRows() throws {
        let kg = try Self.graph()
        let service = SupervisionService(graph: kg)
        let records = try EnterpriseRecords(graph: kg)
        let e = records[0]
        let byCode = try service.creditScore(EnterpriseScoreRequest(uscc: e.uscc))
        let byNode = try service.creditScore(EnterpriseScoreRequest(enterpriseId: e.nodeID))
        #expect(byCode == byNode)
        #expect(byCode.enterprise?.uscc == e.uscc && ["A", "B", "C", "D"].contains(byCode.grade))
        #expect(byCode.probability > 0 && byCode.probability < 1 && byCode.reasons.count <= 3)
        #expect(byCode.reasons.allSatisfy { $0.value != nil && $0.text != nil && $0.textEn != nil })
        let risk = try service.riskScore(EnterpriseScoreRequest(uscc: e.uscc))
        #expect(risk.score >= 0 && risk.score <= 100 && risk.previousScore != nil && risk.asOf != nil)
        // The encoded risk answer says "trigger": null rather than leaving it out.
        let json = try JSONValueEncoder().encode(risk)
        #expect(json["trigger"] != nil)
        #expect { try service.creditScore(EnterpriseScoreRequest(uscc: "NOPE")) } throws: { ($0 as? any GovBrainError)?.code == .notFound }
        #expect { try service.creditScore(EnterpriseScoreRequest()) } throws: { ($0 as? any GovBrainError)?.code == .invalidSupervisionRequest }
        #expect { try service.riskScore(EnterpriseScoreRequest(features: ["complaints90": .number(3)])) } throws: {
            let e = $0 as? any GovBrainError
            return e?.code == .invalidSupervisionRequest && e?.message.contains("lacks") == true
        }
    }

    /// Reasons read in Chinese and English on the graph, in alerts and from the API, and never
    /// carry a person's name, ID number or phone number: a path names enterprises only.
    @Test func reasonTextsAreChineseAndNameNoPerson() throws {
        let kg = try Self.graph()
        var personal: Set<String> = []
        try kg.forEachNode(label: "Person") { _, p in
            for key in ["name", "idNumber", "phone"] { if case .string(let v)? = p[key], !v.isEmpty { personal.insert(v) } }
        }
        #expect(!personal.isEmpty, "the tiny demo has people")
        let records = try EnterpriseRecords(graph: kg)
        let enterprises = Set(records.enterprises.map { "\($0.name) [\($0.uscc)]" })
        func strings(_ v: Value?) -> [String] { if case .list(let l)? = v { return l.compactMap { if case .string(let s) = $0 { s } else { nil } } } else { return [] } }
        var stored: [(String, String, String)] = []
        try kg.forEachNode(label: "RiskAlert") { _, p in
            for (zh, en) in zip(strings(p["reasons"]), strings(p["reasonsEn"])) { stored.append((zh, "；关联路径：", "关联人员")); stored.append((en, "; path: ", "a related person")) }
        }
        try kg.forEachNode(label: "Enterprise") { _, p in stored += strings(p["riskReasons"]).map { ($0, "；关联路径：", "关联人员") } }
        #expect(stored.count > 10)
        #expect(stored.contains { $0.0.contains("（高于 ") || $0.0.contains("（低于 ") })
        var sentences: Set<String> = []
        for (line, separator, person) in stored {
            let parts = line.components(separatedBy: separator)
            #expect(parts.count <= 2 && !parts[0].isEmpty)
            sentences.insert(parts[0])
            if parts.count == 2 {
                // A path: the enterprise itself, people (never named) and enterprises, to a known-bad one.
                #expect(parts[1].components(separatedBy: " — ").allSatisfy { $0 == person || enterprises.contains($0) }, "\(line)")
            }
        }
        for sentence in sentences { #expect(!personal.contains { sentence.contains($0) }, "\(sentence)") }
        #expect(stored.allSatisfy { !$0.0.contains(" = ") }, "no reason keeps the old factor = value form")
        let service = SupervisionService(graph: kg)
        for e in records.enterprises.indices.prefix(5) {
            let risk = try service.riskScore(EnterpriseScoreRequest(uscc: records[e].uscc))
            #expect(risk.reasons.allSatisfy { $0.text?.isEmpty == false && $0.textEn?.isEmpty == false && $0.value != nil })
            #expect(risk.reasons.allSatisfy { r in !personal.contains { r.text!.contains($0) || r.textEn!.contains($0) } })
            let credit = try service.creditScore(EnterpriseScoreRequest(uscc: records[e].uscc))
            #expect(credit.reasons.allSatisfy { $0.text?.isEmpty == false && $0.textEn?.isEmpty == false && $0.value != nil })
        }
    }

    @Test func alertsMoveFromNewToResolvedAndRecordTheKey() throws {
        let source = try Self.demo.get()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("govsup-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.sqlite").path
        _ = try KnowledgeGraph.backup(database: source, to: path)
        let service = SupervisionService(graph: try KnowledgeGraph.open(path: path))
        let page = try service.alerts(AlertListRequest(status: "new", limit: "5"))
        #expect(page.limit == 5 && page.alerts.count <= 5 && page.alerts.allSatisfy { $0.status == "new" })
        let alert = try #require(page.alerts.first, "the tiny demo raises alerts")
        let acked = try service.transition(code: alert.code, action: .acknowledge,
                                           request: AlertTransitionRequest(by: "王科长", note: "call 13812345678"), actor: "key k1 (desk)")
        #expect(acked.status == "acknowledged" && acked.acknowledgedBy == "王科长 [key k1 (desk)]")
        #expect(acked.note?.contains("13812345678") == false, "personal numbers in notes are masked")
        #expect(acked.modelVersion?.hasPrefix("v") == true, "the alert records the model version that raised it")
        #expect { try service.transition(code: alert.code, action: .acknowledge, request: .init(), actor: "k") } throws: { ($0 as? any GovBrainError)?.code == .conflict }
        // Assign: the office must exist; the alert links to it.
        #expect { try SupervisionService.assignment(office: "  ") } throws: { ($0 as? any GovBrainError)?.code == .invalidSupervisionRequest }
        #expect { try service.transition(code: alert.code, action: .assign(office: "OF-NOWHERE"), request: .init(), actor: "k") } throws: { ($0 as? any GovBrainError)?.code == .notFound }
        var office = ""
        try service.graph.forEachNode(label: "Office") { _, p in if office.isEmpty, case .string(let c)? = p["code"] { office = c } }
        let assigned = try service.transition(code: alert.code, action: try SupervisionService.assignment(office: office), request: .init(), actor: "key k1 (desk)")
        #expect(assigned.status == "assigned" && assigned.assignedTo == office && assigned.assignedAt != nil)
        var linked: [Value] = []
        try service.graph.query("MATCH (a:RiskAlert {code: $c})-[:ASSIGNED_TO]->(o:Office) RETURN o.code AS o", parameters: ["c": .string(alert.code)]) { row, _ in linked.append(row[0]) }
        #expect(linked == [.string(office)])
        // Resolve: the outcome is one of three; a second resolution is a conflict and changes nothing.
        #expect { try service.transition(code: alert.code, action: .resolve(outcome: "fixed"), request: .init(), actor: "k") } throws: { ($0 as? any GovBrainError)?.code == .invalidSupervisionRequest }
        let resolved = try service.transition(code: alert.code, action: .resolve(outcome: "confirmed"), request: .init(), actor: "key k2 (lead)")
        #expect(resolved.status == "resolved" && resolved.resolvedBy == "key k2 (lead)" && resolved.outcome == "confirmed")
        #expect { try service.transition(code: alert.code, action: .resolve(outcome: "false_alarm"), request: .init(), actor: "k") } throws: { ($0 as? any GovBrainError)?.code == .conflict }
        #expect { try service.transition(code: alert.code, action: .assign(office: office), request: .init(), actor: "k") } throws: { ($0 as? any GovBrainError)?.code == .conflict }
        #expect(try service.alerts(AlertListRequest(status: "resolved")).alerts.first { $0.code == alert.code }?.outcome == "confirmed")
        // Feedback per domain and model version: the resolution counts, with its outcome and durations
        // (the demo raises alerts in every domain, each domain's first model being v1).
        let feedback = try service.feedback(region: nil)
        let version = try #require(feedback.versions.first { $0.domain == acked.domain && $0.modelVersion == acked.modelVersion })
        #expect(version.resolved == 1 && version.outcomes["confirmed"] == 1 && version.confirmedShare == 1)
        #expect(version.acknowledged == 1 && version.assigned == 1 && version.alerts >= page.alerts.filter { $0.domain == acked.domain }.count)
        #expect(version.hoursToAcknowledge?.count == 1 && version.hoursToResolve?.count == 1)
        #expect { try service.feedback(region: "45") } throws: { ($0 as? any GovBrainError)?.code == .invalidSupervisionRequest }
        #expect { try service.transition(code: alert.code, action: .resolve(outcome: nil), request: .init(by: String(repeating: "x", count: 65)), actor: "k") } throws: {
            ($0 as? any GovBrainError)?.code == .invalidSupervisionRequest
        }
        #expect { try service.alerts(AlertListRequest(level: "purple")) } throws: { ($0 as? any GovBrainError)?.code == .invalidSupervisionRequest }
        #expect { try service.alerts(AlertListRequest(limit: "0")) } throws: { ($0 as? any GovBrainError)?.code == .invalidSupervisionRequest }
    }

    @Test func inspectionDrawsAreCheckedAndReproducible() throws {
        let source = try Self.demo.get()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("govsup-draw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.sqlite").path
        _ = try KnowledgeGraph.backup(database: source, to: path)
        let service = SupervisionService(graph: try KnowledgeGraph.open(path: path))
        #expect { try service.sample(InspectionSampleRequest(region: "450000", n: 0, seed: 1)) } throws: { ($0 as? any GovBrainError)?.code == .invalidSupervisionRequest }
        #expect { try service.sample(InspectionSampleRequest(region: "450000", n: 3, seed: -1)) } throws: { ($0 as? any GovBrainError)?.code == .invalidSupervisionRequest }
        let first = try service.sample(InspectionSampleRequest(region: "450000", n: 3, seed: 7), actor: "key k1 (desk)")
        let again = try service.sample(InspectionSampleRequest(region: "450000", n: 3, seed: 7), actor: "key k1 (desk)")
        #expect(first.picks.count == 3 && first.picks.map(\.uscc) == again.picks.map(\.uscc))
        #expect(first.picks.allSatisfy { $0.inspectors.allSatisfy { $0.maskedName.hasSuffix("**") } })
    }

    @Test func theModelProceduresAreInstalledWithTheService() throws {
        let kg = try Self.graph()
        let service = SupervisionService(graph: kg)
        let e = try EnterpriseRecords(graph: kg)[0]
        var rows: [[Value]] = []
        try kg.query("CALL kg.model.credit($id) YIELD grade, points RETURN grade, points", parameters: ["id": .int(e.nodeID)]) { row, _ in rows.append(row) }
        #expect(rows.count == 1)
        #expect { try kg.query("CALL kg.model.credit('x')") { _, _ in } } throws: { ($0 as? any GovBrainError)?.code == .invalidArgumentValue }
        withExtendedLifetime(service) {}
    }
}
