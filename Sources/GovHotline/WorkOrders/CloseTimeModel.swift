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

    /// Whether `c` closed late, as known at `asOf` (nil: still open and not yet past its budget).
    static func late(_ c: CloseTimeCase, asOf: Int64, calendar: WorkingCalendar) -> Bool? {
        if let closed = c.closed, closed <= asOf { return c.workingDuration(calendar)! > c.budget }
        let open = calendar.workingSeconds(from: CloseTimeCase.instant(c.received), to: CloseTimeCase.instant(asOf))
        return open > c.budget ? true : nil
    }

    /// Trains on the cases received before `asOf`, with what was known then (closings after it are censored).
    public init(cases: [CloseTimeCase], asOf: Int64, calendar: WorkingCalendar) throws {
        let train = cases.filter { $0.received < asOf }
        var office: [String: (late: Int, n: Int)] = [:], intent: [String: (late: Int, n: Int)] = [:]
        var late = 0, known = 0
        for c in train {
            guard let l = Self.late(c, asOf: asOf, calendar: calendar) else { continue }
            known += 1; if l { late += 1 }
            if let o = c.office { office[o, default: (0, 0)].late += l ? 1 : 0; office[o, default: (0, 0)].n += 1 }
            if let i = c.intent { intent[i, default: (0, 0)].late += l ? 1 : 0; intent[i, default: (0, 0)].n += 1 }
        }
        guard known > 0 else { throw ModelError(code: .insufficientData, "no order with a known outcome before \(CloseTimeCase.instant(asOf)); the close-time model needs history") }
        let overall = Double(late) / Double(known)
        let smooth = { (x: (late: Int, n: Int)) in (Double(x.late) + Self.smoothing * overall) / (Double(x.n) + Self.smoothing) }
        officeLateRate = office.mapValues(smooth)
        intentLateRate = intent.mapValues(smooth)
        overallLateRate = overall
        self.asOf = asOf
        var x: [[Double]] = [], time: [Double] = [], event: [Bool] = []
        for c in train {
            let end = c.closed.map { min($0, asOf) } ?? asOf
            let observed = max(0, calendar.workingSeconds(from: CloseTimeCase.instant(c.received), to: CloseTimeCase.instant(end)))
            x.append(Self.features(c, office: officeLateRate, intent: intentLateRate, overall: overall))
            time.append(Double(observed))
            event.append((c.closed ?? .max) <= asOf)
        }
        trainingOrders = train.count
        cox = try CoxRegression(x: x, time: time, event: event, l2: 1)
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
        return min(1, max(0, cox.survival(at: Double(budget), x) / now))
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
