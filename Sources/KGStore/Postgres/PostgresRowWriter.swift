import Foundation
import KGCore
import PostgresNIO

/// Writes a `StoreCopier` copy into a PostgreSQL store by `COPY … FROM STDIN` (text format), inside
/// the transaction of `PostgresStoreConnection.replaceStore`: each table's rows are encoded into a
/// buffer sent by one `COPY` whenever it reaches `flushBytes` and at the table's end, so memory
/// stays bounded whatever the store's size.
final class PostgresRowWriter: StoreRowWriter {
    /// Encoded rows buffered before they are sent.
    static let flushBytes = 4 << 20

    private let db: PostgresStoreConnection
    private var rows = PostgresCopyText(capacity: 1 << 16)
    private var table: StoreCopier.Table?

    init(db: PostgresStoreConnection) { self.db = db }

    func startTable(_ table: StoreCopier.Table) throws { self.table = table }

    func row(_ row: some StoreStatement) throws {
        guard let table else { return }
        for c in 0..<table.columns.count {
            if c > 0 { rows.tab() }
            try Self.encode(row.value(c), into: &rows)
        }
        rows.newline()
        if rows.count >= Self.flushBytes { try flush() }
    }

    func finishTable() throws {
        try flush()
        table = nil
    }

    private func flush() throws {
        guard let table, rows.count > 0 else { return }
        let chunk = rows.take()
        try db.copy(into: table.name, columns: table.columns) { try await $0.write(chunk) }
    }

    /// One cell in `COPY`'s text format: a double in the shortest text that reads back to the same
    /// bits, a blob as BYTEA's hex form (its backslash escaped for `COPY`).
    /// - Throws: `ImportError.badValue` for text holding NUL; `StoreError` for a value no store column holds.
    static func encode(_ value: StoreValue, into rows: inout PostgresCopyText) throws {
        switch value {
        case .null: rows.null()
        case .int(let i): rows.int(i)
        case .double(let d):
            if d.isNaN { try rows.text("NaN") } else if d.isInfinite { try rows.text(d < 0 ? "-Infinity" : "Infinity") } else { try rows.text(d.description) }
        case .text(let s): try rows.text(s)
        case .blob(let bytes):
            // BYTEA's hex input `\x0a1b…`; `text` escapes its backslash for COPY.
            let digits = Array("0123456789abcdef".utf8)
            var hex: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
            hex.reserveCapacity(2 + 2 * bytes.count)
            for b in bytes { hex.append(digits[Int(b >> 4)]); hex.append(digits[Int(b & 0xF)]) }
            try hex.withUnsafeBytes { try rows.text($0) }
        case .int64Array:
            throw StoreError(code: .badValue, message: "a store table holds an integer array, which no store column has; nothing was copied")
        }
    }
}
