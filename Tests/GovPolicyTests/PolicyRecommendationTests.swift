import Foundation
import Testing
import KGCore
import KGEngine
import GovDemo
import GovBrainTestSupport
import GovSupervision
@testable import GovPolicy
import KGML
import KGDatagen
import KGEmbedding

/// The policy recommender on a tiny demo graph: the temporal hold-out, the learned blend, the
/// versioned model, citizens' tag profiles and the push list.
@Suite struct PolicyRecommendationTests {
    /// A tiny demo graph in a fresh folder (removed by the caller).
    static func graph() throws -> (URL, KnowledgeGraph) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("g.sqlite").path
        try TinyDemo.copy(to: db)
        return (dir, try KnowledgeGraph.open(path: db))
    }

    /// A recommendation for a request given as JSON, answered as the JSON the API sends.
    static func recommend(_ policies: PolicyService, _ request: String) throws -> JSON {
        let typed = try JSONValueDecoder(code: .badValue).decode(PolicyRecommendRequest.self, from: try JSONParser.parse(request))
        return try JSONValueEncoder().encode(try policies.recommend(typed))
    }

    /// A push list for query parameters, answered as the JSON the API sends.
    static func eligible(_ policies: PolicyService, _ code: String, _ query: [String: String]) throws -> JSON {
        let typed = EligibleRequest(region: query["region"], limit: query["limit"], offset: query["offset"])
        return try JSONValueEncoder().encode(try policies.eligible(code: code, request: typed))
    }

    @Test func temporalHoldOutRanksTheBlendAbovePopularityAndOnlyEligible() throws {
        let (dir, kg) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        let evaluation = try PolicyRecommendationEvaluation(context: try PolicyRecommendationContext(graph: kg))
        #expect(evaluation.validation.cut < evaluation.test.cut && evaluation.test.cut < evaluation.test.end)
        #expect(evaluation.test.truth.count > 50)
        // The recommender at the test cut sees nothing dated after it.
        let history = evaluation.test.recommender.history
        for (node, taken) in history.taken {
            for i in taken {
                let p = evaluation.test.recommender.catalog.policies[i]
                #expect((p.applications + p.grants).contains { $0.enterprise == node && $0.day < evaluation.test.cut })
            }
        }
        let table = try evaluation.table(peers: [])
        let byName = Dictionary(uniqueKeysWithValues: table.map { ($0.name, $0) })
        let blend = try #require(byName["blend"]), popularity = try #require(byName["popularity"])
        #expect(table.allSatisfy { $0.eligibleShare == 1 })
        #expect(blend.ndcg > popularity.ndcg, "blend \(blend.ndcg) vs popularity \(popularity.ndcg)")
        #expect(blend.recall > 0.5 && blend.recall <= 1)
        // Collaborative evidence carries weight in the learned blend.
        let collaborative = try #require(zip(evaluation.blend.features, evaluation.blend.weights).first { $0.0 == .collaborative }?.1)
        #expect(collaborative > 0)
    }

    @Test func outsideListsAreMeasuredAsGivenAndEligibilityFiltered() throws {
        let (dir, kg) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        let evaluation = try PolicyRecommendationEvaluation(context: try PolicyRecommendationContext(graph: kg))
        try evaluation.export(to: dir.appendingPathComponent("export").path)
        for split in ["validation", "test"] {
            for file in ["train.csv", "users.csv", "truth.csv"] {
                #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("export/\(split)/\(file)").path))
            }
        }
        // An outside recommender that lists every policy in catalog order: some are ineligible.
        let records = evaluation.test.context.records, catalog = evaluation.test.recommender.catalog
        var csv = "uscc,policy,rank\n"
        for e in evaluation.test.truth.keys.sorted() {
            for (r, p) in catalog.policies.prefix(60).enumerated() { csv += "\(records[e].uscc),\(p.code),\(r + 1)\n" }
        }
        let path = dir.appendingPathComponent("lists.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let table = try evaluation.table(peers: [("catalog-order", path)])
        let raw = try #require(table.first { $0.name == "catalog-order" })
        let filtered = try #require(table.first { $0.name == "catalog-order + eligibility" })
        #expect(raw.eligibleShare < 1 && filtered.eligibleShare == 1)
        #expect(filtered.recall >= raw.recall)
        try "uscc,policy,rank\nNOPE,POL1,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ModelError.self) { try evaluation.readLists(path) }
    }

    @Test func trainsAVersionedModelWithACardAndServesIt() throws {
        let (dir, kg) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policies = PolicyService(graph: kg)
        let models = dir.appendingPathComponent("Models").path
        #expect(throws: ModelError.self) { try PolicyRecommenderModel.load(models: models) }
        policies.modelsPath = models
        #expect(throws: EngineError.self) { try policies.recommend(PolicyRecommendRequest(uscc: "x")) }
        let report = try PolicyRecommenderModel.train(graph: kg, models: models, command: "test")
        #expect(report.version == "v1" && report.promoted)
        for file in ["model.json", "MODEL.md", "card.json", "metrics.json"] {
            #expect(FileManager.default.fileExists(atPath: "\(report.directory)/\(file)"))
        }
        let (version, blend) = try PolicyRecommenderModel.load(models: models)
        #expect(version == "v1" && blend.features == PolicyFeature.allCases)
        #expect((report.metrics["ndcgVsPopularity"]?.doubleValue ?? 0) > 1)
        // The service now uses it, and says which version.
        policies.modelsPath = models
        let records = try EnterpriseRecords(graph: kg)
        let active = try #require(records.enterprises.first { $0.status == "存续" })
        let doc = try Self.recommend(policies, #"{"uscc": "\#(active.uscc)", "k": 5}"#)
        #expect(doc["model"] == .string("policy-recommender v1"))
        let scores = (doc["items"]?.arrayValue ?? []).compactMap { $0["score"]?.doubleValue }
        #expect(scores.allSatisfy { $0 > 0 && $0 < 1 } && zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func citizensGetThePoliciesTheirTagsQualifyFor() throws {
        let (dir, kg) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policies = PolicyService(graph: kg)
        let graduate = #"{"citizen": {"ageGroup": "18-34", "employment": "graduate", "adcode": "450103", "interests": ["就业", "创业"]}, "k": 10}"#
        let doc = try Self.recommend(policies, graduate)
        let items = doc["items"]?.arrayValue ?? []
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { item in item["title"]?.stringValue?.contains("高校毕业生") == true })
        #expect(items.allSatisfy { ($0["reasons"]?.arrayValue ?? []).contains { $0["rule"] == .string("graduate") && $0["met"] == .bool(true) } })
        // The same profile given as "profile" is recognised as a citizen's; an elderly farmer gets other policies.
        let elderly = #"{"profile": {"ageGroup": "80+", "household": ["farmer"], "adcode": "450103"}, "k": 10}"#
        let other = try Self.recommend(policies, elderly)
        let titles = (other["items"]?.arrayValue ?? []).compactMap { $0["title"]?.stringValue }
        #expect(!titles.isEmpty && titles.allSatisfy { !$0.contains("高校毕业生") && !$0.contains("退役军人") })
        // Explain says which target-group rule a near miss failed.
        let code = try #require(items.first?["policyId"]?.stringValue)
        let why = try Self.recommend(policies, #"{"citizen": {"employment": "employed", "adcode": "450103"}, "explain": "\#(code)"}"#)
        #expect(why["explain"]?["eligible"] == .bool(false))
        #expect((why["explain"]?["rules"]?.arrayValue ?? []).contains { $0["rule"] == .string("graduate") && $0["met"] == .bool(false) })
        // Enterprises never get citizen policies, and bad profiles are refused with the expected shape.
        for bad in [#"{"citizen": {"adcode": "999999"}}"#, #"{"citizen": {"adcode": "450103", "household": ["astronaut"]}}"#,
                    #"{"citizen": {"adcode": "450103", "ageGroup": 30}}"#, #"{"citizen": "graduate"}"#] {
            #expect("\(bad)") { try Self.recommend(policies, bad) } throws: { ($0 as? any GovBrainError)?.code == .badValue }
        }
    }

    @Test func pushListsRankEligibleEnterprisesThatHaveNotApplied() throws {
        let (dir, kg) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policies = PolicyService(graph: kg)
        let context = try PolicyRecommendationContext(graph: kg)
        let now = context.records.now
        let open = context.catalog.policies.filter { !$0.forCitizens && $0.acceptsApplications && ($0.opens ?? 0) <= now && ($0.validUntil ?? .max) >= now }
        let policy = try #require(open.max { $0.applications.count < $1.applications.count })
        let doc = try Self.eligible(policies, policy.code, ["limit": "1000"])
        let listed = doc["enterprises"]?.arrayValue ?? []
        #expect(!listed.isEmpty)
        let applied = Set((policy.applications + policy.grants).map(\.enterprise))
        #expect(listed.allSatisfy { !applied.contains($0["nodeId"]?.integerValue ?? -1) })
        let fits = listed.compactMap { $0["fit"]?.doubleValue }
        #expect(zip(fits, fits.dropFirst()).allSatisfy { $0 >= $1 })
        // Pages of the same list (served from the kept ranking) line up with the whole.
        let second = try Self.eligible(policies, policy.code, ["limit": "3", "offset": "2"])
        #expect(second["total"] == doc["total"])
        #expect((second["enterprises"]?.arrayValue ?? []).map { $0["nodeId"] } == Array(listed.dropFirst(2).prefix(3)).map { $0["nodeId"] })
        // A region filter narrows the list to enterprises of that region.
        let adcode = try #require(listed.first?["adcode"]?.stringValue)
        let local = try Self.eligible(policies, policy.code, ["region": adcode, "limit": "1000"])
        #expect((local["enterprises"]?.arrayValue ?? []).allSatisfy { $0["adcode"]?.stringValue == adcode })
        #expect((local["total"]?.integerValue ?? 0) <= (doc["total"]?.integerValue ?? 0))
        let citizen = try #require(context.catalog.policies.first { $0.forCitizens })
        #expect(throws: EngineError.self) { try Self.eligible(policies, citizen.code, [:]) }
    }
}

/// The columnar push-list ranking against the recommender's own rules and features.
@Suite struct PushListIndexTests {
    @Test func agreesWithTheRecommendersRulesAndFeatures() throws {
        let (dir, kg) = try PolicyRecommendationTests.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try PolicyService(graph: kg).recommendations()
        let rec = r.recommender, now = rec.asOf
        let open = rec.catalog.policies.indices.filter { i in
            let p = rec.catalog.policies[i]
            return !p.forCitizens && p.acceptsApplications && (p.opens ?? 0) <= now && (p.validUntil ?? .max) >= now
        }
        #expect(open.count >= 5)
        for i in open.prefix(8) {
            let p = rec.catalog.policies[i]
            let (_, ranked) = try r.eligible(code: p.code, region: nil)
            let applied = Set((p.applications + p.grants).map(\.enterprise))
            func profile(_ e: Int) -> PolicyRecommender.Profile {
                let ent = r.records[e]
                return .init(nodeID: ent.nodeID, industry: ent.industry, adcode: ent.adcode, scale: ent.scale,
                             ageYears: ent.registeredDay.map { Double(now - $0) / 365.25 }, capital: ent.capital, text: "")
            }
            let brute = r.records.enterprises.indices.filter { e in
                r.records[e].status != "注销" && !applied.contains(r.records[e].nodeID) && rec.isEligible(p, profile(e))
            }
            #expect(Set(ranked.map(\.enterprise)) == Set(brute), "\(p.code)")
            // The scores are the blend of the recommender's features.
            var content = [Double](repeating: 0, count: r.enterpriseText.count)
            let hits = r.enterpriseText.search(p.title + "。" + p.tags.joined(separator: "、"), k: r.enterpriseText.count)
            for h in hits { content[h.document] = h.score / max(hits.first?.score ?? 1, 1e-9) }
            let near = rec.history.proximity.enterprises(policy: i)
            for (e, fit) in ranked.prefix(50) {
                let x = rec.features(i, profile(e), content: content[Int(r.textOf[e])], proximity: near[e], taken: rec.history.taken[r.records[e].nodeID] ?? [])
                #expect(abs(rec.blend.score(x) - fit) < 1e-9, "\(p.code) enterprise \(e)")
            }
        }
    }
}
