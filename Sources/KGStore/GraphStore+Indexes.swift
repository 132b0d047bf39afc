import KGCore
import Foundation

/// Property indexes: `(label, key)` pairs declared by `CREATE INDEX FOR (n:Label) ON (n.key)`,
/// served by one SQLite expression index per key on the nodes' JSON properties.
extension GraphStore {
    /// The SQL expression an index on `key` is built on (and that seeks must repeat verbatim).
    static func indexExpression(_ key: String) -> String {
        "json_extract(n.props, '$.\"\(key)\"')"
    }

    static func indexName(_ key: String) -> String {
        "pidx_" + key.utf8.map { String(format: "%02x", $0) }.joined()
    }

    static func checkIndexable(_ key: String) throws {
        guard !key.isEmpty, !key.contains("\""), !key.contains("'"), !key.contains("\\") else {
            throw StoreError(code: .badValue, message: "property key '\(key)' cannot be indexed (quotes and backslashes are not allowed)")
        }
    }

    /// The declared property indexes.
    func propertyIndexes() throws -> [(label: String, key: String)] {
        let exists = try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'property_indexes'")?.int ?? 0
        guard exists > 0 else { return [] }
        return try db.rows("SELECT label, key FROM property_indexes ORDER BY label, key").compactMap { row in
            guard let l = row[0].text, let k = row[1].text else { return nil }
            return (l, k)
        }
    }

    func createPropertyIndex(label: String, key: String) throws {
        try Self.checkIndexable(key)
        try db.execute("CREATE TABLE IF NOT EXISTS property_indexes(label TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(label, key)) WITHOUT ROWID")
        let s = try db.prepare("INSERT OR IGNORE INTO property_indexes(label, key) VALUES(?, ?)")
        try s.bind([.text(label), .text(key)]); try s.run()
        let expr = Self.indexExpression(key).replacingOccurrences(of: "n.props", with: "props")
        try db.execute("CREATE INDEX IF NOT EXISTS \(Self.indexName(key)) ON nodes(\(expr))")
    }

    func dropPropertyIndex(label: String, key: String) throws {
        try Self.checkIndexable(key)
        guard try propertyIndexes().contains(where: { $0.label == label && $0.key == key }) else {
            throw StoreError(code: .badValue, message: "there is no index on :\(label)(\(key)); CALL db.indexes() lists them")
        }
        let s = try db.prepare("DELETE FROM property_indexes WHERE label = ? AND key = ?")
        try s.bind([.text(label), .text(key)]); try s.run()
        if try !propertyIndexes().contains(where: { $0.key == key }) {
            try db.execute("DROP INDEX IF EXISTS \(Self.indexName(key))")
        }
    }
}
