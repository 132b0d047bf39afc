import Foundation
import Testing
@testable import KGML

/// Cox regression recovers the coefficients of simulated proportional hazards with censoring, and
/// its survival curves order subjects by their hazard.
@Suite struct CoxRegressionTests {
    /// A small deterministic generator (SplitMix64).
    struct Mix {
        var state: UInt64
        mutating func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        mutating func normal() -> Double { (-2 * log(max(unit(), 1e-300))).squareRoot() * cos(2 * .pi * unit()) }
    }

    @Test func recoversSimulatedHazardRatiosUnderCensoring() throws {
        var rng = Mix(state: 7)
        var x: [[Double]] = [], time: [Double] = [], event: [Bool] = []
        for _ in 0..<4_000 {
            let a = rng.normal(), b: Double = rng.unit() < 0.4 ? 1 : 0
            let hazard = 0.1 * exp(0.8 * a - 0.5 * b)
            let t = -log(max(rng.unit(), 1e-300)) / hazard, c = -log(max(rng.unit(), 1e-300)) / 0.04
            x.append([a, b]); time.append(min(t, c)); event.append(t <= c)
        }
        let cox = try CoxRegression(x: x, time: time, event: event, l2: 0.01)
        let beta = zip(cox.coefficients, cox.scales).map { $0 / $1 }
        #expect(abs(beta[0] - 0.8) < 0.08 && abs(beta[1] + 0.5) < 0.1)
        // Higher hazard: lower survival at any time; survival falls with time.
        #expect(cox.survival(at: 10, [1, 0]) < cox.survival(at: 10, [0, 0]) && cox.survival(at: 10, [0, 1]) > cox.survival(at: 10, [0, 0]))
        #expect(cox.survival(at: 20, [0, 0]) < cox.survival(at: 5, [0, 0]) && cox.survival(at: 0, [0, 0]) == 1)
        // Breslow's baseline: the cumulative hazard at x = 0 by t = 10 is 0.1 × 10.
        let h0 = cox.baselineHazard(at: 10) * exp(cox.linearPredictor([0, 0]))
        #expect(abs(h0 - 1.0) < 0.15)
    }

    @Test func refusesWhatItCannotFit() {
        #expect(throws: ModelError.self) { try CoxRegression(x: [[1], [2]], time: [1, 2], event: [false, false]) }
        #expect(throws: ModelError.self) { try CoxRegression(x: [[1], [2, 3]], time: [1, 2], event: [true, true]) }
        #expect(throws: ModelError.self) { try CoxRegression(x: [[1]], time: [1], event: [true]) }
    }
}
