import Foundation
import KGAccess

/// Checks presented API keys against the store, remembering answers for a few seconds so a
/// busy client does not cost a database look-up per request (a revocation takes effect within
/// `ttl`).
final class KeyVerifier: @unchecked Sendable {
    let store: AccessStore
    let ttl: Double
    private let lock = NSLock()
    private var cache: [String: (principal: Principal?, until: Double)] = [:]

    /// Told of each look-up: true when the cache answered (for the metrics).
    let onLookup: @Sendable (Bool) -> Void

    init(store: AccessStore, ttl: Double = 5, onLookup: @escaping @Sendable (Bool) -> Void = { _ in }) {
        self.store = store; self.ttl = ttl; self.onLookup = onLookup
    }

    /// Whether a look-up answered `key` as valid in the last 10 minutes (the answer may have
    /// expired since). A client that had a valid key is let through the failed-authentication
    /// limit of its address to be verified again; random keys never are.
    func wasRecentlyValid(_ key: String) -> Bool {
        let now = Date().timeIntervalSince1970
        lock.lock(); defer { lock.unlock() }
        guard let hit = cache[key], hit.principal != nil else { return false }
        return hit.until + 600 > now
    }

    /// The caller for a key, or nil when it is unknown or revoked.
    func principal(for key: String) throws -> Principal? {
        let now = Date().timeIntervalSince1970
        lock.lock()
        if let hit = cache[key], hit.until > now { lock.unlock(); onLookup(true); return hit.principal }
        lock.unlock()
        onLookup(false)
        let principal = try store.verify(key).map { Principal(keyID: $0.id, name: $0.name, role: $0.role) }
        lock.lock()
        if cache.count > 10_000 { cache.removeAll(keepingCapacity: true) }
        cache[key] = (principal, now + ttl)
        lock.unlock()
        return principal
    }
}
