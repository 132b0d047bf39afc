import KGCore
import KGEngine
import KGAccess

/// The OpenAPI 3.1 document of the server, built from its route table (paths, methods, who may
/// call) and `RouteDocs` (summaries, parameters, schemas, examples).
enum OpenAPIDocument {
    static func build(routes: [RouteTable.Entry]) -> JSON {
        var paths: [(String, [(String, JSON)])] = []
        for route in routes {
            let operation = self.operation(route)
            if let i = paths.firstIndex(where: { $0.0 == route.path }) {
                paths[i].1.append((route.method.lowercased(), operation))
            } else {
                paths.append((route.path, [(route.method.lowercased(), operation)]))
            }
        }
        return .object([
            ("openapi", .string("3.1.0")),
            ("info", .object([("title", .string("GovBrain API")), ("version", .string(GovBrainVersion.current)),
                              ("description", .string("""
                              The digital government brain: the knowledge graph (openCypher), similarity, algorithms, hotline routing, \
                              market supervision and policies. Every route but the operations routes needs an API key \
                              (Authorization: Bearer gbk_…); each operation lists the roles that may call it (x-roles). \
                              Sensitive properties are masked for every role but admin. Errors have one body (Error).
                              """))])),
            ("servers", .array([.object([("url", .string("http://127.0.0.1:8080"))])])),
            ("security", .array([.object([("bearer", .array([]))])])),
            ("paths", .object(paths.map { ($0.0, .object($0.1)) })),
            ("components", .object([
                ("securitySchemes", .object([("bearer", .object([("type", .string("http")), ("scheme", .string("bearer")),
                                                                 ("description", .string("an API key made by 'govbrain keys create'"))]))])),
                ("schemas", .object(RouteDocs.components)),
            ])),
        ])
    }

    private static func operation(_ route: RouteTable.Entry) -> JSON {
        let key = "\(route.method) \(route.path)"
        let doc = RouteDocs.all[key]
        var op: [(String, JSON)] = [
            ("operationId", .string(operationID(route))),
            ("summary", .string(doc?.summary ?? key)),
            ("description", .string(doc?.description ?? "")),
            ("tags", .array([.string(doc?.tag ?? "other")])),
            ("x-roles", .array(route.access.allowedRoles.map { .string($0.rawValue) })),
        ]
        if route.access == .open { op.append(("security", .array([]))) }
        if let parameters = doc?.parameters, !parameters.isEmpty {
            op.append(("parameters", .array(parameters.map { p in
                .object([("name", .string(p.name)), ("in", .string(p.location)), ("required", .bool(p.required)),
                         ("description", .string(p.description)), ("schema", p.schema)])
            })))
        }
        if let request = doc?.request {
            op.append(("requestBody", .object([("required", .bool((route.method == "POST" || route.method == "PUT") && !route.path.hasPrefix("/v1/algorithms"))),
                                               ("content", .object([("application/json", .object([("schema", request.schema), ("example", request.example)]))]))])))
        }
        var success: [(String, JSON)] = [("description", .string("success"))]
        if let response = doc?.response {
            var media: [(String, JSON)] = [("schema", response.schema)]
            if let example = response.example { media.append(("example", example)) }
            var content: [(String, JSON)] = [("application/json", .object(media))]
            if doc?.csv == true { content.append(("text/csv", .object([("schema", Schema.string)]))) }
            success.append(("content", .object(content)))
        } else if let doc {
            success.append(("content", .object([(doc.successMediaType, .object([("schema", Schema.string)]))])))
        }
        var responses: [(String, JSON)] = [(doc?.successStatus ?? "200", .object(success))]
        let error = JSON.object([("application/json", .object([("schema", Schema.ref("Error"))]))])
        func add(_ status: String, _ text: String) { responses.append((status, .object([("description", .string(text)), ("content", error)]))) }
        if route.path == "/readyz" { add("503", "not ready yet") }
        if route.access != .open {
            add("400", "a bad request: the error says what, where and how to fix it")
            add("401", "no API key, or an unknown or revoked one")
            add("403", "the key's role may not call this route (or may not write)")
            add("413", "the body is larger than the limit")
            add("429", "rate limit reached; see Retry-After")
            add("503", "overloaded (see Retry-After) or a model is not available")
        }
        if route.access != .open || route.path.contains("{") { add("404", "no such item (enterprise, alert, policy, region, …)") }
        if route.path.hasSuffix("/ack") || route.path.hasSuffix("/resolve") { add("409", "the alert is in a state that does not allow this") }
        if route.path.hasSuffix("/events") { add("409", "the order's status does not allow this event (the error names the allowed ones), or a concurrent event changed it first") }
        if route.method == "PUT" && route.path.hasPrefix("/v1/hotline/knowledge/entries/") {
            add("409", "the entry has a newer version than the one the edit was based on (`version`): GET it again and re-apply the edit")
        }
        responses.append(("default", .object([("description", .string("any other error")), ("content", error)])))
        op.append(("responses", .object(responses)))
        return .object(op)
    }

    /// `POST /v1/risk/alerts/{id}/ack` → `postV1RiskAlertsIdAck`.
    static func operationID(_ route: RouteTable.Entry) -> String {
        var out = route.method.lowercased()
        for part in route.path.split(whereSeparator: { "/{}._".contains($0) }) where !part.isEmpty {
            out += part.prefix(1).uppercased() + part.dropFirst()
        }
        return out
    }
}
