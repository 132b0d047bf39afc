import KGCore

/// The datatype of a property, from the XSD range declared in the ontology.
public enum PropertyType: String, Sendable, Hashable, CaseIterable {
    case string, integer, double, boolean, date, dateTime, time, duration

    /// Maps an XSD datatype local name (`string`, `int`, `decimal`, …) to a property type.
    public init?(xsdLocalName name: String) {
        switch name {
        case "string", "normalizedString", "token", "anyURI": self = .string
        case "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger": self = .integer
        case "double", "float", "decimal": self = .double
        case "boolean": self = .boolean
        case "date": self = .date
        case "dateTime", "dateTimeStamp": self = .dateTime
        case "time": self = .time
        case "duration", "dayTimeDuration", "yearMonthDuration": self = .duration
        default: return nil
        }
    }

    /// The XSD local name written when the schema is printed.
    public var xsdName: String { rawValue }

    /// Whether a scalar value has this type exactly.
    public func matches(_ value: Value) -> Bool {
        switch (self, value) {
        case (.string, .string), (.integer, .int), (.double, .double), (.boolean, .bool),
             (.date, .date), (.dateTime, .dateTime), (.dateTime, .localDateTime), (.time, .time), (.time, .localTime),
             (.duration, .duration): return true
        default: return false
        }
    }

    /// Converts a value to this type where the conversion loses nothing: an integer to a double,
    /// or text (an untyped CSV column, a GraphML string) that spells a value of this type.
    /// - Returns: the converted value, or `nil` if it does not convert.
    public func coerce(_ value: Value) -> Value? {
        if matches(value) { return value }
        switch (self, value) {
        case (.double, .int(let i)): return .double(Double(i))
        case (.integer, .double(let d)) where d.rounded() == d && abs(d) < 9.0e15: return .int(Int64(d))
        case (.integer, .string(let s)): return Int64(s.trimmingSpaces).map(Value.int)
        case (.double, .string(let s)): return Double(s.trimmingSpaces).map(Value.double)
        case (.boolean, .string(let s)):
            switch s.trimmingSpaces.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case (.date, .string(let s)): return CypherDate(iso: String(s.trimmingSpaces)).map(Value.date)
        case (.date, .dateTime(let t)): return .date(t.localDate)
        case (.dateTime, .string(let s)): return CypherDateTime(iso: String(s.trimmingSpaces)).map(Value.dateTime)
        case (.dateTime, .date(let d)): return .dateTime(CypherDateTime(epochSeconds: Int64(d.daysSinceEpoch) * 86400))
        case (.time, .string(let s)):
            let text = s.trimmingSpaces
            return TemporalParser.localTime(text).map(Value.localTime) ?? TemporalParser.time(text).map(Value.time)
        case (.duration, .string(let s)): return TemporalParser.duration(s.trimmingSpaces).map(Value.duration)
        default: return nil
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return s
    }
}
