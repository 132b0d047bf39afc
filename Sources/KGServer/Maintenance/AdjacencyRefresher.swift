import Foundation
import KGEngine
import Logging
import ServiceLifecycle

/// Keeps the server's `CSRAdjacency` (Cypher's expansions from memory, and `<db>.csr` for the
/// processes that open the database later) current with the writes it and others commit: every
/// `interval` it reads the committed structure, and rebuilds when `AdjacencyRefreshSchedule`
/// says so. It starts after the warm-up (which maps the file or builds it) and stops with the
/// server. Nothing on PostgreSQL (no adjacency there).
final class AdjacencyRefresher: Service, @unchecked Sendable {
    // @unchecked: `schedule` is used by `run` only, one check at a time.
    let graph: KnowledgeGraph
    let interval: Duration
    let isWarm: @Sendable () -> Bool
    let logger: Logger
    private var schedule: AdjacencyRefreshSchedule
    /// Builds done since start (tests, metrics).
    private(set) var builds = 0

    init(graph: KnowledgeGraph, interval: Duration = .seconds(1), schedule: AdjacencyRefreshSchedule = .init(),
         isWarm: @escaping @Sendable () -> Bool, logger: Logger) {
        self.graph = graph; self.interval = interval; self.schedule = schedule; self.isWarm = isWarm; self.logger = logger
    }

    /// Checks every `interval` until the server shuts down. It never returns before that, even
    /// where there is nothing to refresh (PostgreSQL): a service that returns would end the
    /// server's whole service group.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            var active = true
            while !Task.isCancelled {
                try? await Task.sleep(for: active ? self.interval : .seconds(3600))
                guard active, !Task.isCancelled, self.isWarm() else { continue }
                active = (try? await BlockingPool.run { self.check() }) ?? true
            }
        }
    }

    /// One look, and a build when due; false when the store keeps no adjacency (nothing more to do).
    func check() -> Bool {
        let state: (committed: CSRAdjacency.Stamp, current: Bool)?
        do { state = try graph.adjacencyState() } catch {
            logger.warning("adjacency check failed; expansions read the store", metadata: ["error": "\(error)"])
            return true
        }
        guard let state else { return false }
        let now = ProcessInfo.processInfo.systemUptime
        guard schedule.shouldBuild(now: now, committed: state.committed, current: state.current) else { return true }
        do {
            try graph.refreshAdjacency()
            builds += 1
        } catch {
            logger.warning("adjacency rebuild failed; expansions read the store", metadata: ["error": "\(error)"])
        }
        let end = ProcessInfo.processInfo.systemUptime
        schedule.built(now: end, seconds: end - now)
        return true
    }
}
