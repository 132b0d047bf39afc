import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore
import KGEngine
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGAccess
@testable import KGServer

/// The OpenAPI document stays true: it lists exactly the routes the server has, and every
/// documented example, sent to the server, gets an answer that conforms to the documented schema.
extension ServerTests {
    @Test func openAPIDocumentMatchesTheServer() async throws {
        try await withServer { base in
            let server = try #require(Self.server)
            let routes = Set(server.routeTable.entries.map { "\($0.method) \($0.path)" })
            #expect(routes == Set(RouteDocs.all.keys), "undocumented: \(routes.subtracting(RouteDocs.all.keys)); stale: \(Set(RouteDocs.all.keys).subtracting(routes))")
            let (s1, yaml, headers) = try await get(base.appendingPathComponent("openapi.yaml"), as: nil)
            #expect(s1 == 200)
            #expect((headers.first { ($0.key as? String)?.lowercased() == "content-type" }?.value as? String)?.contains("yaml") == true)
            let text = try #require(yaml.stringValue)
            #expect(text.hasPrefix("\"openapi\": \"3.1.0\""))
            let (s2, document, _) = try await get(base.appendingPathComponent("openapi.json"), as: nil)
            #expect(s2 == 200 && document["openapi"] == .string("3.1.0"))
            let components = document["components"]?["schemas"] ?? .object([])
            guard case .object(let paths)? = document["paths"] else { Issue.record("no paths"); return }
            #expect(paths.count == Set(server.routeTable.entries.map(\.path)).count)
            for (path, item) in paths {
                #expect(text.contains(JSONWriter.string(.string(path)) + ":"), "\(path) missing from the YAML")
                guard case .object(let operations) = item else { continue }
                for (method, operation) in operations {
                    let responses = operation["responses"]
                    #expect((responses?["200"] ?? responses?["201"]) != nil && responses?["default"] != nil, "\(method) \(path)")
                    // Send the documented example; the answer must match its documented schema.
                    guard let example = operation["requestBody"]?["content"]?["application/json"]?["example"] else { continue }
                    let url = URL(string: base.absoluteString + Self.concrete(path))!
                    let (status, answer, _) = try await send(url, method: method.uppercased(), body: Data(JSONWriter.string(example).utf8))
                    let documented = responses?[String(status)] ?? responses?["default"]
                    let schema = try #require(documented?["content"]?["application/json"]?["schema"], "\(method) \(path) answered \(status), not documented")
                    let problems = SchemaCheck.problems(answer, schema, components: components)
                    #expect(problems.isEmpty, "\(method) \(path) → \(status): \(problems)")
                    // The same example with every other role allowed: no personal number in clear.
                    let entry = server.routeTable.entries.first { $0.path == path && $0.method == method.uppercased() }
                    for role in entry?.access.allowedRoles ?? [] where role != .admin {
                        let (_, masked, _) = try await send(url, method: method.uppercased(), body: Data(JSONWriter.string(example).utf8), as: role)
                        let text = JSONWriter.string(masked)
                        #expect(TextRedactor.redact(text) == text, "\(role) on \(method) \(path) got a personal number in clear")
                    }
                }
            }
        }
    }
}

/// A small JSON Schema checker for the keywords the document uses (type, properties, required,
/// items, enum, anyOf, $ref, additionalProperties, minimum, maximum).
enum SchemaCheck {
    static func problems(_ value: JSON, _ schema: JSON, components: JSON, at path: String = "$") -> [String] {
        if case .string(let ref)? = schema["$ref"] {
            guard let target = components[String(ref.split(separator: "/").last ?? "")] else { return ["\(path): unknown \(ref)"] }
            return problems(value, target, components: components, at: path)
        }
        if case .array(let options)? = schema["anyOf"] {
            return options.contains { problems(value, $0, components: components, at: path).isEmpty } ? [] : ["\(path): matches no anyOf option"]
        }
        var out: [String] = []
        var types: [String] = []
        switch schema["type"] {
        case .string(let t)?: types = [t]
        case .array(let ts)?: types = ts.compactMap(\.stringValue)
        default: break
        }
        if !types.isEmpty && !types.contains(where: { matches(value, $0) }) {
            return ["\(path): expected \(types.joined(separator: "|")), got \(JSONWriter.string(value).prefix(60))"]
        }
        if case .array(let allowed)? = schema["enum"], !allowed.contains(value) { out.append("\(path): \(JSONWriter.string(value)) not in enum") }
        if let minimum = schema["minimum"]?.doubleValue, let v = value.doubleValue, v < minimum { out.append("\(path): below minimum") }
        if let maximum = schema["maximum"]?.doubleValue, let v = value.doubleValue, v > maximum { out.append("\(path): above maximum") }
        if case .object(let members) = value {
            if case .array(let required)? = schema["required"] {
                for r in required.compactMap(\.stringValue) where !members.contains(where: { $0.0 == r }) { out.append("\(path): missing \(r)") }
            }
            for (k, v) in members {
                if let p = schema["properties"]?[k] {
                    out += problems(v, p, components: components, at: "\(path).\(k)")
                } else if let extra = schema["additionalProperties"], case .object = extra {
                    out += problems(v, extra, components: components, at: "\(path).\(k)")
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (i, item) in items.enumerated() { out += problems(item, itemSchema, components: components, at: "\(path)[\(i)]") }
        }
        return out
    }

    static func matches(_ value: JSON, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("integer", .int): return true
        case ("number", .int), ("number", .double): return true
        default: return false
        }
    }
}
