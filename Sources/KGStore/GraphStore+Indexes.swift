import KGCore
import Foundation

/// Property indexes: `(label, key)` pairs declared by `CREATE INDEX FOR (n:Label) ON (n.key)`,
/// served by one expression index per key on the nodes' JSON properties (the expression is the
/// backend's, `SQLDialect.propertyIndexExpression`).
extension GraphStore {
    /// The SQL expression an index on `key` is built on, over `nodes n` (seeks must repeat it verbatim).
    func indexExpression(_ key: String) -> String {
        db.dialect.propertyIndexExpression(key, props: "n.props")
    }

    static func checkIndexable(_ key: String) throws {
        guard !key.isEmpty, !key.contains("\""), !key.contains("'"), !key.contains("\\") else {
            throw StoreError(code: .badValue, message: "property key '\(key)' cannot be indexed (quotes and backslashes are not allowed)")
        }
    }

    /// The declared property indexes.
    func propertyIndexes() throws -> [(label: String, key: String)] {
        // PostgreSQL stores have the table from the start; old SQLite stores get it on first use.
        guard try db.dialect.kind == .postgres || db.tableExists("property_indexes") else { return [] }
        return try db.rows("SELECT label, key FROM property_indexes ORDER BY label, key").compactMap { row in
            guard let l = row[0].text, let k = row[1].text else { return nil }
            return (l, k)
        }
    }

    func createPropertyIndex(label: String, key: String) throws {
        try Self.checkIndexable(key)
        // SQLite stores made before property indexes get the table on first use (a store of
        // another backend has it from the start).
        if try !db.tableExists("property_indexes") {
            try db.execute("CREATE TABLE IF NOT EXISTS property_indexes(label TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(label, key)) WITHOUT ROWID")
        }
        let s = try db.prepare("INSERT INTO property_indexes(label, key) VALUES(?, ?) ON CONFLICT DO NOTHING")
        try s.bind([.text(label), .text(key)]); try s.run()
        let expr = db.dialect.propertyIndexExpression(key, props: "props")
        try db.execute("CREATE INDEX IF NOT EXISTS \(db.dialect.propertyIndexName(key)) ON nodes(\(expr))")
    }

    func dropPropertyIndex(label: String, key: String) throws {
        try Self.checkIndexable(key)
        guard try propertyIndexes().contains(where: { $0.label == label && $0.key == key }) else {
            throw StoreError(code: .badValue, message: "there is no index on :\(label)(\(key)); CALL db.indexes() lists them")
        }
        let s = try db.prepare("DELETE FROM property_indexes WHERE label = ? AND key = ?")
        try s.bind([.text(label), .text(key)]); try s.run()
        if try !propertyIndexes().contains(where: { $0.key == key }) {
            try db.execute("DROP INDEX IF EXISTS \(db.dialect.propertyIndexName(key))")
        }
    }
}
