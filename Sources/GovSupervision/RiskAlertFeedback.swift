import KGCore
import KGEngine

/// How the alerts of each risk model version fared once supervisors handled them (反馈评估):
/// how many were acknowledged, assigned and resolved, what the resolutions found (the share
/// confirmed is the model's precision as the field sees it), and how long acknowledgement and
/// resolution took. Alerts raised before the model version was recorded count under
/// `unrecorded`.
public struct RiskAlertFeedback: Sendable, Encodable {
    /// The figures of one model version.
    public struct Version: Sendable, Encodable {
        public let modelVersion: String
        public let alerts: Int
        public let acknowledged: Int
        public let assigned: Int
        public let resolved: Int
        /// Resolved alerts per outcome (`confirmed`, `false_alarm`, `no_action`, `unstated`).
        public let outcomes: [String: Int]
        /// confirmed ÷ resolved with a stated outcome; nil before any.
        public let confirmedShare: Double?
        /// Median and 90th percentile hours from creation to acknowledgement, nil before any.
        public let hoursToAcknowledge: Percentiles?
        /// Median and 90th percentile hours from creation to resolution, nil before any.
        public let hoursToResolve: Percentiles?
    }

    /// The median and the 90th percentile of a duration, in hours.
    public struct Percentiles: Sendable, Encodable, Equatable {
        public let median: Double
        public let p90: Double
        public let count: Int

        init?(_ hours: [Double]) {
            guard !hours.isEmpty else { return nil }
            let sorted = hours.sorted()
            func at(_ q: Double) -> Double {
                let position = q * Double(sorted.count - 1)
                let low = Int(position), high = min(low + 1, sorted.count - 1)
                let value = sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
                return (value * 100).rounded() / 100
            }
            median = at(0.5); p90 = at(0.9); count = sorted.count
        }
    }

    /// One entry per model version, newest version first (`unrecorded` last).
    public let versions: [Version]

    /// The feedback of the alerts in `graph` (those of `region` and below when given).
    public static func measure(graph: KnowledgeGraph, region: String? = nil) throws -> RiskAlertFeedback {
        var groups: [String: [RiskAlertBook.Alert]] = [:]
        try graph.forEachNode(label: "RiskAlert") { _, p in
            let a = RiskAlertBook.alert(p, names: [:])
            if let region, !RiskAlertBook.contains(region: region, adcode: a.adcode) { return }
            groups[a.modelVersion ?? "unrecorded", default: []].append(a)
        }
        let versions = groups.map { version, alerts -> Version in
            func hours(_ end: KeyPath<RiskAlertBook.Alert, CypherDateTime?>) -> [Double] {
                alerts.compactMap { a in
                    guard let start = a.createdAt, let stop = a[keyPath: end] else { return nil }
                    return max(0, Double(stop.epochSeconds - start.epochSeconds) / 3600)
                }
            }
            let resolved = alerts.filter { $0.status == "resolved" }
            var outcomes = Dictionary(uniqueKeysWithValues: (RiskAlertBook.outcomes + ["unstated"]).map { ($0, 0) })
            for a in resolved { outcomes[a.outcome ?? "unstated", default: 0] += 1 }
            let stated = resolved.count - (outcomes["unstated"] ?? 0)
            return Version(modelVersion: version, alerts: alerts.count,
                           acknowledged: alerts.filter { $0.acknowledgedAt != nil }.count,
                           assigned: alerts.filter { $0.assignedAt != nil }.count, resolved: resolved.count, outcomes: outcomes,
                           confirmedShare: stated == 0 ? nil : Double(outcomes["confirmed"] ?? 0) / Double(stated),
                           hoursToAcknowledge: Percentiles(hours(\.acknowledgedAt)), hoursToResolve: Percentiles(hours(\.resolvedAt)))
        }
        return RiskAlertFeedback(versions: versions.sorted { order($0.modelVersion) > order($1.modelVersion) })
    }

    /// Sort key: vN by N, `unrecorded` below every version.
    private static func order(_ version: String) -> Int {
        guard version.hasPrefix("v"), let n = Int(version.dropFirst()) else { return -1 }
        return n
    }
}
