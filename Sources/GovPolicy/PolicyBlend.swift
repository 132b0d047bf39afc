import Foundation
import KGCore
import KGEngine
import KGML

/// A ranking of eligible policies as a weighted sum of `PolicyFeature`s: the weights are those of
/// a logistic regression (IRLS, small ridge) of "the enterprise applied for the policy in the
/// validation half-year and received it" on the features as of the validation cut-off, over every
/// eligible candidate of the enterprises active in that half-year. A blend restricted to a group of
/// features is the same learner on those features only (the content-only and collaborative-only rankers).
public struct PolicyBlend: Sendable, Equatable, Encodable {
    public let features: [PolicyFeature]
    public let weights: [Double]
    public let intercept: Double
    /// Where each feature sits in a full feature vector.
    private let positions: [Int]

    public init(features: [PolicyFeature], weights: [Double], intercept: Double = 0) {
        self.features = features
        self.weights = weights
        self.intercept = intercept
        positions = features.map { Self.position[$0]! }
    }

    /// Ranks by one feature alone (the popularity baseline).
    public static func single(_ f: PolicyFeature) -> PolicyBlend { PolicyBlend(features: [f], weights: [1]) }

    /// The blend's score (a logit) of a full feature vector (indexed by `PolicyFeature.allCases`).
    public func score(_ x: [Double]) -> Double {
        var s = intercept
        for (k, w) in weights.enumerated() { s += w * x[positions[k]] }
        return s
    }

    /// A score as the estimated probability of take-up (the logistic of the logit).
    public static func probability(_ logit: Double) -> Double { 1 / (1 + exp(-logit)) }

    static let position: [PolicyFeature: Int] = Dictionary(uniqueKeysWithValues: PolicyFeature.allCases.enumerated().map { ($1, $0) })

    /// Fits the weights of `features` on labelled candidate rows (full feature vectors).
    public static func fit(features: [PolicyFeature], rows: [[Double]], labels: [Bool], l2: Double = 1) throws -> PolicyBlend {
        guard labels.contains(true), labels.contains(false) else {
            throw ModelError(code: .insufficientData, "the validation half-year has no \(labels.contains(true) ? "negative" : "positive") candidates; the graph needs policy applications and grants dated on both sides of the cut-off")
        }
        let x = rows.map { row in features.map { row[position[$0]!] } }
        let fit = try LogisticIRLS.fit(x: x, y: labels.map { $0 ? 1 : 0 }, l2: l2)
        return PolicyBlend(features: features, weights: fit.coefficients, intercept: fit.intercept)
    }

    var json: JSON {
        .object([("intercept", .double(intercept)),
                 ("weights", .object(zip(features, weights).map { ($0.rawValue, JSON.double($1)) }))])
    }

    /// `{"intercept", "weights": {feature: weight}}`, the shape the model file stores.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: StringCodingKey.self)
        try c.encode(intercept, forKey: StringCodingKey("intercept"))
        var w = c.nestedContainer(keyedBy: StringCodingKey.self, forKey: StringCodingKey("weights"))
        for (f, weight) in zip(features, weights) { try w.encode(weight, forKey: StringCodingKey(f.rawValue)) }
    }


    /// Reads `{"intercept", "weights": {feature: weight}}`.
    init(json: JSON) throws {
        guard case .object(let members)? = json["weights"] else { throw ModelError(code: .invalidArtifact, "a policy blend needs \"weights\": {feature: weight}") }
        var features: [PolicyFeature] = [], weights: [Double] = []
        for (name, value) in members {
            guard let f = PolicyFeature(rawValue: name), let w = value.doubleValue else {
                throw ModelError(code: .invalidArtifact, "unknown policy feature \"\(name)\" (known: \(PolicyFeature.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            features.append(f)
            weights.append(w)
        }
        self.init(features: features, weights: weights, intercept: json["intercept"]?.doubleValue ?? 0)
    }
}
