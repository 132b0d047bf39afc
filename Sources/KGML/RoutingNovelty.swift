import Foundation

/// How far a text lies from everything the routing model knows, and the gate that sends texts
/// too far off to a person even when the classifier is sure (a softmax is often confidently wrong
/// on text unlike its training text: English, noise, an advert, a question no intent covers).
///
/// Two signs, each cheap and computed with the routing itself:
/// - `coverage`: the share of the text's n-gram occurrences that fall on a feature column of the
///   vocabulary (a foreign language, symbols or random characters fall mostly outside it);
/// - `energy`: the log-sum-exp of the classifier's raw scores (temperature 1), high when the text
///   carries words the model learned to tie to some intent, low when it carries only words every
///   intent shares (small talk, a wrong number).
/// The gate's two minimums are low quantiles of both over labelled texts of another origin
/// (`govbrain model calibrate routing`), so it costs a known share of in-scope texts; a text below
/// either minimum is out of distribution.
public struct RoutingNovelty: Sendable, Equatable {
    public let minimumCoverage: Double
    public let minimumEnergy: Double
    /// The quantile of the calibration texts the minimums were taken at.
    public let quantile: Double

    public init(minimumCoverage: Double, minimumEnergy: Double, quantile: Double) {
        self.minimumCoverage = minimumCoverage; self.minimumEnergy = minimumEnergy; self.quantile = quantile
    }

    /// Whether a text with these signs is out of distribution (a sign that is not a number is).
    public func isOutOfDistribution(coverage: Double, energy: Double) -> Bool {
        !(coverage >= minimumCoverage && energy >= minimumEnergy)
    }

    /// log Σ exp(z): the energy sign of raw class scores.
    public static func energy(_ z: [Float]) -> Double {
        guard let top = z.max() else { return -.infinity }
        let sum = z.reduce(0.0) { $0 + exp(Double($1 - top)) }
        return Double(top) + log(sum)
    }

    /// The gate at the `quantile` of the signs of in-scope texts (`coverage`, `energy`, one pair per text).
    public static func fit(coverage: [Double], energy: [Double], quantile: Double) -> RoutingNovelty {
        func low(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((quantile * Double(sorted.count)).rounded(.down)))]
        }
        return RoutingNovelty(minimumCoverage: low(coverage), minimumEnergy: low(energy), quantile: quantile)
    }
}
