import Foundation
import KGCore
import KGML

/// A survival model of the time a work order takes to close, in working time from receipt: a Cox
/// proportional-hazards regression on what is known at receipt — the office's and the intent's past
/// late rates (smoothed towards the overall rate), the office's load of open orders, whether the
/// order went to an office that does not handle it (or was returned or reassigned), rest days in
/// the week ahead, the weekday and the hour. It gives the chance an order closes after its
/// deadline, at receipt or given it is still open now.
public struct CloseTimeModel: Sendable {
    public static let featureNames = ["office_late_rate", "intent_late_rate", "log_office_load", "rerouted", "rest_days_ahead", "after_hours",
                                      "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// Pseudo-orders at the overall rate added to an office's or intent's own when smoothing.
    static let smoothing = 10.0

    public let cox: CoxRegression
    /// Late rate (smoothed) by office and intent, and overall, as known when trained.
    public let officeLateRate: [String: Double]
    public let intentLateRate: [String: Double]
    public let overallLateRate: Double
    /// The instant the model was trained as of (seconds since the epoch) and the orders it learned from.
    public let asOf: Int64
    public let trainingOrders: Int
    /// Platt scaling of the Cox probability of closing late: σ(a + b·logit(p)), fitted on the training
    /// orders whose outcome was complete when trained (received at least `settled` seconds before).
    public let calibration: (a: Double, b: Double)
    /// Seconds after which every order's outcome is known (its budget has run out or it closed).
    static let settled: Int64 = 21 * 86_400

    /// Whether `c` closed late, as known at `asOf` (nil: still open and not yet past its budget).
    public static func late(_ c: CloseTimeCase, asOf: Int64, calendar: WorkingCalendar) -> Bool? {
        if let closed = c.closed, closed <= asOf { return c.workingDuration(calendar)! > c.budget }
        let open = calendar.workingSeconds(from: CloseTimeCase.instant(c.received), to: CloseTimeCase.instant(asOf))
        return open > c.budget ? true : nil
    }

    /// Trains on the cases received before `asOf`, with what was known then (closings after it are censored).
    public init(cases: [CloseTimeCase], asOf: Int64, calendar: WorkingCalendar) throws {
        let train = cases.filter { $0.received < asOf }
        // Counts overall and per fold (every fifth order), so a training order's office and intent
        // rates come from the other folds: its own outcome must not leak into its features.
        let folds = 5
        var office = [[String: (late: Int, n: Int)]](repeating: [:], count: folds + 1)
        var intent = [[String: (late: Int, n: Int)]](repeating: [:], count: folds + 1)
        var late = 0, known = 0
        for (k, c) in train.enumerated() {
            guard let l = Self.late(c, asOf: asOf, calendar: calendar) else { continue }
            known += 1; if l { late += 1 }
            for f in [folds, k % folds] {
                if let o = c.office { office[f][o, default: (0, 0)].late += l ? 1 : 0; office[f][o, default: (0, 0)].n += 1 }
                if let i = c.intent { intent[f][i, default: (0, 0)].late += l ? 1 : 0; intent[f][i, default: (0, 0)].n += 1 }
            }
        }
        guard known > 0 else { throw ModelError(code: .insufficientData, "no order with a known outcome before \(CloseTimeCase.instant(asOf)); the close-time model needs history") }
        let overall = Double(late) / Double(known)
        let smooth = { (x: (late: Int, n: Int)) in (Double(x.late) + Self.smoothing * overall) / (Double(x.n) + Self.smoothing) }
        officeLateRate = office[folds].mapValues(smooth)
        intentLateRate = intent[folds].mapValues(smooth)
        overallLateRate = overall
        self.asOf = asOf
        func outOfFold(_ table: [[String: (late: Int, n: Int)]], _ key: String?, _ fold: Int) -> [String: Double] {
            guard let key, let all = table[folds][key] else { return [:] }
            let mine = table[fold][key] ?? (0, 0)
            return [key: smooth((all.late - mine.late, all.n - mine.n))]
        }
        var x: [[Double]] = [], time: [Double] = [], event: [Bool] = []
        for (k, c) in train.enumerated() {
            let end = c.closed.map { min($0, asOf) } ?? asOf
            let observed = max(0, calendar.workingSeconds(from: CloseTimeCase.instant(c.received), to: CloseTimeCase.instant(end)))
            x.append(Self.features(c, office: outOfFold(office, c.office, k % folds), intent: outOfFold(intent, c.intent, k % folds), overall: overall))
            time.append(Double(observed))
            event.append((c.closed ?? .max) <= asOf)
        }
        trainingOrders = train.count
        let cox = try CoxRegression(x: x, time: time, event: event, l2: 1)
        self.cox = cox
        var raw: [[Double]] = [], outcome: [Int] = []
        for (i, c) in train.enumerated() where c.received <= asOf - Self.settled {
            guard let l = Self.late(c, asOf: asOf, calendar: calendar) else { continue }
            raw.append([Self.logit(exp(-cox.baselineHazard(at: Double(c.budget)) * exp(cox.linearPredictor(x[i]))))])
            outcome.append(l ? 1 : 0)
        }
        if outcome.count >= 50, outcome.contains(0), outcome.contains(1) {
            // S(budget) is the chance of still being open at the deadline: of closing late.
            let fit = try LogisticIRLS.fit(x: raw, y: outcome, l2: 0)
            calibration = (fit.intercept, fit.coefficients[0])
        } else {
            calibration = (0, 1)
        }
    }

    /// The Platt-scaled chance of closing late from the Cox model's.
    func calibrated(_ late: Double) -> Double {
        let z = calibration.a + calibration.b * Self.logit(late)
        return 1 / (1 + exp(-z))
    }

    static func logit(_ p: Double) -> Double { let q = min(max(p, 1e-4), 1 - 1e-4); return log(q / (1 - q)) }

    static func features(_ c: CloseTimeCase, office: [String: Double], intent: [String: Double], overall: Double) -> [Double] {
        var f = [logit(c.office.flatMap { office[$0] } ?? overall), logit(c.intent.flatMap { intent[$0] } ?? overall),
                 log1p(Double(c.load)), c.rerouted ? 1 : 0, Double(c.restDaysAhead), c.afterHours ? 1 : 0]
        for d in 1...6 { f.append(c.weekday == d ? 1 : 0) }
        return f
    }

    public func features(_ c: CloseTimeCase) -> [Double] {
        Self.features(c, office: officeLateRate, intent: intentLateRate, overall: overallLateRate)
    }

    /// The office's past late rate (smoothed), the baseline the model is compared with.
    public func officeRate(_ c: CloseTimeCase) -> Double { c.office.flatMap { officeLateRate[$0] } ?? overallLateRate }

    /// P(still open at `budget` working seconds | still open at `elapsed`).
    public func lateProbability(_ c: CloseTimeCase, elapsed: Int64 = 0, budget: Int64? = nil) -> Double {
        let budget = budget ?? c.budget
        if elapsed >= budget { return 1 }
        let x = features(c)
        let now = cox.survival(at: Double(max(0, elapsed)), x)
        guard now > 1e-12 else { return 1 }
        return calibrated(min(1, max(0, cox.survival(at: Double(budget), x) / now)))
    }

    /// The features that push this order's hazard of closing down the most (the reasons it may be late), strongest first.
    public func slowingFactors(_ c: CloseTimeCase) -> [(name: String, effect: Double)] {
        let x = features(c)
        return Self.featureNames.indices.compactMap { j -> (String, Double)? in
            let effect = cox.coefficients[j] * (x[j] - cox.means[j]) / cox.scales[j]
            return effect < -0.1 ? (Self.featureNames[j], effect) : nil
        }.sorted { $0.1 < $1.1 }
    }
}
