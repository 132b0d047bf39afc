import HTTPTypes
import Hummingbird
import KGCore
import KGStore
import NIOCore

/// Inside the error middleware, before any route: limits the body (413), hashes the request for
/// the audit log, authenticates `Authorization: Bearer …` (401 for a bad key), and applies the
/// caller's rate limit (429 with `Retry-After`). Authorisation by role is the route's
/// (`RouteRegistrar`), since only the route knows its rule.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = GovBrainRequestContext

    let keys: KeyVerifier
    let limiter: RateLimiter
    let maxRequestBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxRequestBytes {
            throw Self.tooLarge(maxRequestBytes)
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxRequestBytes)
        } catch let e as HTTPError where e.status == .contentTooLarge {
            throw Self.tooLarge(maxRequestBytes)
        }
        let query = request.uri.query ?? ""
        if body.readableBytes > 0 || !query.isEmpty {
            var bytes = Array(body.readableBytesView)
            bytes.append(0)
            bytes.append(contentsOf: query.utf8)
            context.record.requestHash = AccessStore.hash(bytes: bytes)
        }
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw RequestRefusal(code: .unauthorized, message: "the Authorization header must be 'Bearer gbk_…'")
            }
            guard let principal = try keys.principal(for: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
                throw RequestRefusal.invalidKey
            }
            context.record.principal = principal
        }
        let caller = context.record.principal.map { "key:\($0.keyID)" } ?? "ip:\(context.remoteAddress ?? "?")"
        if let wait = limiter.take(caller) {
            throw RequestRefusal(code: .rateLimited,
                                 message: "too many requests from this caller (limit \(limiter.ratePerSecond.formatted()) per second, bursts of \(Int(limiter.burst))); retry in \(wait) s",
                                 retryAfterSeconds: wait)
        }
        return try await next(request, context)
    }

    static func tooLarge(_ limit: Int) -> RequestRefusal {
        RequestRefusal(code: .payloadTooLarge, message: "the request body is larger than the limit of \(limit) bytes; send less (or raise --max-request-bytes)")
    }
}
