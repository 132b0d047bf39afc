import Foundation
import GovSupervision
import KGCore
import KGEngine

/// Watches the graph's risk alerts for `GET /v1/risk/alerts/stream` and fans changes out to the
/// open streams: one poll per interval for all of them (the store's change counter first, a scan
/// of the alerts only when it moved, so writes by other processes — `govbrain risk score` — are
/// seen too). A new alert is an `alert` event, a changed status an `update`. Polling runs only
/// while a stream is open.
actor AlertStreamHub {
    /// One change of one alert, or a heartbeat.
    struct Event: Sendable {
        /// `alert` (new), `update` (its status moved) or `heartbeat` (nothing happened for a while;
        /// written as an SSE comment so a closed connection is noticed).
        let kind: String
        let alert: RiskAlertBook.Alert?
        /// The store's change counter when it was seen.
        let graphVersion: Int64
    }

    /// What a stream wants: alerts of a region (and below), of a level and of a supervision domain; nil matches all.
    struct Filter: Sendable {
        let region: String?
        let level: String?
        var domain: String? = nil

        func matches(_ a: RiskAlertBook.Alert) -> Bool {
            (region.map { RiskAlertBook.contains(region: $0, adcode: a.adcode) } ?? true) && (level.map { $0 == a.level } ?? true)
                && (domain.map { $0 == a.domain } ?? true)
        }
    }

    /// More open streams than this are refused (503): each holds a connection.
    static let maxStreams = 64

    private let graph: KnowledgeGraph
    private let interval: Duration
    /// Polls between heartbeats.
    private let heartbeatEvery: Int
    private var streams: [UUID: (filter: Filter, continuation: AsyncStream<Event>.Continuation)] = [:]
    private var known: [String: String]?
    private var seenVersion: Int64 = -1
    private var poller: Task<Void, Never>?

    init(graph: KnowledgeGraph, interval: Duration = .seconds(1), heartbeatEvery: Int = 15) {
        self.graph = graph
        self.interval = interval
        self.heartbeatEvery = max(1, heartbeatEvery)
    }

    /// Opens a stream; nil when `maxStreams` are open.
    func subscribe(_ filter: Filter) -> (id: UUID, events: AsyncStream<Event>)? {
        guard streams.count < Self.maxStreams else { return nil }
        let id = UUID()
        let (events, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(1_000))
        streams[id] = (filter, continuation)
        continuation.onTermination = { [weak self] _ in Task { await self?.unsubscribe(id) } }
        if poller == nil {
            poller = Task { [weak self] in await self?.pollLoop() }
        }
        return (id, events)
    }

    /// Closes a stream; the last one stops the polling.
    func unsubscribe(_ id: UUID) {
        streams[id]?.continuation.finish()
        streams[id] = nil
        if streams.isEmpty {
            poller?.cancel()
            poller = nil
            known = nil
            seenVersion = -1
        }
    }

    /// How many streams are open (for tests and metrics).
    var openStreams: Int { streams.count }

    private func pollLoop() async {
        var round = 0
        while !Task.isCancelled {
            await poll()
            round += 1
            if round % heartbeatEvery == 0 {
                let beat = Event(kind: "heartbeat", alert: nil, graphVersion: seenVersion)
                for (_, stream) in streams { stream.continuation.yield(beat) }
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// One round: nothing when the change counter has not moved; otherwise the alerts whose
    /// status is new to this hub, to every stream whose filter they pass.
    private func poll() async {
        let graph = self.graph
        guard let version = try? await BlockingPool.run({ graph.graphVersion }), version != seenVersion else { return }
        guard let current = try? await BlockingPool.run({ try RiskAlertBook.statuses(graph: graph) }) else { return }
        defer { known = current; seenVersion = version }
        guard let before = known else { return }  // the first round only learns what exists
        let changed = current.filter { before[$0.key] != $0.value }.map(\.key).sorted()
        guard !changed.isEmpty, let alerts = try? await BlockingPool.run({ try RiskAlertBook.alerts(graph: graph, codes: changed) }) else { return }
        for alert in alerts {
            let event = Event(kind: before[alert.code] == nil ? "alert" : "update", alert: alert, graphVersion: version)
            for (_, stream) in streams where stream.filter.matches(alert) { stream.continuation.yield(event) }
        }
    }
}
