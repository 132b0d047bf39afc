/// Which model scores a risk table: the WoE scorecard, gradient-boosted trees, or (`auto`) the
/// one with the better cross-validated AUC on the training rows.
public enum RiskAlgorithm: String, Codable, Sendable, CaseIterable {
    case auto, scorecard, trees
}
