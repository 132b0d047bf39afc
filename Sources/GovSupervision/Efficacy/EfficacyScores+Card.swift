import Foundation
import KGCore

extension EfficacyScores {
    /// The model card written beside OFFICES.csv: how the index is made, from which data, what
    /// moved it, and its limits, in plain words (Chinese headings, English text).
    /// - Parameter command: the command line that produced it, for rerunning.
    public func card(command: String) -> String {
        func f(_ v: Double, _ d: Int = 3) -> String { String(format: "%.\(d)f", v) }
        let c = configuration
        var s = """
        # 效能评估 Efficacy index: model card

        Produced by `\(command)` from `\(source)`\(period.map { ", period \($0)" } ?? ", all periods pooled"): \(caseCount) cases, \(offices.count) offices\(hasGroupColumn ? " in \(groups.count) peer groups" : " (no group column: one peer group)").

        ## What the index says
        - **index** (0–100, higher = better): 100·Φ(score). 50 = the office does as well as its case mix predicts,
          compared with the other offices of its peer group; 84 = one between-office standard deviation better on
          average over the outcomes; 16 = one worse.
        - **lower, upper**: a \(f(c.level * 100, 0)) % interval of the index from the posterior variance.
        - **rank**: 1 = best over all offices. Every index is relative to its own group, so the overall rank orders
          offices by how far they stand above their peers; **group_rank** ranks within the group.
        - **raw** and **expected**: the office's success rate over its outcome cells and the rate its case mix
          predicts; **unshrunk**: the index from the office's own O − E before shrinkage; **z_y_…**: each outcome's
          shrunken component (between-office SDs; empty when the office has no case with that outcome).

        ## How it is made
        1. Case mix: the `x_*` columns, standardised (\(featureNames.isEmpty ? "none: expected = the group's rate" : featureNames.joined(separator: ", "))).
        2. Expected value of each case, per outcome: \(c.expectation == .withinOffice
            ? "a logistic regression with **one intercept per office** and shared case-mix slopes (office fixed effects), so the slopes are learnt within offices and are not biased when hard cases go to better or worse offices; expected = sigmoid(c_group + x·β), c_group set so the group's expected total equals its observed total"
            : "a **pooled** logistic regression with one intercept per group and shared slopes (biased when case mix tracks office quality; the default is `--expectation within`)"). Ridge penalty \(f(c.l2, 2)) on the slopes, \(f(c.interceptL2, 2)) on the intercepts.
        3. Observed − expected per office, as a rate, with sampling variance Σp(1−p)/n² (at least ¼/n²).
        4. Empirical-Bayes shrinkage: normal–normal within peer groups, between-office variance τ² by the method of
           moments (DerSimonian–Laird) pooled over groups; a small office's O − E is pulled toward its group's mean in
           proportion to its noise, and its interval stays wide.
        5. The outcomes' standardised shrunken effects are averaged (equal weights; an office without an outcome
           averages the others) into the score.

        ## Outcomes
        | outcome | cases | good rate | between-office SD (τ) | case-mix slopes (log-odds per SD) |
        |---|---|---|---|---|

        """
        for o in outcomes {
            let slopes = zip(featureNames, o.slopes).map { "\($0) \(f($1, 2))" }.joined(separator: ", ")
            s += "| \(o.name) | \(o.cases) | \(f(o.rate)) | \(f(o.betweenOfficeSD, 4)) | \(slopes.isEmpty ? "—" : slopes) |\n"
        }
        s += "\n## Top and bottom offices\n| rank | office | group | index | interval | cases | raw | expected |\n|---|---|---|---|---|---|---|---|\n"
        let shown = offices.count <= 10 ? offices : Array(offices.prefix(5)) + Array(offices.suffix(5))
        for o in shown {
            s += "| \(o.rank) | \(o.office) | \(o.group) | \(f(o.index, 1)) | \(f(o.lower, 1))–\(f(o.upper, 1)) | \(o.cases) | \(f(o.raw)) | \(f(o.expected)) |\n"
        }
        s += "\n## Notes\n" + (notes.isEmpty ? "- none\n" : notes.map { "- \($0)\n" }.joined())
        s += """

        ## Limits
        - Only what the `x_*` columns record is adjusted for: an office handed cases harder in ways the table does not
          show still looks worse than it is.
        - The intervals treat the outcomes as independent and τ² and the group means as known: they are somewhat too
          narrow, most for offices whose outcomes move together.
        - Offices with few cases sit near 50 by design: their data cannot tell them apart from their peers.
        - Planted-table evaluation (recovery of the planted office effects against raw rates):
          `python3 Tools/bench/bench_efficacy.py` (see Tools/README.md).

        """
        return s
    }

    /// Writes the card atomically.
    /// - Throws: the file system's error.
    public func writeCard(to path: String, command: String) throws { try AtomicFile.write(Data(card(command: command).utf8), to: path) }
}
