import Hummingbird
import KGCore
import KGEngine

/// The JSON transport of the typed domain APIs: request bodies and query parameters decoded into
/// the services' request types (errors under the route's own code), responses encoded in the
/// order their types declare. No service sees JSON.
enum Wire {
    /// A request body (one JSON object) as `T`; shape errors carry `code`.
    static func body<T: Decodable>(_ type: T.Type, _ request: Request, limit: Int, example: String, code: ErrorCode = .badValue,
                                   emptyIsObject: Bool = false) async throws -> (value: T, json: JSON) {
        let json = try await RequestBody.object(request, limit: limit, example: example, emptyIsObject: emptyIsObject)
        return (try JSONValueDecoder(code: code).decode(type, from: json), json)
    }

    /// The query parameters (strings, unknown names refused) as `T`.
    static func query<T: Decodable>(_ type: T.Type, _ request: Request, allowed: Set<String>, code: ErrorCode = .badValue) throws -> T {
        let parameters = try HotlineRoutes.parameters(request, allowed: allowed).get()
        return try JSONValueDecoder(code: code).decode(type, from: .object(parameters.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    }

    /// A service's answer as the JSON value the transport writes.
    static func json<T: Encodable>(_ value: T) throws -> JSON { try JSONValueEncoder().encode(value) }
}
