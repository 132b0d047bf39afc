import Foundation
import HTTPTypes
import Hummingbird
import KGCore
import KGEngine
import KGAccess
import NIOCore

/// Turns every thrown error into the JSON error body with a fitting status, so no request can
/// take the server down or get an HTML page: 400 for bad requests, 401/403 for access, 404,
/// 409, 413, 429 and 503 with `Retry-After`, 500 (without details) for anything unexpected.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = GovBrainRequestContext
    /// The routes, to tell a wrong method (405 with Allow) from a wrong path (404).
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = context.record.requestID
        do {
            return try await next(request, context)
        } catch let e as HTTPError where e.status == .notFound {
            let allowed = routes.methods(forPath: request.uri.path)
            guard !allowed.isEmpty else {
                return JSONResponse.error(code: "NotFound", message: "there is no route \(request.uri.path.prefix(200)); GET /openapi.yaml lists them",
                                          status: .notFound, requestID: requestID)
            }
            var response = JSONResponse.error(code: "MethodNotAllowed", message: "\(request.method.rawValue) is not allowed here; use \(allowed.joined(separator: " or "))",
                                              status: .methodNotAllowed, requestID: requestID)
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        } catch let e as HTTPError {
            let code: String
            switch e.status {
            case .notFound: code = "NotFound"
            case .contentTooLarge: code = ErrorCode.payloadTooLarge.rawValue
            case .methodNotAllowed: code = "MethodNotAllowed"
            default: code = "HTTPError"
            }
            return JSONResponse.error(code: code, message: e.body ?? e.status.reasonPhrase, status: e.status, requestID: requestID)
        } catch is NIOTooManyBytesError {
            return JSONResponse.error(code: ErrorCode.payloadTooLarge.rawValue, message: "the request body is larger than the limit",
                                      status: .contentTooLarge, requestID: requestID)
        } catch let e as any GovBrainError {
            // Messages may quote values (a date that did not parse, a string that was not a
            // number): personal numbers in them are masked, whoever asked.
            var response = JSONResponse.error(code: e.code.rawValue, message: TextRedactor.redactStrictly(e.message), status: Self.status(for: e),
                                              requestID: requestID, location: e.location)
            if let refusal = e as? RequestRefusal {
                if let wait = refusal.retryAfterSeconds { response.headers[.retryAfter] = String(wait) }
                if refusal.code == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"govbrain\"" }
            }
            return response
        } catch {
            return JSONResponse.error(code: ErrorCode.internalError.rawValue, message: "the server failed to answer this request",
                                      status: .internalServerError, requestID: requestID)
        }
    }

    static func status(for e: any GovBrainError) -> HTTPResponse.Status {
        switch e.code {
        case .notFound: return .notFound
        case .conflict: return .conflict
        case .modelUnavailable, .modelNotFound, .invalidArtifact, .resourcesMissing, .pathNotWritable, .overloaded: return .serviceUnavailable
        case .internalError, .ioFailure: return .internalServerError
        case .unauthorized: return .unauthorized
        case .forbidden, .writeNotAllowed: return .forbidden
        case .rateLimited: return .tooManyRequests
        case .payloadTooLarge: return .contentTooLarge
        case .requestTimeout: return .requestTimeout
        case .notAcceptable: return .notAcceptable
        default: return e.phase == "store" ? .serviceUnavailable : .badRequest
        }
    }
}
