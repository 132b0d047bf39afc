import KGCore

/// Writes a `StoreCopier` copy into an SQLite store: one prepared `INSERT` per table, each row's
/// cells bound as the source gave them (SQLite keeps a value's type; the store's columns are
/// typed by the code that reads them).
final class SQLiteRowWriter: StoreRowWriter {
    private let db: SQLiteConnection
    private var insert: SQLiteStatement?
    private var columnCount = 0

    init(db: SQLiteConnection) { self.db = db }

    func startTable(_ table: StoreCopier.Table) throws {
        columnCount = table.columns.count
        let marks = Array(repeating: "?", count: columnCount).joined(separator: ", ")
        insert = try db.prepare("INSERT INTO \(table.name)(\(table.columns.joined(separator: ", "))) VALUES(\(marks))")
    }

    func row(_ row: some StoreStatement) throws {
        guard let insert else { return }
        for c in 0..<columnCount { try insert.bind(row.value(c), at: Int32(c + 1)) }
        try insert.run()
    }

    func finishTable() throws { insert = nil }
}
