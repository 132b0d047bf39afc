import Foundation

/// One value computed from the graph, kept until the graph changes (its version moves on).
/// Concurrent callers of a stale value wait for one computation instead of each doing it.
public final class VersionedCache<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: (version: Int64, value: T)?

    public init() {}

    /// The value for `version`, computing it with `make` when the cached one is older.
    public func value(version: Int64, _ make: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        if let cached, cached.version == version { return cached.value }
        let value = try make()
        cached = (version, value)
        return value
    }
}
