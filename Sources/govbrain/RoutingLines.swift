import KGCore
import KGEngine
import GovHotline

/// `govbrain route --input`: one JSON Lines request per line (`{"id": optional, "text": "…",
/// "address": optional}`), one answer per line with the caller's `id` first; a failed line
/// becomes `{"id": …, "error": {"code", "message"}}` and the others go on.
enum RoutingLines {
    static func route(line: String, number: Int, router: HotlineRouter) -> JSON {
        let json: JSON
        do { json = try JSONParser.parse(line) } catch {
            return failure(id: .null, code: ErrorCode.malformedJSON.rawValue, message: "line \(number) is not JSON: \(error)")
        }
        let id = json["id"] ?? .null
        do {
            guard case .object = json else {
                throw EngineError(code: .invalidRoutingRequest, message: "a routing request must be an object {\"text\": \"…\", \"address\": optional}")
            }
            let request = try JSONValueDecoder(code: .invalidRoutingRequest).decode(HotlineRouteRequest.self, from: json)
            let routing = try JSONValueEncoder().encode(try router.route(text: request.text, address: request.address))
            guard json["id"] != nil, case .object(let members) = routing else { return routing }
            return .object([("id", id)] + members)
        } catch let e as any GovBrainError {
            return failure(id: id, code: e.code.rawValue, message: "line \(number): \(e.message)")
        } catch {
            return failure(id: id, code: ErrorCode.internalError.rawValue, message: "line \(number): \(error)")
        }
    }

    static func failure(id: JSON, code: String, message: String) -> JSON {
        .object([("id", id), ("error", .object([("code", .string(code)), ("message", .string(message))]))])
    }
}
