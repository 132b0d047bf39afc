/// The Kaplan–Meier estimate of how long work orders take to close: S(t) = P(still open after t),
/// from closed orders (events) and orders still open when observed (censored). Times are working
/// seconds from receipt.
public struct CloseTimeCurve: Sendable, Equatable {
    /// Event times, ascending, and the survival just after each.
    public let times: [Int64]
    public let survival: [Double]
    /// Orders the curve is estimated from (closed and open).
    public let observations: Int
    /// Of which closed.
    public let events: Int

    /// - Parameter durations: for each order, its time to close (closed) or time observed so far (open).
    public init(durations: [(seconds: Int64, closed: Bool)]) {
        let sorted = durations.sorted { $0.seconds != $1.seconds ? $0.seconds < $1.seconds : ($0.closed && !$1.closed) }
        var atRisk = sorted.count
        var times: [Int64] = [], survival: [Double] = []
        var s = 1.0
        var i = 0
        while i < sorted.count {
            let t = sorted[i].seconds
            var closed = 0, leaving = 0
            while i < sorted.count && sorted[i].seconds == t {
                if sorted[i].closed { closed += 1 }
                leaving += 1
                i += 1
            }
            if closed > 0 && atRisk > 0 {
                s *= 1 - Double(closed) / Double(atRisk)
                times.append(t); survival.append(s)
            }
            atRisk -= leaving
        }
        self.times = times
        self.survival = survival
        observations = durations.count
        events = durations.filter(\.closed).count
    }

    /// S(t): the share of orders still open after `t` working seconds.
    public func open(after t: Int64) -> Double {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? 1 : survival[lo - 1]
    }

    /// P(still open at `deadline` | still open at `elapsed`): the chance an open order closes late.
    public func lateProbability(elapsed: Int64, deadline: Int64) -> Double {
        if elapsed >= deadline { return 1 }
        let now = open(after: elapsed)
        // Open longer than every past order took: the history says nothing good.
        guard now > 0 else { return 1 }
        return min(1, max(0, open(after: deadline) / now))
    }

    /// The working time by which half the orders are closed (nil when fewer than half ever closed).
    public var median: Int64? {
        for (t, s) in zip(times, survival) where s <= 0.5 { return t }
        return nil
    }
}
