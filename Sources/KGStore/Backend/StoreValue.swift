/// A value crossing the store's SQL boundary, whatever the backend.
///
/// `blob` is a BLOB (SQLite) or BYTEA (PostgreSQL); `int64Array` is one array argument, which
/// only a backend whose dialect binds lists as arrays takes (`SQLDialect.inList`).
package enum StoreValue: Equatable, Sendable {
    case null, int(Int64), double(Double), text(String), blob([UInt8]), int64Array([Int64])

    /// The integer, or nil for any other kind.
    package var int: Int64? { if case .int(let i) = self { return i } else { return nil } }
    /// The text, or nil for any other kind.
    package var text: String? { if case .text(let s) = self { return s } else { return nil } }
    /// A REAL (or an INTEGER, widened).
    package var doubleValue: Double? {
        switch self { case .double(let d): return d; case .int(let i): return Double(i); default: return nil }
    }
}
