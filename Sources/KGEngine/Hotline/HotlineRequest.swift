import KGCore

/// One routing request in the JSON form shared by `govbrain route --input` lines and
/// `POST /v1/hotline/route` bodies: `{"id": optional, "text": "…", "address": optional}`.
public enum HotlineRequest {
    /// The parsed request: text and address, or an error naming the bad member.
    public static func parse(_ json: JSON) throws -> (text: String, address: String?) {
        guard case .object = json else {
            throw EngineError(code: .invalidRoutingRequest, message: "a routing request must be an object {\"text\": \"…\", \"address\": optional}")
        }
        guard let textValue = json["text"] else { throw EngineError(code: .invalidRoutingRequest, message: "\"text\" is missing") }
        guard case .string(let text) = textValue else {
            throw EngineError(code: .invalidRoutingRequest, message: "\"text\" must be a string")
        }
        var address: String?
        if let a = json["address"], a != .null {
            guard case .string(let s) = a else { throw EngineError(code: .invalidRoutingRequest, message: "\"address\" must be a string or null") }
            address = s
        }
        return (text, address)
    }

    /// Routes one JSON Lines line; failures become `{"id": …, "error": {"code", "message"}}`.
    public static func route(line: String, number: Int, router: HotlineRouter) -> JSON {
        let json: JSON
        do { json = try JSONParser.parse(line) } catch {
            return errorJSON(id: .null, code: ErrorCode.malformedJSON.rawValue, message: "line \(number) is not JSON: \(error)")
        }
        let id: JSON = {
            if case .object = json, let v = json["id"] { return v }
            return .null
        }()
        do {
            let (text, address) = try parse(json)
            return try router.route(text: text, address: address).json(id: id)
        } catch let e as any GovBrainError {
            return errorJSON(id: id, code: e.code.rawValue, message: "line \(number): \(e.message)")
        } catch {
            return errorJSON(id: id, code: "InternalError", message: "line \(number): \(error)")
        }
    }

    static func errorJSON(id: JSON, code: String, message: String) -> JSON {
        .object([("id", id), ("error", .object([("code", .string(code)), ("message", .string(message))]))])
    }
}
