import Foundation
import KGCore
import KGML

/// The case-mix-adjusted efficacy index (效能评估) of offices: who does well given the cases
/// they were handed, not who was handed the easy ones.
///
/// Per outcome y_k:
/// 1. **Expectation**: a logistic model of y_k on the standardised case mix. By default
///    (`.withinOffice`) it has one intercept per office and shared slopes (`StratifiedLogistic`),
///    so the slopes come from variation within offices and are not biased when case mix is
///    correlated with office quality; a case's expected value is then
///    sigmoid(c_g + x·β), with c_g the intercept that makes the group's expected total equal its
///    observed total. `.pooled` fits one intercept per group instead (the plain model: kept to
///    show the bias, see Tools/bench/bench_efficacy.py).
/// 2. **Observed − expected** per office: r_j = (O_j − E_j)/n_j, sampling variance
///    s_j² = max(Σ p(1−p), ¼)/n_j² (at least one coin flip, so an office whose cases are all
///    certain is not certain itself).
/// 3. **Shrinkage** (`NormalShrinkage`): normal–normal empirical Bayes within groups, τ² by the
///    method of moments pooled over groups; each office's component is its posterior distance
///    from its group mean in between-office SDs, with its posterior variance on that scale.
///
/// The components are averaged (an office missing an outcome averages the others) into a score;
/// index = 100·Φ(score), interval = 100·Φ(score ± z·sd) with sd = √(Σ variances)/K (outcomes
/// taken as independent, which narrows the interval when they share the office effect).
/// Rank 1 = best over all offices; because every index is relative to its own group, the overall
/// rank orders offices by how far they stand above their peers, and `groupRank` ranks within the
/// group.
public enum EfficacyEstimator {
    /// How the expected value of a case is modelled.
    public enum Expectation: String, Sendable, CaseIterable {
        /// One intercept per office, shared slopes (office fixed effects): the default.
        case withinOffice = "within"
        /// One intercept per group, shared slopes (ignores who handled the case while learning
        /// the slopes; biased when case mix tracks office quality).
        case pooled
    }

    /// The estimator's settings.
    public struct Configuration: Sendable {
        public var expectation: Expectation = .withinOffice
        /// Ridge penalty on the case-mix slopes (standardised features).
        public var l2: Double = 1
        /// Ridge penalty pulling each office's intercept toward the overall logit (keeps an
        /// office whose outcomes are all good finite).
        public var interceptL2: Double = 0.5
        /// The interval's coverage, within 0.5–0.999.
        public var level: Double = 0.95

        public init() {}

        /// - Throws: `ModelError` naming the setting out of range.
        public func validate() throws {
            guard (0.5...0.999).contains(level) else { throw ModelError(code: .invalidArgumentValue, "the interval level must be within 0.5–0.999 (e.g. 0.95)") }
            var logistic = StratifiedLogistic.Configuration()
            logistic.l2 = l2; logistic.interceptL2 = interceptL2
            try logistic.validate()
        }
    }

    /// Scores every office of the table.
    /// - Throws: `ModelError` for a setting out of range or a case mix that cannot be fitted.
    public static func score(_ cases: EfficacyCases, configuration c: Configuration = .init()) throws -> EfficacyScores {
        try c.validate()
        let offices = cases.offices.count, groupOfCase = cases.office.map { cases.officeGroup[$0] }
        let x = standardised(cases.features)
        var logistic = StratifiedLogistic.Configuration()
        logistic.l2 = c.l2; logistic.interceptL2 = c.interceptL2

        var outcomes: [EfficacyScores.Outcome] = [], notes = cases.notes
        var components = [[Double?]](repeating: [], count: offices), variances = [[Double]](repeating: [], count: offices)
        var unshrunk = [[Double]](repeating: [], count: offices)
        var observed = [Double](repeating: 0, count: offices), expected = [Double](repeating: 0, count: offices), cells = [Double](repeating: 0, count: offices)
        for (k, name) in cases.outcomeNames.enumerated() {
            let rows = cases.outcomes[k].indices.filter { cases.outcomes[k][$0] != nil }
            let y = rows.map { cases.outcomes[k][$0]! }
            let stratum = rows.map { c.expectation == .withinOffice ? cases.office[$0] : groupOfCase[$0] }
            let fit = try StratifiedLogistic.fit(x: rows.map { x[$0] }, y: y, stratum: stratum,
                                                 strata: c.expectation == .withinOffice ? offices : cases.groups.count, configuration: logistic)
            if !fit.converged { notes.append("\(name): the expectation model stopped after \(fit.iterations) iterations without converging") }
            let offsets = rows.map { fit.slopePart(x[$0]) }
            // Calibration in the large within each group: the group's offices are compared with
            // one another, so its expected total is its observed total.
            var intercept = [Double](repeating: 0, count: cases.groups.count)
            for g in cases.groups.indices {
                let members = rows.indices.filter { groupOfCase[rows[$0]] == g }
                intercept[g] = StratifiedLogistic.calibratedIntercept(offsets: members.map { offsets[$0] }, total: Double(members.reduce(0) { $0 + y[$1] }))
            }
            var o = [Double](repeating: 0, count: offices), e = o, v = o, n = o
            for (i, r) in rows.enumerated() {
                let j = cases.office[r], p = StratifiedLogistic.sigmoid(intercept[groupOfCase[r]] + offsets[i])
                o[j] += Double(y[i]); e[j] += p; v[j] += p * (1 - p); n[j] += 1
            }
            let present = (0..<offices).filter { n[$0] > 0 }
            let shrunk = NormalShrinkage.fit(estimates: present.map { (o[$0] - e[$0]) / n[$0] },
                                             variances: present.map { max(v[$0], 0.25) / (n[$0] * n[$0]) },
                                             groups: present.map { cases.officeGroup[$0] }, groupCount: cases.groups.count)
            let tau = shrunk.tau2.squareRoot()
            for j in 0..<offices { components[j].append(nil) }
            for (m, j) in present.enumerated() {
                let post = shrunk.posteriors[m]
                components[j][k] = post.standardized
                variances[j].append(post.standardizedVariance)
                let own = (o[j] - e[j]) / n[j] - shrunk.groupMeans[cases.officeGroup[j]]
                unshrunk[j].append(tau > 0 ? own / tau : 0)
                observed[j] += o[j]; expected[j] += e[j]; cells[j] += n[j]
            }
            if tau == 0 { notes.append("\(name): offices differ no more than chance explains (τ = 0), so it moves no index") }
            outcomes.append(.init(name: name, cases: rows.count, rate: Double(y.reduce(0, +)) / Double(max(rows.count, 1)),
                                  slopes: fit.coefficients, betweenOfficeSD: tau, converged: fit.converged))
        }
        for (g, name) in cases.groups.enumerated() where cases.officeGroup.filter({ $0 == g }).count == 1 {
            notes.append((cases.hasGroupColumn ? "group \(name) has" : "the table has") + " one office: with no peer to compare with, its index is 50")
        }

        let zLevel = NormalDistribution.quantile(0.5 + c.level / 2)
        let caseCounts = cases.office.reduce(into: [Int](repeating: 0, count: offices)) { $0[$1] += 1 }
        struct Row { let j: Int; let score: Double; let sd: Double; let raw: Double }
        let rows = (0..<offices).map { j -> Row in
            let z = components[j].compactMap { $0 }
            let score = z.isEmpty ? 0 : z.reduce(0, +) / Double(z.count)
            let sd = z.isEmpty ? 1 : variances[j].reduce(0, +).squareRoot() / Double(z.count)
            let raw = unshrunk[j].isEmpty ? 0 : unshrunk[j].reduce(0, +) / Double(unshrunk[j].count)
            return Row(j: j, score: score, sd: sd, raw: raw)
        }
        func better(_ a: Row, _ b: Row) -> Bool { a.score != b.score ? a.score > b.score : cases.offices[a.j] < cases.offices[b.j] }
        let order = rows.sorted(by: better)
        var groupRank = [Int](repeating: 0, count: offices), seen = [Int](repeating: 0, count: cases.groups.count)
        for r in order { seen[cases.officeGroup[r.j]] += 1; groupRank[r.j] = seen[cases.officeGroup[r.j]] }
        let result = order.enumerated().map { rank, r in
            OfficeEfficacy(office: cases.offices[r.j], group: cases.groups[cases.officeGroup[r.j]],
                           index: 100 * NormalDistribution.cdf(r.score),
                           lower: 100 * NormalDistribution.cdf(r.score - zLevel * r.sd), upper: 100 * NormalDistribution.cdf(r.score + zLevel * r.sd),
                           rank: rank + 1, groupRank: groupRank[r.j], cases: caseCounts[r.j],
                           raw: cells[r.j] > 0 ? observed[r.j] / cells[r.j] : .nan, expected: cells[r.j] > 0 ? expected[r.j] / cells[r.j] : .nan,
                           unshrunk: 100 * NormalDistribution.cdf(r.raw), score: r.score, scoreSD: r.sd, components: components[r.j])
        }
        return EfficacyScores(offices: result, outcomes: outcomes, featureNames: cases.featureNames, caseCount: cases.caseCount,
                              groups: cases.groups, hasGroupColumn: cases.hasGroupColumn, source: cases.source, period: cases.period,
                              configuration: c, notes: notes)
    }

    /// Each column centred and scaled to unit variance (the slopes' penalty treats them alike).
    static func standardised(_ rows: [[Double]]) -> [[Double]] {
        guard let k = rows.first?.count, k > 0 else { return rows.map { _ in [] } }
        let n = Double(rows.count)
        var mean = [Double](repeating: 0, count: k), sd = mean
        for r in rows { for j in 0..<k { mean[j] += r[j] / n } }
        for r in rows { for j in 0..<k { sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n } }
        sd = sd.map { $0 > 0 ? $0.squareRoot() : 1 }
        return rows.map { r in (0..<k).map { (r[$0] - mean[$0]) / sd[$0] } }
    }
}
