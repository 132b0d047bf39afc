import Foundation
import KGCore
import NIOCore
import PostgresNIO
import Synchronization

/// A statement of a `PostgresStoreConnection`, with the same bind/step/read protocol as SQLite's.
///
/// The SQL's `?` parameters become `$1…$n` once, when it is prepared (`PostgresParameters.rewrite`).
/// The first `step` after a bind sends the statement with its bindings and buffers its result
/// (one round trip per execution). A streaming statement (`prepare(_:streaming: true)`: full scans,
/// export, the CSR build) reads through a cursor instead, `fetchRows` rows per round trip, so its
/// memory stays bounded whatever the result's size (see `openCursor`). Each `step` then copies
/// the current row's cells into per-column scratch memory owned by the statement, so `bytes` and
/// `blob` point into memory that stays valid until the next `step` or `reset`, as SQLite's do.
/// Values arrive in PostgreSQL's binary format: BIGINT/INTEGER/SMALLINT and BOOLEAN read as
/// integers, REAL/DOUBLE PRECISION as doubles, BYTEA as a blob, everything else as text.
package final class PostgresStoreStatement: StoreStatement {
    /// The SQL as sent (`$n` parameters).
    package let sql: String
    private let connection: PostgresStoreConnection
    private var parameters: [StoreValue]
    private var rows: [PostgresRow] = []
    private var nextRow = 0
    private var executed = false
    /// The current row's cells: type, format and length per column (length -1: NULL).
    private var types: [PostgresDataType] = []
    private var formats: [PostgresFormat] = []
    private var lengths: [Int] = []
    private var scratch: [UnsafeMutableRawPointer?] = []
    private var capacities: [Int] = []
    private var currentRow: PostgresRow?
    /// Whether results are read through a cursor.
    private let streaming: Bool
    /// The open cursor of a streaming execution, and whether it opened its own transaction.
    private var cursor: (name: String, ownTransaction: Bool)?

    /// Rows per `FETCH` of a streaming statement.
    static let fetchRows = 10_000
    /// Numbers the cursors of the process, so that no two open ones share a name.
    private static let cursorSerial = Atomic<Int>(0)

    init(sql: String, parameterCount: Int, connection: PostgresStoreConnection, streaming: Bool = false) {
        self.sql = sql
        self.connection = connection
        self.streaming = streaming
        parameters = Array(repeating: .null, count: parameterCount)
    }

    deinit {
        closeCursor()
        for p in scratch { p?.deallocate() }
    }

    package var columnCount: Int { currentRow?.count ?? rows.first?.count ?? 0 }

    package func bind(_ values: [StoreValue]) throws {
        rewind()
        if values.count > parameters.count { parameters.append(contentsOf: Array(repeating: .null, count: values.count - parameters.count)) }
        for (i, v) in values.enumerated() { parameters[i] = v }
    }

    package func bind(_ value: StoreValue, at i: Int32) throws { set(value, at: i) }
    package func bindInt(_ x: Int64, at i: Int32) { set(.int(x), at: i) }
    package func bindText(_ s: String, at i: Int32) { set(.text(s), at: i) }
    /// PostgreSQL copies the bytes into its message anyway: bound as a copy.
    package func bindStatic(_ utf8: UnsafeBufferPointer<UInt8>, at i: Int32) { set(.text(String(decoding: utf8, as: UTF8.self)), at: i) }
    package func bindBlob(_ bytes: [UInt8], at i: Int32) throws { set(.blob(bytes), at: i) }
    package func bindNull(at i: Int32) { set(.null, at: i) }
    package func clearBindings() { for i in parameters.indices { parameters[i] = .null } }

    private func set(_ value: StoreValue, at i: Int32) {
        let index = Int(i) - 1
        guard index >= 0 else { return }
        if executed { rewind() }
        if index >= parameters.count { parameters.append(contentsOf: Array(repeating: .null, count: index + 1 - parameters.count)) }
        parameters[index] = value
    }

    @discardableResult
    package func step() throws -> Bool {
        if !executed {
            rows = streaming ? try openCursor() : try connection.run(sql, parameters)
            executed = true
            nextRow = 0
        }
        if nextRow == rows.count, cursor != nil {
            rows = try fetch()
            nextRow = 0
        }
        guard nextRow < rows.count else { currentRow = nil; return false }
        load(rows[nextRow])
        nextRow += 1
        return true
    }

    package func run() throws {
        rewind()
        _ = try step()
        rewind()
    }

    package func reset() {
        rewind()
        clearBindings()
    }

    /// Declares a cursor for the statement and fetches its first rows.
    ///
    /// A cursor lives in a transaction: inside the caller's (a reader's snapshot, a write) it
    /// reads what that transaction sees; outside any, the statement opens a read-only
    /// `REPEATABLE READ` transaction of its own for the scan, ended when the scan ends or is
    /// abandoned. Meanwhile the connection must not begin another transaction (the store's lock,
    /// held over every scan, sees to that).
    private func openCursor() throws -> [PostgresRow] {
        let name = "gb_scan_\(Self.cursorSerial.add(1, ordering: .relaxed).newValue)"
        let own = !connection.transactionOpen
        if own { _ = try connection.run("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", []) }
        cursor = (name, own)
        do {
            _ = try connection.run("DECLARE \(name) NO SCROLL CURSOR FOR " + sql, parameters)
            return try fetch()
        } catch {
            closeCursor()
            throw error
        }
    }

    /// The cursor's next rows; the last batch closes it.
    private func fetch() throws -> [PostgresRow] {
        guard let cursor else { return [] }
        let batch = try connection.run("FETCH \(Self.fetchRows) FROM \(cursor.name)", [])
        if batch.count < Self.fetchRows { closeCursor() }
        return batch
    }

    /// Closes the open cursor, or ends the transaction it opened. An abandoned cursor of the
    /// caller's transaction is closed only if it still exists (that transaction may have ended,
    /// and a failed `CLOSE` would abort the next one).
    private func closeCursor() {
        guard let open = cursor else { return }
        cursor = nil
        if open.ownTransaction {
            if !connection.transactionOpen { _ = try? connection.run("COMMIT", []) }
        } else if connection.transactionOpen,
                  let found = try? connection.run("SELECT 1 FROM pg_cursors WHERE name = $1", [.text(open.name)]), !found.isEmpty {
            _ = try? connection.run("CLOSE \(open.name)", [])
        }
    }

    /// Forgets the last execution's rows (the bindings stay).
    private func rewind() {
        closeCursor()
        executed = false
        rows = []
        nextRow = 0
        currentRow = nil
    }

    /// Copies one row's cells into the scratch memory.
    private func load(_ row: PostgresRow) {
        currentRow = row
        let n = row.count
        if scratch.count < n {
            scratch.append(contentsOf: Array(repeating: nil, count: n - scratch.count))
            capacities.append(contentsOf: Array(repeating: 0, count: n - capacities.count))
        }
        types = []; formats = []; lengths = []
        types.reserveCapacity(n); formats.reserveCapacity(n); lengths.reserveCapacity(n)
        for (c, cell) in row.enumerated() {
            types.append(cell.dataType)
            formats.append(cell.format)
            guard let bytes = cell.bytes else { lengths.append(-1); continue }
            var count = bytes.readableBytes
            // Binary jsonb starts with a version byte; the text follows.
            let skip = cell.dataType == .jsonb && cell.format == .binary && count > 0 ? 1 : 0
            count -= skip
            if capacities[c] < count + 1 {
                scratch[c]?.deallocate()
                var capacity = 64
                while capacity < count + 1 { capacity *= 2 }
                scratch[c] = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
                capacities[c] = capacity
            }
            let dest = scratch[c]!
            bytes.withUnsafeReadableBytes { src in
                if count > 0 { dest.copyMemory(from: src.baseAddress! + skip, byteCount: count) }
            }
            dest.storeBytes(of: 0, toByteOffset: count, as: UInt8.self)
            lengths.append(count)
        }
    }

    private func raw(_ c: Int) -> UnsafeRawBufferPointer {
        guard c < lengths.count, lengths[c] >= 0, let p = scratch[c] else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: p, count: lengths[c])
    }

    /// A big-endian binary integer of `width` bytes.
    private func bigEndian(_ c: Int, width: Int) -> Int64 {
        let b = raw(c)
        guard b.count == width else { return 0 }
        var x: Int64 = b[0] & 0x80 != 0 ? -1 : 0
        for byte in b { x = (x << 8) | Int64(byte) }
        return x
    }

    package func int(_ column: Int) -> Int64 {
        guard !isNull(column) else { return 0 }
        if formats[column] == .binary {
            switch types[column] {
            case .int8: return bigEndian(column, width: 8)
            case .int4: return bigEndian(column, width: 4)
            case .int2: return bigEndian(column, width: 2)
            case .bool: return raw(column).first.map { Int64($0) } ?? 0
            case .float4, .float8, .numeric: let d = double(column); return d.isFinite ? Int64(d) : 0
            case .oid: return bigEndian(column, width: 4) & 0xFFFF_FFFF
            default: break
            }
        }
        let s = text(column)
        return Int64(s) ?? Double(s).map { $0.isFinite ? Int64($0) : 0 } ?? 0
    }

    package func double(_ column: Int) -> Double {
        guard !isNull(column) else { return 0 }
        if formats[column] == .binary {
            switch types[column] {
            case .float8: return Double(bitPattern: UInt64(bitPattern: bigEndian(column, width: 8)))
            case .float4: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bigEndian(column, width: 4))))
            case .int8, .int4, .int2, .bool, .oid: return Double(int(column))
            case .numeric:
                guard let cell = currentRow.map({ Array($0)[column] }), let d = try? cell.decode(Decimal.self) else { return 0 }
                return NSDecimalNumber(decimal: d).doubleValue
            default: break
            }
        }
        return Double(text(column)) ?? 0
    }

    package func isNull(_ column: Int) -> Bool { column >= lengths.count || lengths[column] < 0 }

    package func text(_ column: Int) -> String {
        guard !isNull(column) else { return "" }
        if formats[column] == .binary {
            switch types[column] {
            case .int8, .int4, .int2, .bool, .oid: return String(int(column))
            case .float4, .float8, .numeric: return String(double(column))
            default: break
            }
        }
        return String(decoding: raw(column), as: UTF8.self)
    }

    package func bytes(_ column: Int) -> UnsafeBufferPointer<UInt8> {
        let b = raw(column)
        return UnsafeBufferPointer(start: b.baseAddress?.assumingMemoryBound(to: UInt8.self), count: b.count)
    }

    package func blob(_ column: Int) -> UnsafeRawBufferPointer { raw(column) }

    package func value(_ column: Int) -> StoreValue {
        guard !isNull(column) else { return .null }
        guard formats[column] == .binary else { return .text(text(column)) }
        switch types[column] {
        case .int8, .int4, .int2, .bool, .oid: return .int(int(column))
        case .float4, .float8: return .double(double(column))
        case .numeric:
            let d = double(column)
            return d == d.rounded() && abs(d) < 9e18 ? .int(Int64(d)) : .double(d)
        case .bytea: return .blob(Array(raw(column).bindMemory(to: UInt8.self)))
        default: return .text(text(column))
        }
    }
}

/// The `?` parameters of the store's SQL in PostgreSQL's spelling.
enum PostgresParameters {
    /// `sql` with each `?` outside '…' literals, "…" identifiers, `--` comments and `$$…$$` bodies
    /// replaced by `$1`, `$2`, … in order, and how many there were.
    static func rewrite(_ sql: String) -> (sql: String, count: Int) {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var count = 0
        var inQuote = false, inIdentifier = false, inDollar = false, inComment = false
        let chars = Array(sql.unicodeScalars)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inComment {
                if c == "\n" { inComment = false }
            } else if inQuote {
                if c == "'" { inQuote = false }
            } else if inIdentifier {
                if c == "\"" { inIdentifier = false }
            } else if inDollar {
                if c == "$", i + 1 < chars.count, chars[i + 1] == "$" { inDollar = false; out += "$$"; i += 2; continue }
            } else {
                switch c {
                case "'": inQuote = true
                case "\"": inIdentifier = true
                case "-" where i + 1 < chars.count && chars[i + 1] == "-": inComment = true
                case "$" where i + 1 < chars.count && chars[i + 1] == "$": inDollar = true; out += "$$"; i += 2; continue
                case "?":
                    count += 1
                    out += "$\(count)"
                    i += 1
                    continue
                default: break
                }
            }
            out.unicodeScalars.append(c)
            i += 1
        }
        return (out, count)
    }
}
