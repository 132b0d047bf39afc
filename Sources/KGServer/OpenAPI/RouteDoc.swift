import KGCore

/// What the OpenAPI document says about one route: summary, parameters, request and response
/// bodies with schemas and examples.
struct RouteDoc {
    /// A query or path parameter.
    struct Parameter {
        let name: String
        let location: String
        let schema: JSON
        let required: Bool
        let description: String
    }

    let tag: String
    let summary: String
    let description: String
    var parameters: [Parameter] = []
    var request: (schema: JSON, example: JSON)?
    /// The success body (JSON), or nil for a non-JSON one.
    var response: (schema: JSON, example: JSON?)?
    /// The success status and media type when they are not 200 and JSON.
    var successMediaType = "application/json"
    /// The route can also answer `text/csv` (on request).
    var csv = false
    /// The success status (201 for a route that creates).
    var successStatus = "200"

    static func query(_ name: String, _ schema: JSON, _ description: String) -> Parameter {
        Parameter(name: name, location: "query", schema: schema, required: false, description: description)
    }

    static func path(_ name: String, _ description: String) -> Parameter {
        Parameter(name: name, location: "path", schema: Schema.string, required: true, description: description)
    }
}
