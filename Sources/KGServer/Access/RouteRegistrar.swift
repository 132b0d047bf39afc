import HTTPTypes
import Hummingbird
import NIOPosix
import KGAccess
import KGCore

/// Registers routes with their access rule: the handler runs only for a caller the rule allows
/// (401 without a valid key, 403 with a key of another role), and expensive handlers pass
/// through the concurrency gate.
struct RouteRegistrar {
    typealias Handler = @Sendable (Request, GovBrainRequestContext) async throws -> Response

    let router: Router<GovBrainRequestContext>
    let table: RouteTable
    let gate: ConcurrencyGate
    /// The threads of expensive handlers (`BlockingPool`).
    let expensivePool: NIOThreadPool

    func get(_ path: String, access: RouteAccess, expensive: Bool = false, _ handler: @escaping Handler) {
        add(.get, path, access: access, expensive: expensive, handler)
    }

    func post(_ path: String, access: RouteAccess, expensive: Bool = false, _ handler: @escaping Handler) {
        add(.post, path, access: access, expensive: expensive, handler)
    }

    func put(_ path: String, access: RouteAccess, expensive: Bool = false, _ handler: @escaping Handler) {
        add(.put, path, access: access, expensive: expensive, handler)
    }

    func delete(_ path: String, access: RouteAccess, expensive: Bool = false, _ handler: @escaping Handler) {
        add(.delete, path, access: access, expensive: expensive, handler)
    }

    private func add(_ method: HTTPRequest.Method, _ path: String, access: RouteAccess, expensive: Bool, _ handler: @escaping Handler) {
        table.add(.init(method: method.rawValue, path: RouteTable.openAPIPath(path), access: access, expensive: expensive))
        let gate = self.gate, pool = expensivePool
        router.on(RouterPath(path), method: method) { request, context -> Response in
            if case .roles = access {
                guard let principal = context.principal else { throw RequestRefusal.missingKey }
                guard access.allows(principal.role) else {
                    throw RequestRefusal(code: .forbidden,
                                         message: "a \(principal.role.rawValue) key may not call \(method.rawValue) \(RouteTable.openAPIPath(path)); it needs one of: \(access.allowedRoles.map(\.rawValue).joined(separator: ", "))")
                }
            }
            guard expensive else { return try await handler(request, context) }
            return try await gate.run {
                try await BlockingPool.$current.withValue(pool) { try await handler(request, context) }
            }
        }
    }
}
