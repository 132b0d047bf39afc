import HTTPTypes
import Hummingbird
import KGCore
import NIOCore

/// Builds JSON responses from GovBrain's `JSON` values (integers and floats kept apart).
enum JSONResponse {
    static func make(_ json: JSON, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(json) + "\n")))
    }

    /// The error body of CONVENTIONS.md.
    static func error(code: String, message: String, status: HTTPResponse.Status, requestID: String?,
                      location: SourceLocation? = nil) -> Response {
        var members: [(String, JSON)] = [("code", .string(code)), ("message", .string(message))]
        if let location { members += [("line", .int(Int64(location.line))), ("column", .int(Int64(location.column)))] }
        if let requestID { members.append(("requestId", .string(requestID))) }
        return make(.object([("error", .object(members))]), status: status)
    }
}
