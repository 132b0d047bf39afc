import KGCore
import KGEngine

/// How the alerts of each risk model version fared once supervisors handled them (反馈评估):
/// how many were acknowledged, assigned and resolved, what the resolutions found (the share
/// confirmed is the model's precision as the field sees it), and how long acknowledgement and
/// resolution took. Alerts raised before the model version was recorded count under
/// `unrecorded`. Each supervision domain has its own risk model (`enterprise-risk`,
/// `ecology-risk` …) with its own versions, so the figures are per domain and version.
public struct RiskAlertFeedback: Sendable, Encodable {
    /// The figures of one model version.
    public struct Version: Sendable, Encodable {
        /// `market`, `ecology`, `emergency` or `housing`.
        public let domain: String
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

    /// One entry per domain and model version: domains in `RiskAlertBook.domains` order, newest
    /// version first within each (`unrecorded` last).
    public let versions: [Version]

    /// The feedback of the alerts in `graph` (those of `region` and below, and of `domain`, when given).
    public static func measure(graph: KnowledgeGraph, region: String? = nil, domain: String? = nil) throws -> RiskAlertFeedback {
        struct Key: Hashable { let domain: String; let version: String }
        var groups: [Key: [RiskAlertBook.Alert]] = [:]
        try graph.forEachNode(label: "RiskAlert") { _, p in
            let a = RiskAlertBook.alert(p, names: [:])
            if let region, !RiskAlertBook.contains(region: region, adcode: a.adcode) { return }
            if let domain, a.domain != domain { return }
            groups[Key(domain: a.domain, version: a.modelVersion ?? "unrecorded"), default: []].append(a)
        }
        let versions = groups.map { key, alerts -> Version in
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
            return Version(domain: key.domain, modelVersion: key.version, alerts: alerts.count,
                           acknowledged: alerts.filter { $0.acknowledgedAt != nil }.count,
                           assigned: alerts.filter { $0.assignedAt != nil }.count, resolved: resolved.count, outcomes: outcomes,
                           confirmedShare: stated == 0 ? nil : Double(outcomes["confirmed"] ?? 0) / Double(stated),
                           hoursToAcknowledge: Percentiles(hours(\.acknowledgedAt)), hoursToResolve: Percentiles(hours(\.resolvedAt)))
        }
        func rank(_ d: String) -> Int { RiskAlertBook.domains.firstIndex(of: d) ?? RiskAlertBook.domains.count }
        return RiskAlertFeedback(versions: versions.sorted {
            rank($0.domain) != rank($1.domain) ? rank($0.domain) < rank($1.domain)
                : order($0.modelVersion) != order($1.modelVersion) ? order($0.modelVersion) > order($1.modelVersion) : $0.domain < $1.domain
        })
    }

    /// Sort key: vN by N, `unrecorded` below every version.
    private static func order(_ version: String) -> Int {
        guard version.hasPrefix("v"), let n = Int(version.dropFirst()) else { return -1 }
        return n
    }
}
