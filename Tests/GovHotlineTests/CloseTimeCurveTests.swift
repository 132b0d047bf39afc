import Testing
@testable import GovHotline

/// Kaplan–Meier on a small worked example: censored orders leave the risk set without closing.
@Suite struct CloseTimeCurveTests {
    @Test func matchesTheHandComputedEstimate() {
        // Closed at 1, 2, 2, 4; open when last seen at 3 and 5 (censored).
        let curve = CloseTimeCurve(durations: [(1, true), (2, true), (2, true), (3, false), (4, true), (5, false)])
        // At risk 6, 5, 2 at the event times: S(1) = 5/6; S(2) = 5/6 · 3/5 = 1/2; S(4) = 1/2 · 1/2 = 1/4.
        #expect(curve.times == [1, 2, 4])
        #expect(abs(curve.open(after: 1) - 5.0 / 6) < 1e-12 && abs(curve.open(after: 3) - 0.5) < 1e-12)
        #expect(abs(curve.open(after: 4) - 0.25) < 1e-12 && curve.open(after: 0) == 1)
        #expect(curve.median == 2 && curve.observations == 6 && curve.events == 4)
        // Open after 1: P(open at 4 | open at 1) = (1/4) / (5/6) = 0.3.
        #expect(abs(curve.lateProbability(elapsed: 1, deadline: 4) - 0.3) < 1e-12)
        #expect(curve.lateProbability(elapsed: 5, deadline: 4) == 1)
    }

    @Test func anEmptyHistoryKnowsNothing() {
        let curve = CloseTimeCurve(durations: [])
        #expect(curve.open(after: 100) == 1 && curve.median == nil && curve.lateProbability(elapsed: 0, deadline: 10) == 1)
    }
}
