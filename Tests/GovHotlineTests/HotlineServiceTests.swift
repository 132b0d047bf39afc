import Foundation
import Testing
import KGCore
import KGEngine
import GovDemo
import GovBrainTestSupport
@testable import GovHotline
import KGDatagen
import KGML

/// The hotline service through its typed API on a tiny demo graph with the promoted routing
/// model of `Models/`: routing, knowledge search, statistics and hotspots, and their checks.
@Suite struct HotlineServiceTests {
    static let demo: Result<String, any Error> = Result { try TinyDemo.copyInNewFolder(prefix: "gov").path }

    static func service() throws -> HotlineService { HotlineService(graph: try KnowledgeGraph.open(path: try demo.get())) }

    @Test func routesAComplaintToTheOfficeOfThePlaceNamed() async throws {
        let service = try Self.service()
        let routing = try await service.route(HotlineRouteRequest(text: "我是青秀区的，我们小区停水两天了，什么时候恢复供水？"))
        #expect(routing.intent == "water_outage")
        #expect(routing.place?.adcode == "450103")
        #expect(routing.office?.adcode.hasPrefix("4501") == true)
        let json = try JSONValueEncoder().encode(routing)
        guard case .object(let members) = json else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["intent", "department", "adcode", "office", "confidence", "needsHuman", "alternatives", "similarCases",
                                     "answer", "place", "modelVersion"])
        await #expect { try await service.route(HotlineRouteRequest(text: String(repeating: "水", count: 4001))) } throws: {
            ($0 as? any GovBrainError)?.code == .invalidRoutingRequest
        }
    }

    @Test func knowledgeSearchChecksItsRequest() throws {
        let service = try Self.service()
        let answer = try service.knowledgeSearch(KnowledgeSearchRequest(text: "停水怎么办", k: 3))
        #expect(answer.k == 3 && answer.results.count <= 3 && !answer.results.isEmpty)
        for bad in [KnowledgeSearchRequest(text: "  "), KnowledgeSearchRequest(text: "停水", k: 0), KnowledgeSearchRequest(text: "停水", intent: "no_such_intent")] {
            #expect(throws: EngineError.self) { try service.knowledgeSearch(bad) }
        }
    }

    @Test func statisticsFilterByRegionAndIntent() throws {
        let service = try Self.service()
        let all = try service.statistics(HotlineStatisticsRequest())
        #expect(all.total > 0 && all.byIntent.reduce(0) { $0 + $1.count } == all.total)
        let nanning = try service.statistics(HotlineStatisticsRequest(region: "南宁市"))
        #expect(nanning.filter.region == "450100" && nanning.total <= all.total)
        #expect(nanning.byRegion.allSatisfy { $0.adcode.hasPrefix("4501") })
        let top = try #require(all.byIntent.first)
        let one = try service.statistics(HotlineStatisticsRequest(intent: top.intent))
        #expect(one.total == top.count && one.byIntent.map(\.intent) == [top.intent])
        let json = try JSONValueEncoder().encode(one)
        #expect(json["filter"]?["from"] == .null && json["medianHoursToClose"] != nil)
        #expect(throws: EngineError.self) { try service.statistics(HotlineStatisticsRequest(from: "yesterday")) }
        #expect(throws: EngineError.self) { try service.statistics(HotlineStatisticsRequest(region: "火星")) }
        #expect(throws: EngineError.self) { try service.statistics(HotlineStatisticsRequest(intent: "no_such_intent")) }
    }

    @Test func hotspotsCheckTheWindow() throws {
        let service = try Self.service()
        let report = try service.hotspots(HotspotsRequest(window: "7d"))
        #expect(report.windowSeconds == 7 * 86_400 && report.method == "intent")
        #expect(report.hotspots.allSatisfy { $0.count >= 5 && $0.pValue < 1e-3 })
        #expect(throws: EngineError.self) { try service.hotspots(HotspotsRequest(window: "soon")) }
        #expect(throws: EngineError.self) { try service.hotspots(HotspotsRequest(window: "400d")) }
    }
}
