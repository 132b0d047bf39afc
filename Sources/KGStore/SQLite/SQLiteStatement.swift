import CSQLite
import KGCore

/// A prepared SQLite statement (the SQLite `StoreStatement`); finalized when released.
package final class SQLiteStatement: StoreStatement {
    package let stmt: OpaquePointer
    unowned let connection: SQLiteConnection

    package init(_ stmt: OpaquePointer, connection: SQLiteConnection) { self.stmt = stmt; self.connection = connection }
    deinit { sqlite3_finalize(stmt) }

    package var columnCount: Int { Int(sqlite3_column_count(stmt)) }

    package func reset() { sqlite3_reset(stmt); sqlite3_clear_bindings(stmt) }

    package func bind(_ values: [StoreValue]) throws {
        sqlite3_reset(stmt)
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1)) }
    }

    package func bind(_ v: StoreValue, at i: Int32) throws {
        let rc: Int32
        switch v {
        case .null: rc = sqlite3_bind_null(stmt, i)
        case .int(let x): rc = sqlite3_bind_int64(stmt, i, x)
        case .double(let x): rc = sqlite3_bind_double(stmt, i, x)
        case .text(let s): rc = sqlite3_bind_text(stmt, i, s, -1, csqlite_transient())
        case .blob(let bytes): try bindBlob(bytes, at: i); return
        case .int64Array:
            throw StoreError(code: .sqlite, message: "SQLite takes no array parameters (parameter \(i)); spell the list with SQLDialect.inList")
        }
        if rc != SQLITE_OK { throw connection.error(rc, connection.lastMessage) }
    }

    package func bindInt(_ x: Int64, at i: Int32) { sqlite3_bind_int64(stmt, i, x) }
    /// Binds a copy of `bytes` as a BLOB.
    package func bindBlob(_ bytes: [UInt8], at i: Int32) throws {
        let rc = bytes.withUnsafeBytes { raw in
            sqlite3_bind_blob(stmt, i, raw.baseAddress, Int32(raw.count), csqlite_transient())
        }
        if rc != SQLITE_OK { throw connection.error(rc, connection.lastMessage) }
    }
    package func bindNull(at i: Int32) { sqlite3_bind_null(stmt, i) }
    package func bindText(_ s: String, at i: Int32) {
        var s = s
        s.withUTF8 { buf in
            _ = sqlite3_bind_text(stmt, i, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                  Int32(buf.count), csqlite_transient())
        }
    }

    /// Binds `s` at `i` without copying it (SQLite reads it in place) and runs the statement,
    /// then resets it: the bulk writer's insert.
    package func runBinding(text s: String, at i: Int32) throws {
        var s = s
        try s.withUTF8 { try runBinding(text: $0, at: i) }
    }

    /// Binds UTF-8 text at `i` without copying it: the bytes must stay put until the statement
    /// has run and its bindings are replaced or cleared.
    package func bindStatic(_ utf8: UnsafeBufferPointer<UInt8>, at i: Int32) {
        let empty: StaticString = ""
        let base = utf8.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(empty.utf8Start)
        sqlite3_bind_text(stmt, i, base.assumingMemoryBound(to: CChar.self), Int32(utf8.count), nil)
    }

    /// Clears all bindings (after static ones, before their bytes go away).
    package func clearBindings() { sqlite3_clear_bindings(stmt) }

    /// Binds UTF-8 text at `i` without copying it and runs the statement, then resets it.
    package func runBinding(text utf8: UnsafeBufferPointer<UInt8>, at i: Int32) throws {
        let empty: StaticString = ""
        let base = utf8.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(empty.utf8Start)
        sqlite3_bind_text(stmt, i, base.assumingMemoryBound(to: CChar.self), Int32(utf8.count), nil)
        let rc = sqlite3_step(stmt)
        sqlite3_bind_null(stmt, i)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else {
            let err = connection.error(rc, connection.lastMessage)
            sqlite3_reset(stmt)
            throw err
        }
        sqlite3_reset(stmt)
    }

    /// Advances; true while a row is available.
    @discardableResult
    package func step() throws -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let err = connection.error(rc, connection.lastMessage)
        sqlite3_reset(stmt)
        throw err
    }

    /// Runs a statement that returns no rows, then resets it for reuse.
    package func run() throws {
        defer { sqlite3_reset(stmt) }
        let rc = sqlite3_step(stmt)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw connection.error(rc, connection.lastMessage) }
    }

    package func int(_ col: Int) -> Int64 { sqlite3_column_int64(stmt, Int32(col)) }
    package func double(_ col: Int) -> Double { sqlite3_column_double(stmt, Int32(col)) }
    package func isNull(_ col: Int) -> Bool { sqlite3_column_type(stmt, Int32(col)) == SQLITE_NULL }
    package func text(_ col: Int) -> String {
        guard let p = sqlite3_column_text(stmt, Int32(col)) else { return "" }
        let n = Int(sqlite3_column_bytes(stmt, Int32(col)))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
    /// A BLOB column's bytes, valid until the next step or reset.
    package func blob(_ col: Int) -> UnsafeRawBufferPointer {
        guard let p = sqlite3_column_blob(stmt, Int32(col)) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, Int32(col))))
    }

    package func bytes(_ col: Int) -> UnsafeBufferPointer<UInt8> {
        guard let p = sqlite3_column_text(stmt, Int32(col)) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, Int32(col))))
    }

    package func value(_ col: Int) -> StoreValue {
        switch sqlite3_column_type(stmt, Int32(col)) {
        case SQLITE_INTEGER: return .int(int(col))
        case SQLITE_FLOAT: return .double(double(col))
        case SQLITE_NULL: return .null
        case SQLITE_BLOB: return .blob(Array(blob(col)))
        default: return .text(text(col))
        }
    }
}
