/// Which model scores a risk table: the WoE scorecard, gradient-boosted trees, their blend (the
/// mean of the two log-odds), the linear model (`LinearRiskModel`: a penalised logistic regression
/// on the columns and the interaction pairs' XOR and product), or (`auto`) the one
/// cross-validation prefers on the training rows (`RiskModelFit`: a less transparent candidate
/// must rank better overall and at the top).
public enum RiskAlgorithm: String, Codable, Sendable, CaseIterable {
    case auto, scorecard, trees, blend, linear
}
