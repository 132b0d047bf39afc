import Foundation

/// The services the domain modules keep for one graph, one per type, and the domains whose
/// procedures are installed. Thread-safe: a server's routes share one graph.
final class DomainServices: @unchecked Sendable {
    private let lock = NSRecursiveLock()
    private var services: [ObjectIdentifier: AnyObject] = [:]
    private var installed: Set<String> = []

    func get<S: AnyObject>(_ type: S.Type, make: () -> S) -> S {
        lock.lock(); defer { lock.unlock() }
        if let s = services[ObjectIdentifier(type)] as? S { return s }
        let s = make()
        services[ObjectIdentifier(type)] = s
        return s
    }

    /// True the first time a domain name is seen.
    func markInstalled(_ domain: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return installed.insert(domain).inserted
    }
}
