import Foundation
import KGCore
import KGStore

/// Webhook subscriptions and their durable delivery queue (the `webhooks` and
/// `webhook_deliveries` tables of a GovBrain database).
///
/// A subscription's secret signs every body it is sent (HMAC-SHA256, see `WebhookSignature`); it
/// is stored because signing needs it, and shown once. Deliveries are written before they are
/// attempted, so a crash or a subscriber that never answers loses nothing: pending ones are
/// picked up again by the next dispatcher. Uses its own connection to the store's database
/// (`GraphStore.openSideConnection`), serialised by a lock.
public final class WebhookStore: @unchecked Sendable {
    private let db: any StoreConnection
    private let lock = NSLock()

    /// Opens the webhook tables of the GovBrain store at `path` (migrating an older store first).
    public static func open(at path: String) throws -> WebhookStore {
        try open(store: GraphStore.open(at: path))
    }

    /// Opens the webhook tables of an open store, on a connection of their own (on PostgreSQL the
    /// tables, and so the subscriptions and the delivery queue, are shared by every server).
    public static func open(store: GraphStore) throws -> WebhookStore {
        try WebhookStore(db: store.openSideConnection())
    }

    private init(db: any StoreConnection) { self.db = db }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body()
    }

    // MARK: Subscriptions

    /// Records a subscription; returns it and its secret (generated: 32 random bytes, hex).
    /// The URL must have been checked by the caller (`WebhookTarget`).
    public func create(url: String, region: String?, level: String?, domain: String? = nil, events: [String], by: String?) throws -> (webhook: Webhook, secret: String) {
        var generator = SystemRandomNumberGenerator()
        let id = "wh_" + (0..<6).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let hook = Webhook(id: id, url: url, region: region, level: level, domain: domain, events: events, createdAt: AccessStore.timestamp(Date()),
                           createdBy: by, removedAt: nil)
        try locked {
            let s = try db.prepare("INSERT INTO webhooks(id, url, secret, region, level, events, created_at, created_by, domain) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)")
            try s.bind([.text(id), .text(url), .text(secret), region.map { .text($0) } ?? .null, level.map { .text($0) } ?? .null,
                        .text(events.joined(separator: ",")), .text(hook.createdAt), by.map { .text($0) } ?? .null, domain.map { .text($0) } ?? .null])
            try s.run()
        }
        return (hook, secret)
    }

    /// Every subscription, oldest first (removed ones included, marked).
    public func list() throws -> [Webhook] {
        try locked { try db.rows("SELECT \(Self.hookColumns) FROM webhooks ORDER BY created_at, id").map(Self.hook) }
    }

    /// The active subscriptions with their secrets (for the dispatcher only).
    public func active() throws -> [(webhook: Webhook, secret: String)] {
        try locked {
            try db.rows("SELECT \(Self.hookColumns), secret FROM webhooks WHERE removed_at IS NULL ORDER BY created_at, id").map {
                (Self.hook($0), $0[9].text ?? "")
            }
        }
    }

    /// Removes a subscription; its pending deliveries are cancelled. Removing twice is harmless.
    public func remove(_ id: String) throws -> Webhook {
        try locked {
            try db.begin(.plainWrite, wait: .standard)
            do {
                let now = AccessStore.timestamp(Date())
                let s = try db.prepare("UPDATE webhooks SET removed_at = coalesce(removed_at, ?) WHERE id = ?")
                try s.bind([.text(now), .text(id)]); try s.run()
                let c = try db.prepare("UPDATE webhook_deliveries SET status = 'cancelled' WHERE webhook = ? AND status = 'pending'")
                try c.bind([.text(id)]); try c.run()
                guard let row = try db.rows("SELECT \(Self.hookColumns) FROM webhooks WHERE id = ?", [.text(id)]).first else {
                    throw AccessError(code: .notFound, message: "no webhook \(id); GET /v1/webhooks lists them")
                }
                try db.commit()
                return Self.hook(row)
            } catch {
                db.rollback()
                throw error
            }
        }
    }

    // MARK: Deliveries

    /// Queues one event for each webhook in `webhooks`, due now, in one transaction.
    public func enqueue(event: String, alert: String, payload: String, webhooks: [String], now: Date = Date()) throws {
        guard !webhooks.isEmpty else { return }
        try locked {
            try db.begin(.plainWrite, wait: .standard)
            do {
                let s = try db.prepare("""
                INSERT INTO webhook_deliveries(webhook, event, alert, payload, status, attempts, next_attempt_at, created_at)
                VALUES(?, ?, ?, ?, 'pending', 0, ?, ?)
                """)
                for hook in webhooks {
                    s.reset()
                    try s.bind([.text(hook), .text(event), .text(alert), .text(payload), .double(now.timeIntervalSince1970), .text(AccessStore.timestamp(now))])
                    try s.run()
                }
                try db.commit()
            } catch {
                db.rollback()
                throw error
            }
        }
    }

    /// Pending deliveries whose next attempt is due at `now`, oldest first, at most `limit`.
    public func due(now: Date = Date(), limit: Int = 32) throws -> [WebhookDelivery] {
        try locked {
            try db.rows("SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
                        [.double(now.timeIntervalSince1970), .int(Int64(limit))]).map(Self.delivery)
        }
    }

    /// Records an attempt: delivered, or failed with the next attempt's time (nil: dead, no more retries).
    public func record(_ id: Int64, delivered: Bool, httpStatus: Int?, error: String?, nextAttempt: Date?, now: Date = Date()) throws {
        try locked {
            let status = delivered ? "delivered" : nextAttempt == nil ? "dead" : "pending"
            let s = try db.prepare("""
            UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, last_status = ?,
                   delivered_at = ? WHERE id = ? AND status = 'pending'
            """)
            try s.bind([.text(status), .double((nextAttempt ?? now).timeIntervalSince1970), error.map { .text(String($0.prefix(500))) } ?? .null,
                        httpStatus.map { .int(Int64($0)) } ?? .null, delivered ? .text(AccessStore.timestamp(now)) : .null, .int(id)])
            try s.run()
        }
    }

    /// Deliveries, newest first, filtered by status and webhook; at most `limit`.
    public func deliveries(status: String?, webhook: String?, limit: Int = 100) throws -> [WebhookDelivery] {
        var sql = "SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE 1 = 1"
        var args: [StoreValue] = []
        if let status { sql += " AND status = ?"; args.append(.text(status)) }
        if let webhook { sql += " AND webhook = ?"; args.append(.text(webhook)) }
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(.int(Int64(limit)))
        return try locked { try db.rows(sql, args).map(Self.delivery) }
    }

    /// Sends a dead delivery again (pending, due now, attempts counted from zero).
    /// - Throws: `.notFound` for an unknown id, `.conflict` unless it is dead.
    public func retry(_ id: Int64) throws -> WebhookDelivery {
        try locked {
            guard let row = try db.rows("SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE id = ?", [.int(id)]).first else {
                throw AccessError(code: .notFound, message: "no delivery \(id); GET /v1/webhooks/deliveries lists them")
            }
            let current = Self.delivery(row)
            guard current.status == "dead" else {
                throw AccessError(code: .conflict, message: "delivery \(id) is \(current.status); only a dead delivery can be sent again")
            }
            let s = try db.prepare("UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ?")
            try s.bind([.double(Date().timeIntervalSince1970), .int(id)]); try s.run()
            return Self.delivery(try db.rows("SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE id = ?", [.int(id)])[0])
        }
    }

    private static let hookColumns = "id, url, region, level, events, created_at, created_by, removed_at, domain"
    private static let deliveryColumns = "id, webhook, event, alert, payload, status, attempts, next_attempt_at, last_error, last_status, created_at, delivered_at"

    private static func hook(_ r: [StoreValue]) -> Webhook {
        Webhook(id: r[0].text ?? "", url: r[1].text ?? "", region: r[2].text, level: r[3].text, domain: r[8].text,
                events: (r[4].text ?? "").split(separator: ",").map(String.init), createdAt: r[5].text ?? "", createdBy: r[6].text, removedAt: r[7].text)
    }

    private static func delivery(_ r: [StoreValue]) -> WebhookDelivery {
        WebhookDelivery(id: r[0].int ?? 0, webhook: r[1].text ?? "", event: r[2].text ?? "", alert: r[3].text ?? "", payload: r[4].text ?? "",
                        status: r[5].text ?? "", attempts: Int(r[6].int ?? 0), nextAttemptAt: r[7].doubleValue ?? 0, lastError: r[8].text,
                        lastStatus: r[9].int.map(Int.init), createdAt: r[10].text ?? "", deliveredAt: r[11].text)
    }
}
