import KGCore
import Foundation

/// The header of a CSV file in the neo4j-admin import convention.
///
/// `uscc:ID(Enterprise),name,regCapital:float,tags:string[],:LABEL` for nodes;
/// `:START_ID(Enterprise),:END_ID(Region),:TYPE,since:date` for relationships. An `ID` column
/// with a name is also stored as that property. A plain edge list (`src,dst[,…]`) is accepted
/// for free-form graphs.
struct CSVHeader {
    enum Role: Equatable {
        case id(space: String, property: String?)
        case startID(space: String)
        case endID(space: String)
        case label
        case type
        case ignore
        case property(name: String, type: CSVFieldType, isArray: Bool)
    }

    enum Kind { case nodes, relationships, edgeList }

    let columns: [Role]
    let kind: Kind

    /// Parses the header record.
    /// - Throws: `ImportError.badHeader` naming the column that cannot be understood.
    init(fields: [String], file: String) throws {
        var roles: [Role] = []
        for (i, raw) in fields.enumerated() {
            let field = raw.trimmingCharacters(in: .whitespaces)
            let loc = SourceLocation(file: file, line: 1, column: i + 1, field: field)
            guard !field.isEmpty else {
                throw ImportError(code: .badHeader, message: "header column \(i + 1) is empty; name it or mark it :IGNORE", location: loc)
            }
            let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let spec = parts.count > 1 ? String(parts[1]) : ""
            func space(_ prefix: String) -> String? {
                guard spec.hasPrefix(prefix) else { return nil }
                let rest = spec.dropFirst(prefix.count)
                if rest.isEmpty { return "" }
                guard rest.hasPrefix("("), rest.hasSuffix(")") else { return nil }
                return String(rest.dropFirst().dropLast())
            }
            if let s = space("ID") { roles.append(.id(space: s, property: name.isEmpty ? nil : name)) }
            else if let s = space("START_ID") { roles.append(.startID(space: s)) }
            else if let s = space("END_ID") { roles.append(.endID(space: s)) }
            else if spec == "LABEL" { roles.append(.label) }
            else if spec == "TYPE" { roles.append(.type) }
            else if spec == "IGNORE" { roles.append(.ignore) }
            else {
                guard !name.isEmpty else {
                    throw ImportError(code: .badHeader, message: "header column '\(field)' has no property name", location: loc)
                }
                var typeName = spec.isEmpty ? "string" : spec
                let isArray = typeName.hasSuffix("[]")
                if isArray { typeName.removeLast(2) }
                guard let type = CSVFieldType(rawValue: typeName.lowercased()) else {
                    throw ImportError(code: .badHeader, message: "unknown type '\(spec)' in header column '\(field)'; use int, long, float, double, boolean, string, date or datetime (with [] for arrays)", location: loc)
                }
                roles.append(.property(name: name, type: type, isArray: isArray))
            }
        }
        columns = roles
        let hasID = roles.contains { if case .id = $0 { return true } else { return false } }
        let hasStart = roles.contains { if case .startID = $0 { return true } else { return false } }
        let hasEnd = roles.contains { if case .endID = $0 { return true } else { return false } }
        if hasStart || hasEnd {
            guard hasStart && hasEnd else {
                throw ImportError(code: .badHeader, message: "a relationship file needs both :START_ID and :END_ID columns", location: SourceLocation(file: file, line: 1, column: 1))
            }
            kind = .relationships
        } else if hasID {
            kind = .nodes
        } else if fields.count >= 2, ["src", "source"].contains(fields[0].lowercased()), ["dst", "target"].contains(fields[1].lowercased()) {
            kind = .edgeList
        } else {
            throw ImportError(code: .badHeader, message: "cannot tell what this CSV holds: a node file needs an :ID column, a relationship file :START_ID and :END_ID (neo4j-admin import headers), an edge list starts with src,dst",
                              location: SourceLocation(file: file, line: 1, column: 1))
        }
        let ids = roles.filter { if case .id = $0 { return true } else { return false } }.count
        if ids > 1 {
            throw ImportError(code: .badHeader, message: "a node file has exactly one :ID column", location: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}

/// Value types of the neo4j-admin header convention.
enum CSVFieldType: String, Sendable {
    case int, long, short, byte, float, double, boolean, string, char, date, datetime, localdatetime, time, localtime, duration

    /// Parses one field (not empty).
    func parse(_ text: String) -> Value? {
        switch self {
        case .int, .long, .short, .byte:
            return Int64(text.trimmedASCII).map(Value.int)
        case .float, .double:
            let t = text.trimmedASCII
            if let d = Double(t) { return .double(d) }
            return nil
        case .boolean:
            switch text.trimmedASCII.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .string, .char: return .string(text)
        case .date: return TemporalParser.date(Substring(text.trimmedASCII)).map(Value.date)
        case .datetime: return TemporalParser.dateTime(Substring(text.trimmedASCII)).map(Value.dateTime)
        case .localdatetime: return TemporalParser.localDateTime(Substring(text.trimmedASCII)).map(Value.localDateTime)
        case .time: return TemporalParser.time(Substring(text.trimmedASCII)).map(Value.time)
        case .localtime: return TemporalParser.localTime(Substring(text.trimmedASCII)).map(Value.localTime)
        case .duration: return TemporalParser.duration(Substring(text.trimmedASCII)).map(Value.duration)
        }
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces and tabs; much cheaper than
    /// Foundation's `trimmingCharacters(in:)` on the import hot path.
    var trimmedASCII: String {
        let u = utf8
        guard let first = u.first, let last = u.last, first == 32 || first == 9 || last == 32 || last == 9 else { return self }
        var start = u.startIndex, end = u.endIndex
        while start < end, u[start] == 32 || u[start] == 9 { start = u.index(after: start) }
        while end > start, u[u.index(before: end)] == 32 || u[u.index(before: end)] == 9 { end = u.index(before: end) }
        return String(self[start..<end])
    }
}
