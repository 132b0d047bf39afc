import KGCore

/// An efficacy report on the graph (效能评估报告): the case-mix-adjusted index of each office,
/// department type or region for one period and domain, with its interval, rank and the
/// components that moved it. `EfficacyReport.make(graph:request:)` builds it; JSON (the HTTP
/// answer), `csv()` and `html()` render it.
public struct EfficacyReport: Encodable, Sendable {
    /// One outcome the index combines.
    public struct Outcome: Encodable, Sendable {
        public let name: String
        public let domain: String
        public let description: String
        /// Cases with this outcome in the period, and the share good.
        public let cases: Int
        public let rate: Double
        /// The between-unit standard deviation of observed − expected (0: no unit differs more than chance).
        public let betweenUnitSD: Double
    }

    /// One outcome's contribution to a unit's index.
    public struct Component: Encodable, Sendable, Equatable {
        public let outcome: String
        /// The shrunken observed − expected in between-unit standard deviations (+ = better than expected).
        public let z: Double
    }

    /// One ranked unit.
    public struct Row: Encodable, Sendable, Equatable {
        /// The office code, department type code or region adcode.
        public let id: String
        public let name: String
        /// The peer group it is compared within (the department type at office level; "" otherwise).
        public let group: String
        public let index: Double
        public let lower: Double
        public let upper: Double
        /// 1 = best among all units of the report (before any region filter).
        public let rank: Int
        public let groupRank: Int
        public let cases: Int
        /// The raw success rate over its outcome cells, and the rate its case mix predicts.
        public let raw: Double?
        public let expected: Double?
        public let components: [Component]
        /// The unit's claim rate of its supervision items (认领率, plan target ≥ 95 %, PT121): an
        /// indicator beside the index, not in it (it is a state of the unit, not an outcome of its
        /// cases); nil for the hotline and for a graph without the catalogue.
        public var claimRate: Double? = nil
        /// The joint inspections (联合检查) the unit took part in during the period, and their share of
        /// its inspections (joint ÷ (own + joint), see `EfficacyJointInspections`): an indicator beside
        /// the index, not in it; nil for the hotline and for a unit without inspections in the period.
        public var jointInspections: Int? = nil
        public var jointShare: Double? = nil
    }

    public let period: String
    public let level: String
    public let domain: String
    public let region: String?
    public let method: String
    /// Cases used (all units), and units ranked.
    public let cases: Int
    public let units: Int
    public let outcomes: [Outcome]
    /// The case-mix columns the expectation models used.
    public let caseMix: [String]
    /// Units best first (only those of `region` when given).
    public let rows: [Row]
    public let notes: [String]
    /// The claim rate of the supervision items (认领率) of every unit at the report's level, domain
    /// and region, lowest first, against the plan's ≥ 95 % (PT121), units without cases in the
    /// period included; empty for the hotline and for a graph without the catalogue.
    public var claimRates: [SupervisionClaimRates.Row] = []
    /// Joint inspections in the period at the report's domain and region, each visit once (nil for the hotline).
    public var jointInspections: Int? = nil

    /// How the index is made, in one paragraph.
    static let method = "case-mix-adjusted efficacy index: per outcome, a logistic model of the case mix known when each case started "
        + "(one intercept per unit, shared slopes) gives each case's expected value; observed − expected per unit is shrunk toward its "
        + "peer group by empirical Bayes; the outcomes' standardised effects are averaged into index = 100·Φ(score) "
        + "(50 = as its case mix predicts, higher = better) with a 95 % interval"
}
