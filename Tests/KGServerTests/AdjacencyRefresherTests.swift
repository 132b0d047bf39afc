import Foundation
import Logging
import Testing
import GovBrainTestSupport
import KGCore
import KGEngine
@testable import KGServer

/// After writes change the graph's structure, the server rebuilds the adjacency Cypher's
/// expansions read, once the writes have settled and never more often than its pacing allows.
@Suite struct AdjacencyRefresherTests {
    static let a = CSRAdjacency.Stamp(structureChanges: 1, nextNodeID: 10, nextRelationshipID: 5)
    static let b = CSRAdjacency.Stamp(structureChanges: 2, nextNodeID: 11, nextRelationshipID: 5)

    @Test func buildsOnlyOnceTheStructureHasSettledAndPacesItsBuilds() {
        var s = AdjacencyRefreshSchedule(settle: 2, spacing: 10)
        // (time, committed stamp, served adjacency current?, build expected)
        let steps: [(Double, CSRAdjacency.Stamp, Bool, Bool, String)] = [
            (0, Self.a, true, false, "current: nothing to do"),
            (1, Self.b, false, false, "just changed"),
            (2.5, Self.b, false, false, "1.5 s unchanged"),
            (3, Self.b, false, true, "2 s unchanged"),
        ]
        for (now, stamp, current, expected, why) in steps {
            let decided = s.shouldBuild(now: now, committed: stamp, current: current)
            #expect(decided == expected, "\(why)")
        }
        s.built(now: 4, seconds: 1)
        // Changed again right after: settled at 6.5, but the last build (1 s) asks for 10 s after it ended.
        for (now, expected) in [(4.5, false), (7, false), (13.9, false), (14, true)] {
            let decided = s.shouldBuild(now: now, committed: Self.a, current: false)
            #expect(decided == expected, "at \(now)")
        }
        // A structure that keeps changing is never built for.
        var busy = AdjacencyRefreshSchedule(settle: 2, spacing: 0)
        for t in 0..<10 {
            let stamp = CSRAdjacency.Stamp(structureChanges: Int64(t), nextNodeID: Int64(t), nextRelationshipID: 0)
            let decided = busy.shouldBuild(now: Double(t), committed: stamp, current: false)
            #expect(!decided)
        }
    }

    @Test func writesAreFollowedByARebuildAndTheFile() throws {
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }
        let graph = try KnowledgeGraph.open(path: try site.location(), options: .init(createIfMissing: true, schemaModeForNew: .off))
        try graph.query("CREATE (:P {n: 1})-[:R]->(:P {n: 2})") { _, _ in }
        #expect(try graph.ensureAdjacency())
        #expect(try graph.adjacencyState()?.current == true)
        let refresher = AdjacencyRefresher(graph: graph, schedule: .init(settle: 0, spacing: 0), isWarm: { true },
                                           logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        #expect(refresher.check() && refresher.builds == 0, "current: no build")
        try graph.query("MATCH (p:P {n: 2}) CREATE (p)-[:R]->(:P {n: 3})") { _, _ in }
        let stale = try #require(try graph.adjacencyState())
        #expect(!stale.current)
        #expect(refresher.check() && refresher.builds == 1)
        let after = try #require(try graph.adjacencyState())
        #expect(after.current && after.committed == stale.committed)
        // The file holds it too: another process (here another store object) maps it.
        let other = try KnowledgeGraph.open(path: try site.location())
        #expect(try other.adjacencyState()?.current == true)
        var reach: [[Value]] = []
        try graph.query("MATCH (:P {n: 1})-[:R*1..2]->(x) RETURN count(DISTINCT x) AS c") { row, _ in reach.append(row) }
        #expect(reach == [[.int(2)]])
        // A property write keeps the structure: no build.
        try graph.query("MATCH (p:P {n: 3}) SET p.m = 1") { _, _ in }
        #expect(refresher.check() && refresher.builds == 1)
    }

    @Test(.enabled(if: TestBackend.all.contains(.postgres), "set GOVBRAIN_TEST_POSTGRES_URL"))
    func postgresStoresHaveNothingToRefresh() throws {
        let site = try TestStoreSite(.postgres)
        defer { withExtendedLifetime(site) {} }
        let graph = try KnowledgeGraph.open(path: try site.location(), options: .init(createIfMissing: true, schemaModeForNew: .off))
        let refresher = AdjacencyRefresher(graph: graph, isWarm: { true }, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        #expect(!refresher.check(), "no adjacency on PostgreSQL")
    }

    /// A service whose run() returns ends the server's whole service group: the refresher runs
    /// until cancelled, on PostgreSQL (nothing to refresh) as on SQLite.
    @Test(arguments: TestBackend.all) func theServiceRunsUntilCancelled(_ backend: TestBackend) async throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let graph = try KnowledgeGraph.open(path: try site.location(), options: .init(createIfMissing: true, schemaModeForNew: .off))
        let refresher = AdjacencyRefresher(graph: graph, interval: .milliseconds(50), schedule: .init(settle: 0, spacing: 0),
                                           isWarm: { true }, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let running = Task { try await refresher.run(); return Date() }
        try await Task.sleep(for: .milliseconds(600))
        let cancelled = Date()
        running.cancel()
        let ended = try await running.value
        #expect(ended >= cancelled, "run() returned before it was cancelled")
    }
}
