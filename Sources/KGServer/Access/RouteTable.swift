import Foundation

/// Every route the server registers, with its access rule: what the OpenAPI test and the
/// role tests check against.
public final class RouteTable: @unchecked Sendable {
    /// One registered route.
    public struct Entry: Sendable, Equatable {
        public let method: String
        /// In OpenAPI form: `/v1/risk/alerts/{id}/ack`.
        public let path: String
        public let access: RouteAccess
        /// Counted against the concurrency limit of expensive work.
        public let expensive: Bool
    }

    private let lock = NSLock()
    private var list: [Entry] = []

    public init() {}

    func add(_ entry: Entry) { lock.lock(); list.append(entry); lock.unlock() }

    /// The routes in registration order.
    public var entries: [Entry] { lock.lock(); defer { lock.unlock() }; return list }

    /// The methods registered for a concrete path (`{name}` segments match any one segment).
    public func methods(forPath path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return entries.filter { entry in
            let pattern = entry.path.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == parts.count && zip(pattern, parts).allSatisfy { p, q in (p.hasPrefix("{") && !q.isEmpty) || p == q }
        }.map(\.method)
    }

    /// Hummingbird's `:name` parameters in OpenAPI's `{name}` form.
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }
}
