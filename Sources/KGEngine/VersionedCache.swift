import Foundation

/// One value computed from the graph, kept until the graph changes (its version moves on), or
/// for a while longer: with `maxStaleness`, a value computed less than that many seconds ago is
/// served although the graph has changed since, so a steady stream of writes does not make every
/// reader recompute an expensive aggregate. Concurrent callers of a stale value wait for one
/// computation instead of each doing it.
public final class VersionedCache<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: (version: Int64, value: T, at: Date)?

    public init() {}

    /// The value for `version`, computing it with `make` when the cached one is older (and, with
    /// `maxStaleness`, also older than that many seconds).
    public func value(version: Int64, maxStaleness: Double = 0, _ make: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        if let cached, cached.version == version || Date().timeIntervalSince(cached.at) < maxStaleness { return cached.value }
        let value = try make()
        cached = (version, value, Date())
        return value
    }
}
