import KGCore

/// Building the adjacency from the store, inside one reading transaction so that the nodes,
/// both directions of the relationships and the stamp all come from one committed state.
extension CSRAdjacency {
    /// Reads the graph through `tx` (SQLite: three ordered index walks, no sort) into a new
    /// adjacency stamped with the state `tx` reads.
    /// - Throws: `StoreError` when a read fails, or when a relationship names a node the store
    ///   lacks (a damaged store: `govbrain stats --integrity` says more).
    static func build(_ tx: StoreTransaction) throws -> CSRAdjacency {
        let n = Int(try count(tx, "SELECT count(*) FROM nodes"))
        let m = Int(try count(tx, "SELECT count(*) FROM rels"))
        let size = byteCount(nodes: n, relationships: m)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        var done = false
        defer { if !done { raw.deallocate() } }
        let words = raw.bindMemory(to: Int64.self, capacity: size / 8)
        let stamp = tx.adjacencyStamp
        for (i, w) in header(stamp, nodes: n, relationships: m).enumerated() { words[i] = w }
        let nodeIDs = words + headerWords
        let s = try tx.statement("SELECT id FROM nodes ORDER BY id")
        try s.bind([])
        var k = 0
        while try s.step() {
            guard k < n else { throw changed() }
            nodeIDs[k] = s.int(0)
            k += 1
        }
        guard k == n else { throw changed() }
        let labelBits = nodeIDs + n
        labelBits.initialize(repeating: 0, count: n)
        // Labels of ids 0...63 as bits (`hasLabels` asks SQLite about any other).
        let l = try tx.statement("SELECT node, label FROM node_labels WHERE label < 64")
        try l.bind([])
        let nodes = UnsafeBufferPointer(start: nodeIDs, count: n)
        while try l.step() {
            let node = l.int(0), label = l.int(1)
            var lo = 0, hi = n
            while lo < hi { let mid = (lo + hi) >> 1; if nodes[mid] < node { lo = mid + 1 } else { hi = mid } }
            guard lo < n, nodes[lo] == node, label >= 0 else { throw changed() }
            labelBits[lo] |= Int64(bitPattern: UInt64(1) << UInt64(label))
        }
        let outOffsets = labelBits + n, inOffsets = outOffsets + (n + 1)
        let outFar = inOffsets + (n + 1), outRel = outFar + m, inFar = outRel + m, inRel = inFar + m
        let types = UnsafeMutableRawPointer(inRel + m).bindMemory(to: Int32.self, capacity: 2 * m)
        try fill(tx, "SELECT src, type, dst, id FROM rels ORDER BY src, type, dst, id", nodeIDs: nodeIDs, n: n, m: m,
                 offsets: outOffsets, far: outFar, rel: outRel, type: types)
        try fill(tx, "SELECT dst, type, src, id FROM rels ORDER BY dst, type, src, id", nodeIDs: nodeIDs, n: n, m: m,
                 offsets: inOffsets, far: inFar, rel: inRel, type: types + m)
        done = true
        return CSRAdjacency(buffer: UnsafeRawBufferPointer(start: raw, count: size), stamp: stamp, nodes: n, relationships: m,
                            release: { raw.deallocate() })
    }

    /// Fills one direction from rows (node, type, far end, id) ordered by all four: the node's
    /// slot advances with the rows (both lists are ascending), each slot's offset set as it is passed.
    private static func fill(_ tx: StoreTransaction, _ sql: String, nodeIDs: UnsafeMutablePointer<Int64>, n: Int, m: Int,
                             offsets: UnsafeMutablePointer<Int64>, far: UnsafeMutablePointer<Int64>,
                             rel: UnsafeMutablePointer<Int64>, type: UnsafeMutablePointer<Int32>) throws {
        let s = try tx.statement(sql)
        try s.bind([])
        var k = 0, j = 0
        offsets[0] = 0
        while try s.step() {
            let node = s.int(0)
            while j < n && nodeIDs[j] < node { j += 1; offsets[j] = Int64(k) }
            guard j < n, nodeIDs[j] == node else {
                throw StoreError(code: .sqlite, message: "relationship \(s.int(3)) names node \(node), which the store does not hold; run `govbrain stats --integrity` on the store")
            }
            guard k < m, let t = Int32(exactly: s.int(1)) else { throw changed() }
            far[k] = s.int(2); rel[k] = s.int(3); type[k] = t
            k += 1
        }
        while j < n { j += 1; offsets[j] = Int64(k) }
        guard k == m else { throw changed() }
    }

    private static func count(_ tx: StoreTransaction, _ sql: String) throws -> Int64 {
        let s = try tx.statement(sql)
        try s.bind([])
        guard try s.step() else { return 0 }
        return s.int(0)
    }

    /// Counts that disagree inside one transaction: not a snapshot (never expected on SQLite).
    private static func changed() -> StoreError {
        StoreError(code: .sqlite, message: "the graph changed while its adjacency was read; try again")
    }
}
