import KGEngine

/// When a server rebuilds the adjacency Cypher's expansions read (`CSRAdjacency`) after writes
/// changed the graph's structure: not on every write (a build reads every relationship), but
/// once the structure has stopped changing for `settle` seconds, and never more often than
/// `spacing` times the last build's duration after it (so the builds take at most about
/// 1 / `spacing` of one core, whatever the graph's size). Until then expansions read SQLite,
/// with the same results.
struct AdjacencyRefreshSchedule: Sendable {
    /// Seconds without a structural change before a build.
    let settle: Double
    /// A build waits at least this many times the last build's duration after it ended.
    let spacing: Double
    private var lastSeen: CSRAdjacency.Stamp?
    private var seenSince: Double = 0
    private var lastBuildEnd: Double = -.infinity
    private var lastBuildSeconds: Double = 0

    init(settle: Double = 2, spacing: Double = 10) { self.settle = settle; self.spacing = spacing }

    /// Records what a check saw at time `now` (seconds, any fixed origin) and says whether to build now.
    /// - Parameters:
    ///   - committed: the structure committed now.
    ///   - current: whether the adjacency served holds it.
    mutating func shouldBuild(now: Double, committed: CSRAdjacency.Stamp, current: Bool) -> Bool {
        if committed != lastSeen { lastSeen = committed; seenSince = now }
        guard !current else { return false }
        return now - seenSince >= settle && now - lastBuildEnd >= spacing * lastBuildSeconds
    }

    /// Records a build that took `seconds` and ended at `now`.
    mutating func built(now: Double, seconds: Double) {
        lastBuildEnd = now; lastBuildSeconds = seconds
    }
}
