import KGCore

/// Small builders for the JSON Schemas of the OpenAPI document (JSON Schema 2020-12, as
/// OpenAPI 3.1 uses it). Objects allow further members: clients must ignore what they do not know.
enum Schema {
    static let string = JSON.object([("type", .string("string"))])
    static let integer = JSON.object([("type", .string("integer"))])
    static let number = JSON.object([("type", .string("number"))])
    static let boolean = JSON.object([("type", .string("boolean"))])
    /// Any JSON value (Cypher wire values, free-form configuration).
    static let any = JSON.object([])

    static func string(_ description: String, example: String? = nil, enumeration: [String]? = nil) -> JSON {
        var m: [(String, JSON)] = [("type", .string("string")), ("description", .string(description))]
        if let enumeration { m.append(("enum", .array(enumeration.map(JSON.string)))) }
        if let example { m.append(("examples", .array([.string(example)]))) }
        return .object(m)
    }

    /// A string matching a regular expression.
    static func pattern(_ regex: String, _ description: String, example: String? = nil) -> JSON {
        var m: [(String, JSON)] = [("type", .string("string")), ("pattern", .string(regex)), ("description", .string(description))]
        if let example { m.append(("examples", .array([.string(example)]))) }
        return .object(m)
    }

    /// Text with at least one character that is not white space.
    static func text(_ description: String, maxLength: Int? = nil) -> JSON {
        var m: [(String, JSON)] = [("type", .string("string")), ("pattern", .string("\\S")), ("description", .string(description))]
        if let maxLength { m.append(("maxLength", .int(Int64(maxLength)))) }
        return .object(m)
    }

    /// Exactly one of the alternatives (each an object schema).
    static func oneOf(_ options: [JSON], description: String) -> JSON {
        .object([("oneOf", .array(options)), ("description", .string(description))])
    }

    static func number(_ description: String, exclusiveMinimum: Double? = nil, minimum: Double? = nil, maximum: Double? = nil) -> JSON {
        var m: [(String, JSON)] = [("type", .string("number")), ("description", .string(description))]
        if let exclusiveMinimum { m.append(("exclusiveMinimum", .double(exclusiveMinimum))) }
        if let minimum { m.append(("minimum", .double(minimum))) }
        if let maximum { m.append(("maximum", .double(maximum))) }
        return .object(m)
    }

    static func integer(_ description: String, minimum: Int? = nil, maximum: Int? = nil) -> JSON {
        var m: [(String, JSON)] = [("type", .string("integer")), ("description", .string(description))]
        if let minimum { m.append(("minimum", .int(Int64(minimum)))) }
        if let maximum { m.append(("maximum", .int(Int64(maximum)))) }
        return .object(m)
    }

    static func nullable(_ schema: JSON) -> JSON {
        guard case .object(var m) = schema, let i = m.firstIndex(where: { $0.0 == "type" }), case .string(let t) = m[i].1 else {
            return .object([("anyOf", .array([schema, .object([("type", .string("null"))])]))])
        }
        m[i].1 = .array([.string(t), .string("null")])
        return .object(m)
    }

    static func array(_ items: JSON, description: String? = nil) -> JSON {
        var m: [(String, JSON)] = [("type", .string("array")), ("items", items)]
        if let description { m.append(("description", .string(description))) }
        return .object(m)
    }

    static func object(_ properties: [(String, JSON)], required: [String] = [], description: String? = nil) -> JSON {
        var m: [(String, JSON)] = [("type", .string("object")), ("properties", .object(properties))]
        if !required.isEmpty { m.append(("required", .array(required.map(JSON.string)))) }
        if let description { m.append(("description", .string(description))) }
        return .object(m)
    }

    /// A map from names to one kind of value.
    static func dictionary(_ values: JSON, description: String) -> JSON {
        .object([("type", .string("object")), ("additionalProperties", values), ("description", .string(description))])
    }

    static func ref(_ name: String) -> JSON { .object([("$ref", .string("#/components/schemas/\(name)"))]) }
}
