import KGCore

/// Making and keeping the adjacency Cypher's expansions read (`CSRAdjacency`).
///
/// Nothing builds it behind a query's back: a query reads it only when it is already there for
/// the state the query reads (built here, in this process or another one that wrote the file),
/// and reads SQLite otherwise. `govbrain import` refreshes it after its commit; a long-running
/// process (the server) refreshes it when it likes, e.g. after writes have settled.
extension GraphStore {
    /// Builds the adjacency of the graph as committed now, serves this store's (and its
    /// readers') expansions from it, and writes it to `<db>.csr` for the processes that open
    /// the store later. PostgreSQL stores have none (their expansions are batched statements).
    /// - Parameter writeFile: false to keep it in this process only.
    /// - Returns: the state it holds, or nil on PostgreSQL.
    /// - Throws: `StoreError` when the graph cannot be read or the file cannot be written (the
    ///   adjacency is served in this process all the same).
    @discardableResult
    public func refreshAdjacency(writeFile: Bool = true) throws -> CSRAdjacency.Stamp? {
        guard db.dialect.kind == .sqlite else { return nil }
        func built(_ make: (StoreTransaction) throws -> CSRAdjacency) throws -> CSRAdjacency {
            try withReader { reader in
                // One ordered pass over the relationship indexes: mapped, every page would stay
                // in this process's resident memory (an import's peak); the page cache is bounded.
                guard let connection = reader.db as? SQLiteConnection else { throw StoreError(code: .sqlite, message: "the adjacency is built from SQLite stores only") }
                return try connection.withoutMemoryMap {
                    let tx = try reader.beginTransaction(readOnly: true, validator: nil)
                    defer { tx.rollback() }
                    return try make(tx)
                }
            }
        }
        guard writeFile, let path = adjacencyProvider.filePath else {
            let adjacency = try built(CSRAdjacency.build)
            adjacencyProvider.install(adjacency)
            return adjacency.stamp
        }
        do {
            // Straight into the file, then mapped: no copy of the arrays in this process's memory.
            let adjacency = try built { try CSRAdjacency.buildFile($0, path: path) }
            adjacencyProvider.install(adjacency)
            return adjacency.stamp
        } catch let error as StoreError where error.code == .pathNotWritable {
            // No file: this process serves one from memory all the same.
            adjacencyProvider.install(try built(CSRAdjacency.build))
            throw error
        }
    }

    /// After a bulk write (an import): refreshes the adjacency where the store keeps one, and
    /// never fails the write that already committed (a missing or stale file only means SQLite
    /// reads; the next refresh writes it).
    public func refreshAdjacencyAfterImport() {
        _ = try? refreshAdjacency()
    }

    /// The state of the adjacency held in this process, if any (tests, diagnostics).
    public var adjacencyStamp: CSRAdjacency.Stamp? { adjacencyProvider.currentStamp }
}

extension GraphStore {
    /// Builds the adjacency unless this process or the file beside the database already holds
    /// the graph as committed now (a server's warm-up: a file `govbrain import` wrote is mapped,
    /// a stale or missing one is rebuilt).
    /// - Returns: whether it was built.
    /// - Throws: `StoreError` as `refreshAdjacency`.
    @discardableResult
    public func ensureAdjacency() throws -> Bool {
        guard let state = try adjacencyState(), !state.current else { return false }
        try refreshAdjacency()
        return true
    }
}

extension GraphStore {
    /// The structure of the graph as committed now and whether the adjacency this process serves
    /// (built here or mapped from the file) holds it: what a long-running process looks at to
    /// decide when to refresh. Nil on PostgreSQL (no adjacency).
    /// - Throws: `StoreError` when the store cannot be read.
    public func adjacencyState() throws -> (committed: CSRAdjacency.Stamp, current: Bool)? {
        guard db.dialect.kind == .sqlite else { return nil }
        return try withReader { reader in
            let tx = try reader.beginTransaction(readOnly: true, validator: nil)
            defer { tx.rollback() }
            return (tx.adjacencyStamp, tx.adjacency != nil)
        }
    }
}

extension GraphStore {
    /// Gives `structure_changes` a new random value, inside the transaction of a write that
    /// created or deleted a node or a relationship or changed labels: the adjacency of the state
    /// before no longer holds the graph after. Random rather than counted, so two histories that
    /// part from one state (a backup restored, or a copy of the file put back, then written
    /// differently) never carry the same stamp with different graphs, and another store that
    /// reaches the same id counters does not either.
    func recordStructureChange() throws {
        var token = Int64.random(in: .min ... .max)
        while token == 0 { token = Int64.random(in: .min ... .max) }
        try setMeta("structure_changes", String(token))
    }
}
