import Foundation
import HTTPTypes
import Hummingbird
import KGCore
import KGEngine
import KGStore

/// The outermost middleware: gives every request an id (or keeps a well-formed one the client
/// sent), echoes it in `X-Request-Id`, and turns every thrown error into the JSON error body with
/// a fitting status, so no request can take the server down or get an HTML page.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    static var requestIDHeader: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let sent = request.headers[Self.requestIDHeader]
        let requestID: String
        if let sent, sent.count <= 64, sent.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            requestID = sent
        } else {
            requestID = UUID().uuidString.lowercased()
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let e as HTTPError {
            response = JSONResponse.error(code: e.status == .notFound ? "NotFound" : "HTTPError",
                                          message: e.body ?? e.status.reasonPhrase, status: e.status, requestID: requestID)
        } catch let e as any GovBrainError {
            let status: HTTPResponse.Status
            switch e.code {
            case .notFound: status = .notFound
            case .conflict: status = .conflict
            case .modelUnavailable: status = .serviceUnavailable
            default: status = e.phase == "store" ? .serviceUnavailable : .badRequest
            }
            response = JSONResponse.error(code: e.code.rawValue, message: e.message, status: status, requestID: requestID, location: e.location)
        } catch {
            response = JSONResponse.error(code: "InternalError", message: "the server failed to answer this request",
                                          status: .internalServerError, requestID: requestID)
        }
        response.headers[Self.requestIDHeader] = requestID
        return response
    }
}
