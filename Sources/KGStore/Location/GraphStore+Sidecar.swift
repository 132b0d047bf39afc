import KGCore

extension GraphStore {
    /// Where the files kept beside the store at `location` (a `--db` value) live: what
    /// `sidecarBase` is once the store is open, known without opening it (the path of an SQLite
    /// store; for a PostgreSQL store a folder named after its server, database and schema).
    /// - Throws: `StoreError` for a malformed URL.
    public static func sidecarBase(for location: String) throws -> String {
        switch try StoreLocation.parse(location) {
        case .sqliteFile(let path): return path
        case .postgres(let url): return postgresSidecarBase(url)
        }
    }
}
