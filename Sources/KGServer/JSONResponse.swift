import HTTPTypes
import Hummingbird
import KGCore
import KGEngine
import NIOCore

/// Builds JSON responses from GovBrain's `JSON` values (integers and floats kept apart).
enum JSONResponse {
    /// The response to a caller: personal numbers in free text are masked for every role but
    /// admin (`TextRedactor`), and the number of rows or items is recorded for the audit log.
    static func make(_ json: JSON, context: GovBrainRequestContext, status: HTTPResponse.Status = .ok) -> Response {
        context.record.rows = rowCount(json)
        let body = context.principal?.isAdmin == true ? json : redacted(json)
        return make(body, status: status)
    }

    static func make(_ json: JSON, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        var bytes = JSONWriter.bytes(json)
        bytes.append(UInt8(ascii: "\n"))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A CSV answer (`text/csv`), with its row count recorded for the audit log.
    static func csv(_ text: String, rows: Int, context: GovBrainRequestContext) -> Response {
        context.record.rows = max(0, rows)
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The error body of CONVENTIONS.md.
    static func error(code: String, message: String, status: HTTPResponse.Status, requestID: String?,
                      location: SourceLocation? = nil) -> Response {
        var members: [(String, JSON)] = [("code", .string(code)), ("message", .string(message))]
        if let location { members += [("line", .int(Int64(location.line))), ("column", .int(Int64(location.column)))] }
        if let requestID, !requestID.isEmpty { members.append(("requestId", .string(requestID))) }
        return make(.object([("error", .object(members))]), status: status)
    }

    /// Every string with personal numbers masked.
    static func redacted(_ json: JSON) -> JSON {
        switch json {
        case .string(let s): return .string(TextRedactor.redact(s))
        case .array(let items): return .array(items.map(redacted))
        case .object(let members): return .object(members.map { ($0.0, redacted($0.1)) })
        default: return json
        }
    }

    /// The length of the first top-level list (`rows`, `results`, `items`…), or 1.
    static func rowCount(_ json: JSON) -> Int {
        if case .array(let items) = json { return items.count }
        guard case .object(let members) = json else { return 1 }
        for key in ["rows", "results", "items", "alerts", "enterprises", "recommendations", "hotspots", "sample", "orders", "selected"] {
            if case .array(let items)? = members.first(where: { $0.0 == key })?.1 { return items.count }
        }
        return 1
    }
}
