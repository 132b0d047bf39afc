import KGCore

extension RiskEvaluation {
    /// The out-of-time comparison of the risk model with its baselines (plain logistic regression,
    /// the supervisors' rule list), the generator's oracle and a random ranking.
    public struct Report: Encodable, Sendable {
        public var trainOrigins: [String]
        public var testOrigin: String
        public var horizonMonths: Int
        public var trainRows: Int
        public var testEnterprises: Int
        public var testBaseRate: Double
        public var k1Percent: Int
        public var k5Percent: Int
        public var models: Models
        public var reasonCodeHitRate: ReasonCodeHitRate

        /// Each ranking's metrics.
        public struct Models: Encodable, Sendable {
            public var graphRiskModel: RankingMetrics
            public var plainLogistic: RankingMetrics
            public var rulesBaseline: RankingMetrics
            public var oracle: RankingMetrics
            public var random: RankingMetrics
        }

        /// How often the model's top reasons name the drivers of the planted patterns, in its top 5 %.
        public struct ReasonCodeHitRate: Encodable, Sendable {
            public var plantedInTop5Percent: Int
            public var hits: Int
            public var rate: Double?

            enum CodingKeys: String, CodingKey { case plantedInTop5Percent, hits, rate }
            public func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(plantedInTop5Percent, forKey: .plantedInTop5Percent); try c.encode(hits, forKey: .hits); try c.encode(rate, forKey: .rate)
            }
        }
    }

    /// AUC, average precision, and precision, recall and catches in the top 1 % and 5 %.
    public struct RankingMetrics: Encodable, Sendable {
        public var auc: Double
        public var averagePrecision: Double
        public var top1: AtCutoff
        public var top5: AtCutoff

        public struct AtCutoff: Sendable {
            public var precision: Double
            public var expectedPrecision: Double
            public var recall: Double
            public var plantedRecall: Double
            public var highRiskRecall: Double
            public var decoyShare: Double
        }


        /// Flat keys as the report has always had them: `precisionAt1%`, `recallAt5%`, ….
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: StringCodingKey.self)
            try c.encode(auc, forKey: StringCodingKey("auc"))
            try c.encode(averagePrecision, forKey: StringCodingKey("averagePrecision"))
            for (name, m) in [("1%", top1), ("5%", top5)] {
                try c.encode(m.precision, forKey: StringCodingKey("precisionAt\(name)"))
                try c.encode(m.expectedPrecision, forKey: StringCodingKey("expectedPrecisionAt\(name)"))
                try c.encode(m.recall, forKey: StringCodingKey("recallAt\(name)"))
                try c.encode(m.plantedRecall, forKey: StringCodingKey("plantedRecallAt\(name)"))
                try c.encode(m.highRiskRecall, forKey: StringCodingKey("highRiskRecallAt\(name)"))
                try c.encode(m.decoyShare, forKey: StringCodingKey("decoyShareAt\(name)"))
            }
        }
    }
}
