import Foundation
import HTTPTypes
import Hummingbird
import KGCore
import KGEngine
import KGAccess
import NIOCore

/// Inside the error middleware, before any route. In this order, so that nothing costly happens
/// for a caller who has not proved who they are:
/// 1. the failed-authentication limit of the client address (429), then the key from the
///    `Authorization: Bearer …` header alone (401 for a bad key, which counts as a failure);
/// 2. the caller's rate limit (429 with `Retry-After`);
/// 3. the body: refused without a key (401, unread), refused when declared too large (413),
///    admitted only within the concurrent-body budgets overall and per key (503), read within
///    `bodyTimeoutSeconds` (408) and the size limit (413, chunked bodies too), checked to be UTF-8
///    (400), and hashed with the audit secret for the audit log.
/// Authorisation by role is the route's (`RouteRegistrar`), since only the route knows its rule.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = GovBrainRequestContext

    let keys: KeyVerifier
    let limiter: RateLimiter
    /// Failed authentications per client address.
    let failures: RateLimiter
    let bodies: BodyBudget
    let access: AccessStore
    let maxRequestBytes: Int
    let bodyTimeoutSeconds: Double
    /// The clock of `bodyTimeoutSeconds`.
    let deadlines: BodyDeadlines

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        // The client address is written out only when it is used: a request with a valid key
        // from an address without failed authentications never needs it.
        var cachedAddress: String?
        func address() -> String {
            if let cachedAddress { return cachedAddress }
            let made = "ip:\(context.remoteAddress ?? "?")"
            cachedAddress = made
            return made
        }
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            // An address over its failure limit gets no more look-ups, except for a key that was
            // valid in the last minutes (clients behind the same address as an attacker keep working).
            if !failures.isEmpty, let wait = failures.peek(address()),
               parts.count != 2 || !keys.wasRecentlyValid(parts[1].trimmingWhitespace) {
                throw RequestRefusal(code: .rateLimited, message: "too many failed authentications from this address; retry in \(wait) s",
                                     retryAfterSeconds: wait)
            }
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                _ = failures.take(address())
                throw RequestRefusal(code: .unauthorized, message: "the Authorization header must be 'Bearer gbk_…'")
            }
            guard let principal = try keys.principal(for: parts[1].trimmingWhitespace) else {
                _ = failures.take(address())
                throw RequestRefusal.invalidKey
            }
            context.record.principal = principal
        }
        let principal = context.record.principal
        let caller = principal.map { "key:\($0.keyID)" } ?? address()
        if let wait = limiter.take(caller) {
            throw RequestRefusal(code: .rateLimited,
                                 message: "too many requests from this caller (limit \(limiter.ratePerSecond.formatted()) per second, bursts of \(Int(limiter.burst))); retry in \(wait) s",
                                 retryAfterSeconds: wait)
        }
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        let chunked = request.headers[.transferEncoding]?.lowercased().contains("chunked") == true
        let hasBody = (declared ?? 0) > 0 || chunked
        var bodyBytes: [UInt8] = []
        var reserved = 0
        defer { if reserved > 0 { bodies.release(reserved, for: caller) } }
        if hasBody {
            guard principal != nil else { throw RequestRefusal.missingKey }
            if let declared, declared > maxRequestBytes { throw Self.tooLarge(maxRequestBytes) }
            let size = declared ?? maxRequestBytes
            guard bodies.reserve(size, for: caller) else {
                throw RequestRefusal(code: .overloaded, message: "too many request bodies are being received at once; retry in 1 s", retryAfterSeconds: 1)
            }
            reserved = size
            let body = try await deadlines.collect(request.body, channel: context.channel, limit: maxRequestBytes, timeoutSeconds: bodyTimeoutSeconds)
            request.body = .init(buffer: body)
            bodyBytes = Array(body.readableBytesView)
            guard String(validating: bodyBytes, as: UTF8.self) != nil else {
                throw EngineError(code: .invalidUTF8, message: "the request body is not valid UTF-8; send JSON encoded as UTF-8")
            }
        }
        let query = request.uri.query ?? ""
        if !bodyBytes.isEmpty || !query.isEmpty {
            bodyBytes.append(0)
            bodyBytes.append(contentsOf: query.utf8)
            context.record.requestHash = access.auditHash(bytes: bodyBytes)
        }
        return try await next(request, context)
    }

    static func tooLarge(_ limit: Int) -> RequestRefusal {
        RequestRefusal(code: .payloadTooLarge, message: "the request body is larger than the limit of \(limit) bytes; send less (or raise --max-request-bytes)")
    }
}
