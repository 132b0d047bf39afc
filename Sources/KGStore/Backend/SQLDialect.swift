import KGCore

/// How one backend spells the SQL the common subset does not cover: label lists, `IN` lists,
/// and the expression property indexes are built on.
package struct SQLDialect: Sendable {
    /// The backends.
    package enum Kind: Sendable { case sqlite, postgres }
    package let kind: Kind

    package init(_ kind: Kind) { self.kind = kind }

    /// SQLite's spelling.
    package static let sqlite = SQLDialect(.sqlite)

    /// An aggregate of the label ids in `column` as one text of comma-separated ids (NULL over no rows).
    package func labelList(_ column: String) -> String {
        switch kind {
        case .sqlite: return "group_concat(\(column))"
        case .postgres: return "string_agg(\(column)::text, ',')"
        }
    }

    /// `column` is one of `count` values, bound by `inListArguments`.
    package func inList(_ column: String, count: Int) -> String {
        switch kind {
        case .sqlite: return "\(column) IN (" + Array(repeating: "?", count: count).joined(separator: ",") + ")"
        case .postgres: return "\(column) = ANY(?)"
        }
    }

    /// The arguments of an `inList` of `values`.
    package func inListArguments(_ values: some Collection<Int64>) -> [StoreValue] {
        switch kind {
        case .sqlite: return values.map { .int($0) }
        case .postgres: return [.int64Array(Array(values))]
        }
    }

    /// The expression a property index on `key` is built on, over the property document `props`
    /// (seeks must repeat it verbatim). `key` has passed `GraphStore.checkIndexable`.
    package func propertyIndexExpression(_ key: String, props: String) -> String {
        switch kind {
        case .sqlite: return "json_extract(\(props), '$.\"\(key)\"')"
        case .postgres: return "json_scalar(\(props), '\(key)')"
        }
    }

    /// The argument a property index compares with (nil: a value no property index holds).
    package func propertyIndexArgument(_ value: Value) -> StoreValue? {
        switch value {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .text(s)
        case .bool(let b): return .int(b ? 1 : 0)
        default: return nil
        }
    }

    /// The name of the index on `key`: `pidx_` and the key's UTF-8 bytes in hex.
    package func propertyIndexName(_ key: String) -> String {
        "pidx_" + key.utf8.map { hexByte($0) }.joined()
    }

    private func hexByte(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
    }
}
