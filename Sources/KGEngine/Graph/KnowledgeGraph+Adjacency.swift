import KGStore

/// The adjacency Cypher's expansions read on SQLite (`CSRAdjacency`, kept beside the database
/// as `<db>.csr`): see `GraphStore+CSRAdjacency.swift` for when it is used.
extension KnowledgeGraph {
    /// Builds the adjacency of the graph as committed now, serves expansions from it and writes
    /// the file.
    /// - Returns: the state it holds, nil on PostgreSQL.
    /// - Throws: `StoreError` when the graph cannot be read or the file written.
    @discardableResult
    public func refreshAdjacency(writeFile: Bool = true) throws -> CSRAdjacency.Stamp? {
        try store.refreshAdjacency(writeFile: writeFile)
    }

    /// Builds the adjacency unless it is already held for the committed graph (a server's warm-up).
    /// - Returns: whether it was built.
    /// - Throws: `StoreError` as `refreshAdjacency`.
    @discardableResult
    public func ensureAdjacency() throws -> Bool { try store.ensureAdjacency() }

    /// The committed structure and whether the adjacency served holds it (nil on PostgreSQL).
    /// - Throws: `StoreError` when the store cannot be read.
    public func adjacencyState() throws -> (committed: CSRAdjacency.Stamp, current: Bool)? { try store.adjacencyState() }

    /// The state of the adjacency held in this process, if any.
    public var adjacencyStamp: CSRAdjacency.Stamp? { store.adjacencyStamp }
}
