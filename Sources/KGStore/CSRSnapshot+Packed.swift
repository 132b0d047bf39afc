import KGCore

/// The CSR build's reads on PostgreSQL: node ids and relationships packed by the server.
///
/// Read row by row, the 300,000 relationships of a 70,000-node store took 17 s of a debug build
/// on PostgreSQL (the client decodes every cell of every row message), against 0.3 s on SQLite.
/// Here the server packs them into a few `bytea` values, `int8send` of each column concatenated
/// in order, one value per group of ids (`id >> 16` for nodes, `src >> 12` for relationships),
/// which the client cuts up with plain loads: a few hundred cells in place of 1.3 million.
/// One statement reads both tables, so they come from one snapshot (a relationship never
/// names a node the node list lacks).
extension GraphStore {
    /// The statement: part 0 holds node ids (8 bytes each), part 1 relationships as
    /// (id, type, src, dst), 32 bytes each; `grp` orders the groups of a part.
    static let packedGraphSQL = """
        SELECT 0 AS part, id >> 16 AS grp, string_agg(int8send(id), ''::bytea ORDER BY id) FROM nodes GROUP BY id >> 16
        UNION ALL
        SELECT 1, src >> 12, string_agg(int8send(id) || int8send(type) || int8send(src) || int8send(dst), ''::bytea ORDER BY src, id)
        FROM rels GROUP BY src >> 12
        """

    /// Node ids (ascending) and relationships (by source, then id), as `scanNodeIDs` and
    /// `scanEdges` give them.
    /// - Throws: `StoreError` when the statement fails or a value is not a whole number of records.
    func scanPackedGraph() throws -> (ids: [Int64], edges: [(rel: Int64, type: Int32, src: Int64, dst: Int64)]) {
        let s = try db.prepare(Self.packedGraphSQL)
        var nodeGroups: [(Int64, [UInt8])] = [], edgeGroups: [(Int64, [UInt8])] = []
        while try s.step() {
            let group = (s.int(1), Array(s.bytes(2)))
            if s.int(0) == 0 { nodeGroups.append(group) } else { edgeGroups.append(group) }
        }
        nodeGroups.sort { $0.0 < $1.0 }
        edgeGroups.sort { $0.0 < $1.0 }
        var ids: [Int64] = []
        ids.reserveCapacity(nodeGroups.reduce(0) { $0 + $1.1.count / 8 })
        for (_, bytes) in nodeGroups {
            try Self.checkPacked(bytes, record: 8)
            bytes.withUnsafeBytes { raw in
                for k in stride(from: 0, to: raw.count, by: 8) { ids.append(Self.bigEndianInt64(raw, k)) }
            }
        }
        var edges: [(rel: Int64, type: Int32, src: Int64, dst: Int64)] = []
        edges.reserveCapacity(edgeGroups.reduce(0) { $0 + $1.1.count / 32 })
        for (_, bytes) in edgeGroups {
            try Self.checkPacked(bytes, record: 32)
            bytes.withUnsafeBytes { raw in
                for k in stride(from: 0, to: raw.count, by: 32) {
                    edges.append((Self.bigEndianInt64(raw, k), Int32(truncatingIfNeeded: Self.bigEndianInt64(raw, k + 8)),
                                  Self.bigEndianInt64(raw, k + 16), Self.bigEndianInt64(raw, k + 24)))
                }
            }
        }
        return (ids, edges)
    }

    private static func bigEndianInt64(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Int64 {
        Int64(bitPattern: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }

    private static func checkPacked(_ bytes: [UInt8], record: Int) throws {
        guard bytes.count % record != 0 else { return }
        throw StoreError(code: .storeCorrupted, message: "the graph snapshot read from PostgreSQL has a packed value of \(bytes.count) bytes, not a multiple of \(record); run `govbrain stats --integrity` on the store and restore it from a backup if that finds problems")
    }
}
