/// The result of an efficacy evaluation: every office's index, the per-outcome models and what
/// the encoding did. Written as OFFICES.csv (`csv()`) and its card (`card(command:)`).
public struct EfficacyScores: Sendable {
    /// One outcome's expectation model and spread between offices.
    public struct Outcome: Sendable {
        public let name: String
        /// Cases with this outcome, and the share good.
        public let cases: Int
        public let rate: Double
        /// The case-mix slopes on standardised features (log-odds per standard deviation), in
        /// `EfficacyScores.featureNames` order.
        public let slopes: [Double]
        /// The between-office standard deviation τ of the O − E rate (0: no office differs
        /// from its case mix more than chance explains).
        public let betweenOfficeSD: Double
        /// Whether the expectation model's Newton iterations converged.
        public let converged: Bool
    }

    /// Offices sorted by rank.
    public let offices: [OfficeEfficacy]
    public let outcomes: [Outcome]
    public let featureNames: [String]
    public let caseCount: Int
    public let groups: [String]
    public let hasGroupColumn: Bool
    public let source: String
    public let period: String?
    public let configuration: EfficacyEstimator.Configuration
    /// The encoding's notes and the estimator's own.
    public let notes: [String]
}
