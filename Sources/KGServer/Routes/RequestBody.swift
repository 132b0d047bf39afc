import Hummingbird
import KGCore
import KGEngine
import NIOCore

/// Reads a request body as one JSON object, with the errors every route gives.
enum RequestBody {
    /// - Parameters:
    ///   - example: what a valid body looks like, for the error message.
    ///   - emptyIsObject: an empty body means `{}`.
    static func object(_ request: Request, limit: Int, example: String, emptyIsObject: Bool = false) async throws -> JSON {
        let body = try await request.body.collect(upTo: limit)
        let text = String(buffer: body)
        if emptyIsObject && text.allSatisfy({ $0.isWhitespace }) { return .object([]) }
        let json: JSON
        do { json = try JSONParser.parse(text) } catch {
            throw EngineError(code: .malformedJSON, message: "the request body is not JSON: \(error)")
        }
        guard case .object = json else {
            throw EngineError(code: .badValue, message: "the request body must be an object: \(example)")
        }
        return json
    }
}
