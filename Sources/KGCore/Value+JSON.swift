/// The property encoding used by the store and by JSON Lines import/export.
///
/// Integers are JSON integers, floats always carry a fraction or exponent (`1.0`), so the two
/// stay apart; temporal values, which JSON lacks, are one-key objects `{"$date": "…"}`,
/// `{"$datetime": "…"}`, `{"$time": …}`, `{"$localtime": …}`, `{"$localdatetime": …}` and
/// `{"$duration": …}` holding their `toString` text. Property values cannot be maps in openCypher, so an object is always
/// such a tag. Non-finite floats are tagged `{"$float": "NaN"}`.
extension Value {
    /// The value in the property encoding.
    public var propertyJSON: JSON {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return d.isFinite ? .double(d) : .object([("$float", .string(d.description))])
        case .string(let s): return .string(s)
        case .list(let items): return .array(items.map(\.propertyJSON))
        case .map(let m): return .object(m.sorted { $0.key < $1.key }.map { ($0.key, $0.value.propertyJSON) })
        case .date(let d): return .object([("$date", .string(d.description))])
        case .dateTime(let t): return .object([("$datetime", .string(t.description))])
        case .time(let t): return .object([("$time", .string(t.description))])
        case .localTime(let t): return .object([("$localtime", .string(t.description))])
        case .localDateTime(let t): return .object([("$localdatetime", .string(t.description))])
        case .duration(let d): return .object([("$duration", .string(d.description))])
        case .node, .relationship, .path: return .null
        }
    }

    /// Appends the value in the property encoding, exactly as `JSONWriter.write(propertyJSON)`
    /// would, without building the JSON tree for scalars (the import hot path).
    public func writePropertyJSON(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d) where d.isFinite: out += JSONWriter.formatDouble(d)
        case .string(let s): JSONWriter.writeString(s, into: &out)
        default: JSONWriter.write(propertyJSON, into: &out)
        }
    }

    /// Decodes the property encoding.
    /// - Throws: `ValueDecodingError` for an unknown tag or malformed temporal text.
    public init(propertyJSON json: JSON) throws {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(try items.map { try Value(propertyJSON: $0) })
        case .object(let members):
            if members.count == 1, case .string(let text) = members[0].1 {
                switch members[0].0 {
                case "$date", "$datetime", "$time", "$localtime", "$localdatetime", "$duration":
                    guard let v = Value(temporalTag: members[0].0, text: text) else {
                        throw ValueDecodingError(message: "invalid \(members[0].0.dropFirst()) '\(text)'")
                    }
                    self = v; return
                case "$float":
                    guard let d = Double(text) ?? Value.specialDouble(text) else {
                        throw ValueDecodingError(message: "invalid float '\(text)'")
                    }
                    self = .double(d); return
                default: break
                }
            }
            var map: [String: Value] = [:]
            for (k, v) in members { map[k] = try Value(propertyJSON: v) }
            self = .map(map)
        }
    }

    /// The temporal value of a property-encoding tag (`$date`, `$datetime`, `$time`,
    /// `$localtime`, `$localdatetime`, `$duration`) and its text.
    /// - Returns: nil for another tag or text that does not parse.
    public init?(temporalTag tag: String, text: String) {
        let s = Substring(text)
        switch tag {
        case "$date": guard let d = TemporalParser.date(s) else { return nil }; self = .date(d)
        case "$datetime": guard let t = TemporalParser.dateTime(s) else { return nil }; self = .dateTime(t)
        case "$time": guard let t = TemporalParser.time(s) else { return nil }; self = .time(t)
        case "$localtime": guard let t = TemporalParser.localTime(s) else { return nil }; self = .localTime(t)
        case "$localdatetime": guard let t = TemporalParser.localDateTime(s) else { return nil }; self = .localDateTime(t)
        case "$duration": guard let d = TemporalParser.duration(s) else { return nil }; self = .duration(d)
        default: return nil
        }
    }

    /// A temporal value from its `toString` text alone, its type told by the text's shape: `P…`
    /// is a duration; with a `T` a datetime (zone given) or local datetime; with a `:` a time
    /// (zone given) or local time; otherwise a date. Used for the query wire format's `$temporal`.
    /// - Returns: nil when the text is none of these.
    public init?(temporalText s: String) {
        let text = Substring(s)
        let hasZone: (Substring) -> Bool = { $0.contains { "Zz+-[".contains($0) } }
        if s.hasPrefix("P") || s.hasPrefix("-P") {
            guard let d = TemporalParser.duration(text) else { return nil }; self = .duration(d)
        } else if let t = s.firstIndex(of: "T") {
            if hasZone(text[t...]) { guard let v = TemporalParser.dateTime(text) else { return nil }; self = .dateTime(v) }
            else { guard let v = TemporalParser.localDateTime(text) else { return nil }; self = .localDateTime(v) }
        } else if s.contains(":") {
            if hasZone(text) { guard let v = TemporalParser.time(text) else { return nil }; self = .time(v) }
            else { guard let v = TemporalParser.localTime(text) else { return nil }; self = .localTime(v) }
        } else {
            guard let d = TemporalParser.date(text) else { return nil }; self = .date(d)
        }
    }

    static func specialDouble(_ s: String) -> Double? {
        switch s.lowercased() {
        case "nan": return .nan
        case "infinity", "inf": return .infinity
        case "-infinity", "-inf": return -.infinity
        default: return nil
        }
    }
}

/// A property document that could not be decoded into values.
public struct ValueDecodingError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
