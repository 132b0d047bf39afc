import Foundation
import KGCore

/// Seeded standard-normal numbers (splitmix64 + Box–Muller): reproducible random projections.
struct GaussianRandom {
    private var source: SplitMix64
    private var spare: Float?

    init(seed: UInt64) { source = SplitMix64(seed: seed) }

    /// Uniform in (0, 1].
    mutating func nextUniform() -> Double { source.nextUniform() }

    mutating func next() -> Float {
        if let s = spare { spare = nil; return s }
        let u1 = nextUniform(), u2 = nextUniform()
        let r = (-2 * log(u1)).squareRoot()
        spare = Float(r * sin(2 * .pi * u2))
        return Float(r * cos(2 * .pi * u2))
    }
}
