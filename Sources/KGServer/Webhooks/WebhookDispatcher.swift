import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GovSupervision
import KGAccess
import KGCore
import Logging
import ServiceLifecycle

/// Pushes risk alerts to webhook subscribers: every change the alert hub sees is queued (in the
/// database, before any attempt) for each active subscription whose filters it passes; a
/// delivery loop sends what is due, several at once, each attempt bounded by a timeout, so one
/// subscriber that never answers holds up no other. A failed attempt is retried with doubling
/// delays; after the last it is dead, listed by `GET /v1/webhooks/deliveries?status=dead` and
/// sent again on request. Redirects are not followed (a redirect could lead anywhere). Runs
/// as a service of the server and stops with it; pending deliveries wait for the next start.
struct WebhookDispatcher: Service {
    let store: WebhookStore
    let hub: AlertStreamHub
    let configuration: ServerConfiguration
    let logger: Logger
    /// Attempts in flight at once.
    static let parallel = 8

    func run() async throws {
        let session = URLSession(configuration: Self.sessionConfiguration(timeout: configuration.webhookTimeoutSeconds),
                                 delegate: NoRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await fanOut() }
                group.addTask { await deliverLoop(session: session) }
                await group.waitForAll()
            }
        }
    }

    /// Queues each alert event for the subscriptions that want it.
    private func fanOut() async {
        while !Task.isCancelled {
            guard let (id, events) = await hub.subscribe(.init(region: nil, level: nil)) else {
                try? await Task.sleep(for: .seconds(5))
                continue
            }
            for await event in events {
                guard let alert = event.alert, event.kind != "heartbeat" else { continue }
                do {
                    let hooks = try store.active().map(\.webhook).filter { h in
                        h.events.contains(event.kind) && (h.region.map { RiskAlertBook.contains(region: $0, adcode: alert.adcode) } ?? true)
                            && (h.level.map { $0 == alert.level } ?? true) && (h.domain.map { $0 == alert.domain } ?? true)
                    }
                    guard !hooks.isEmpty else { continue }
                    let payload = JSONWriter.string(.object([("event", .string(event.kind)), ("alert", try Wire.json(alert))]))
                    try store.enqueue(event: event.kind, alert: alert.code, payload: payload, webhooks: hooks.map(\.id))
                } catch {
                    logger.error("webhook queue: \(error)")
                }
            }
            await hub.unsubscribe(id)
        }
    }

    /// Sends due deliveries, up to `parallel` at once, every half second.
    private func deliverLoop(session: URLSession) async {
        while !Task.isCancelled {
            do {
                let due = try store.due(limit: Self.parallel * 4)
                guard !due.isEmpty else { try? await Task.sleep(for: .milliseconds(500)); continue }
                let hooks = Dictionary(try store.active().map { ($0.webhook.id, $0) }, uniquingKeysWith: { a, _ in a })
                await withTaskGroup(of: Void.self) { group in
                    var running = 0
                    for delivery in due {
                        if running == Self.parallel { await group.next(); running -= 1 }
                        group.addTask { await attempt(delivery, hook: hooks[delivery.webhook], session: session) }
                        running += 1
                    }
                }
                if due.count == Self.parallel * 4 { continue }  // more may be due
            } catch {
                logger.error("webhook deliveries: \(error)")
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// One attempt of one delivery, recorded whatever happens.
    private func attempt(_ delivery: WebhookDelivery, hook: (webhook: Webhook, secret: String)?, session: URLSession) async {
        guard let hook else {
            try? store.record(delivery.id, delivered: false, httpStatus: nil, error: "the webhook was removed", nextAttempt: nil)
            return
        }
        var status: Int?
        var failure: String?
        do {
            let url = try await BlockingPool.run { try WebhookTarget.check(hook.webhook.url, allowLoopback: configuration.webhookAllowLoopback) }
            let body = Array(delivery.payload.utf8)
            var request = URLRequest(url: url, timeoutInterval: configuration.webhookTimeoutSeconds)
            request.httpMethod = "POST"
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("GovBrain-Webhook/1", forHTTPHeaderField: "User-Agent")
            request.setValue(delivery.event, forHTTPHeaderField: "X-GovBrain-Event")
            request.setValue(String(delivery.id), forHTTPHeaderField: "X-GovBrain-Delivery")
            request.setValue(WebhookSignature.header(body: body, secret: hook.secret, timestamp: Int64(Date().timeIntervalSince1970)),
                             forHTTPHeaderField: "X-GovBrain-Signature")
            let (_, response) = try await session.data(for: request)
            status = (response as? HTTPURLResponse)?.statusCode
            if let s = status, !(200..<300).contains(s) { failure = "HTTP \(s)" }
        } catch {
            failure = String(describing: error).prefix(300).description
        }
        let attempts = delivery.attempts + 1
        let next: Date? = failure == nil || attempts >= configuration.webhookMaxAttempts ? nil
            : Date().addingTimeInterval(min(600, configuration.webhookRetryBaseSeconds * pow(2, Double(attempts - 1))) * Double.random(in: 0.8...1.2))
        do {
            try store.record(delivery.id, delivered: failure == nil, httpStatus: status, error: failure, nextAttempt: next)
        } catch {
            logger.error("webhook delivery \(delivery.id): \(error)")
        }
        if failure != nil && next == nil { logger.warning("webhook delivery \(delivery.id) to \(hook.webhook.id) is dead after \(attempts) attempts: \(failure ?? "")") }
    }

    private static func sessionConfiguration(timeout: Double) -> URLSessionConfiguration {
        let c = URLSessionConfiguration.ephemeral
        c.timeoutIntervalForRequest = timeout
        c.timeoutIntervalForResource = timeout
        c.httpMaximumConnectionsPerHost = parallel
        return c
    }
}

/// Refuses every redirect: the answer to the first request is the answer.
final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
