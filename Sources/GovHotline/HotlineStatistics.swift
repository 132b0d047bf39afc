import Foundation
import KGCore
import KGEngine
import KGML

/// Hotline figures for dashboards over the work orders of the graph: volumes by intent, region
/// and day, satisfaction, and the median time from creation to closing, filtered by a time
/// range (creation time), a region (with everything under it) and an intent.
public enum HotlineStatistics {
    /// The filter of one request.
    public struct Filter: Sendable {
        public var from: CypherDateTime?
        /// Exclusive upper bound.
        public var to: CypherDateTime?
        public var regions: Set<String>?
        public var intent: String?

        public init(from: CypherDateTime? = nil, to: CypherDateTime? = nil, regions: Set<String>? = nil, intent: String? = nil) {
            self.from = from; self.to = to; self.regions = regions; self.intent = intent
        }

        func accepts(_ c: CaseDirectory.Case) -> Bool {
            guard let created = c.createdAt else { return from == nil && to == nil }
            if let from, created < from { return false }
            if let to, !(created < to) { return false }
            if let regions, !regions.contains(c.adcode ?? "") { return false }
            if let intent, c.intent != intent { return false }
            return true
        }
    }

    /// The statistics of the work orders the filter accepts (the report's `filter` is the caller's to fill).
    public static func compute(cases: CaseDirectory, places: PlaceResolver, filter: Filter) -> HotlineStatisticsReport {
        var byIntent: [String: Int] = [:], byRegion: [String: Int] = [:], byDay: [String: Int] = [:], satisfaction: [String: Int] = [:]
        var hours: [Double] = []
        var total = 0
        for c in cases.all where filter.accepts(c) {
            total += 1
            byIntent[c.intent ?? "unknown", default: 0] += 1
            byRegion[c.adcode ?? "unknown", default: 0] += 1
            if let created = c.createdAt { byDay[created.localDate.description, default: 0] += 1 }
            if let s = c.satisfaction, !s.isEmpty { satisfaction[s, default: 0] += 1 }
            if let created = c.createdAt, let closed = c.closedAt { hours.append(Double(closed.epochSeconds - created.epochSeconds) / 3600) }
        }
        func ranked(_ m: [String: Int]) -> [(String, Int)] { m.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key } }
        hours.sort()
        let median: Double? = hours.isEmpty ? nil : ((hours.count % 2 == 1 ? hours[hours.count / 2]
            : (hours[hours.count / 2 - 1] + hours[hours.count / 2]) / 2) * 100).rounded() / 100
        let rated = satisfaction.values.reduce(0, +)
        return HotlineStatisticsReport(
            filter: .init(), total: total,
            byIntent: ranked(byIntent).map { .init(intent: $0.0, count: $0.1) },
            byRegion: ranked(byRegion).map { .init(adcode: $0.0, name: places.region($0.0)?.name, count: $0.1) },
            byDay: byDay.sorted { $0.key < $1.key }.map { .init(date: $0.key, count: $0.value) },
            satisfaction: .init(rated: rated, counts: satisfaction.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                satisfiedShare: rated > 0 ? Double(satisfaction["好"] ?? 0) / Double(rated) : nil),
            closed: hours.count, medianHoursToClose: median)
    }
}
