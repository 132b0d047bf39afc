import Foundation
import HTTPTypes
import Hummingbird
import KGAccess
import Logging

/// The outermost middleware: gives every request an id (or keeps a well-formed one the client
/// sent) echoed in `X-Request-Id`, then, once answered, appends the audit entry, records the
/// metrics and writes one structured log line (no body, no query text, no personal data).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = GovBrainRequestContext
    static var requestIDHeader: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    let audit: AuditWriter
    let metrics: ServerMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let sent = request.headers[Self.requestIDHeader]
        let requestID: String
        if let sent, (1...64).contains(sent.count), sent.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            requestID = sent
        } else {
            requestID = Self.newRequestID()
        }
        context.record.requestID = requestID
        let clock = ContinuousClock()
        let started = clock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // The error middleware answers every error; this is the last line of defence.
            response = JSONResponse.error(code: "InternalError", message: "the server failed to answer this request",
                                          status: .internalServerError, requestID: requestID)
        }
        response.headers[Self.requestIDHeader] = requestID
        let elapsed = clock.now - started
        let status = Int(response.status.code)
        let route = context.endpointPath ?? (status == 404 ? "(unmatched)" : "(refused)")
        let principal = context.record.principal
        let rows = status < 400 ? context.record.rows : 0
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        audit.append(AuditEntry(at: AccessStore.timestamp(Date()), requestID: requestID, keyID: principal?.keyID, role: principal?.role.rawValue,
                                method: request.method.rawValue, route: route, path: AuditPath.redact(request.uri.path),
                                requestHash: context.record.requestHash, rows: rows, status: status, durationMs: ms))
        metrics.observe(route: route, method: request.method.rawValue, status: status, duration: elapsed, rowCount: rows)
        logger.info("request", metadata: ["request_id": .string(requestID), "method": .string(request.method.rawValue),
                                          "route": .string(route), "status": .string(String(status)),
                                          "duration_ms": .stringConvertible(String(format: "%.2f", ms)), "rows": .string(String(rows)),
                                          "key_id": .string(principal?.keyID ?? "-"), "role": .string(principal?.role.rawValue ?? "-")])
        return response
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A random (version 4) UUID in lowercase, written from its bytes. Foundation's `UUID()`
    /// opened and closed /dev/urandom on every call here (3 % of a request), and the system
    /// generator asked the kernel twice per id; `RandomBytes` reads the kernel's bytes in blocks.
    static func newRequestID() -> String {
        var random = RandomBytes.shared.next128()
        return withUnsafeMutableBytes(of: &random) { b in
            b[6] = (b[6] & 0x0F) | 0x40   // version 4
            b[8] = (b[8] & 0x3F) | 0x80   // RFC 4122 variant
            return String(unsafeUninitializedCapacity: 36) { out in
                var o = 0
                for i in 0..<16 {
                    if i == 4 || i == 6 || i == 8 || i == 10 { out[o] = UInt8(ascii: "-"); o += 1 }
                    out[o] = hexDigits[Int(b[i] >> 4)]
                    out[o + 1] = hexDigits[Int(b[i] & 0x0F)]
                    o += 2
                }
                return o
            }
        }
    }
}
