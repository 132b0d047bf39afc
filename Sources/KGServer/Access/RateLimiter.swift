import Foundation

/// Token buckets per caller (API key id, or client address without a key): `ratePerSecond`
/// tokens a second up to `burst`; a request takes one. A refused request learns how many
/// seconds until a token is there (`Retry-After`).
final class RateLimiter: @unchecked Sendable {
    let ratePerSecond: Double
    let burst: Double
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, at: Double)] = [:]

    init(ratePerSecond: Double, burst: Double) {
        self.ratePerSecond = ratePerSecond
        self.burst = max(1, burst)
    }

    /// Takes a token for `caller`; nil when allowed, else the whole seconds to wait.
    func take(_ caller: String, now: Double = Date().timeIntervalSince1970) -> Int? {
        lock.lock(); defer { lock.unlock() }
        var bucket = buckets[caller] ?? (burst, now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * ratePerSecond)
        bucket.at = now
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            buckets[caller] = bucket
            return nil
        }
        buckets[caller] = bucket
        if buckets.count > 50_000 { prune(now: now) }
        return max(1, Int(((1 - bucket.tokens) / ratePerSecond).rounded(.up)))
    }

    /// Whether no caller has a bucket: then `peek` is nil for everyone, and the caller's name
    /// need not be made to ask.
    var isEmpty: Bool {
        lock.lock(); defer { lock.unlock() }
        return buckets.isEmpty
    }

    /// Whether `caller` is out of tokens, without taking one: nil when a request would pass, else
    /// the whole seconds to wait.
    func peek(_ caller: String, now: Double = Date().timeIntervalSince1970) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard let bucket = buckets[caller] else { return nil }
        let tokens = min(burst, bucket.tokens + (now - bucket.at) * ratePerSecond)
        return tokens >= 1 ? nil : max(1, Int(((1 - tokens) / ratePerSecond).rounded(.up)))
    }

    /// Forgets callers whose bucket has refilled (they are as new).
    private func prune(now: Double) {
        buckets = buckets.filter { min(burst, $0.value.tokens + (now - $0.value.at) * ratePerSecond) < burst }
    }
}
