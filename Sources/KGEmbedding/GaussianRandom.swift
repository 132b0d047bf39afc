import Foundation

/// Seeded standard-normal numbers (splitmix64 + Box–Muller): reproducible random projections.
struct GaussianRandom {
    private var state: UInt64
    private var spare: Float?

    init(seed: UInt64) { state = seed }

    mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    mutating func nextUniform() -> Double { (Double(nextUInt64() >> 11) + 1) / 9_007_199_254_740_992.0 }

    mutating func next() -> Float {
        if let s = spare { spare = nil; return s }
        let u1 = nextUniform(), u2 = nextUniform()
        let r = (-2 * log(u1)).squareRoot()
        spare = Float(r * sin(2 * .pi * u2))
        return Float(r * cos(2 * .pi * u2))
    }
}
