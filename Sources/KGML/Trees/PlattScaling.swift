import Foundation

/// Platt scaling: a calibrated probability σ(a + b·margin) from a raw ensemble margin.
///
/// Boosted trees stopped early rank well but their raw probabilities are often too extreme or too
/// timid; two parameters fitted by maximum likelihood on held-out margins correct that without
/// changing the order of the scores.
public struct PlattScaling: Codable, Sendable, Equatable {
    /// Intercept.
    public var a: Double
    /// Slope on the margin (1 with a = 0: the margin taken as it is).
    public var b: Double

    /// The identity map (σ(margin)), used when there is nothing held out to fit on.
    public static let identity = PlattScaling(a: 0, b: 1)

    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }

    /// The calibrated probability of a margin.
    public func probability(margin: Double) -> Double { 1 / (1 + exp(-(a + b * margin))) }

    /// Fits a and b by Newton's method on held-out margins and their 0/1 targets (a tiny ridge on
    /// b keeps the fit finite when the margins separate the classes). Returns the identity when the
    /// targets have one class only.
    public static func fit(margins: [Double], targets: [Int]) -> PlattScaling {
        let positives = targets.reduce(0, +)
        guard margins.count == targets.count, positives > 0, positives < targets.count else { return .identity }
        let ridge = 1e-6 * Double(margins.count)
        func loss(_ a: Double, _ b: Double) -> Double {
            var s = ridge * b * b / 2
            for (m, y) in zip(margins, targets) {
                let z = a + b * m
                // log(1 + e^z) − y·z, computed without overflow.
                s += (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - Double(y) * z
            }
            return s
        }
        var a = 0.0, b = 1.0, current = loss(a, b)
        for _ in 0..<100 {
            var ga = 0.0, gb = ridge * b, haa = 0.0, hab = 0.0, hbb = ridge
            for (m, y) in zip(margins, targets) {
                let p = 1 / (1 + exp(-(a + b * m))), w = max(p * (1 - p), 1e-12)
                ga += p - Double(y); gb += (p - Double(y)) * m
                haa += w; hab += w * m; hbb += w * m * m
            }
            let det = haa * hbb - hab * hab
            guard det > 0 else { break }
            var da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det
            var improved = false
            for _ in 0..<30 {
                let next = loss(a - da, b - db)
                if next <= current { a -= da; b -= db; improved = current - next > 1e-12 * max(1, abs(current)); current = next; break }
                da /= 2; db /= 2
            }
            if !improved { break }
        }
        return PlattScaling(a: a, b: b)
    }
}
