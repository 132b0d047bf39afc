import KGCore

/// Building the adjacency from the store, inside one reading transaction so that the nodes,
/// both directions of the relationships and the stamp all come from one committed state.
extension CSRAdjacency {
    /// What both builds read first: the counts, the stamp, the node ids in order and their label bits.
    struct Nodes {
        let stamp: Stamp
        let n: Int
        let m: Int
        let ids: [Int64]
        let labelBits: [Int64]
    }

    /// Where a direction's rows go: (node, type, far end, id) ordered by all four.
    static let outgoingRows = "SELECT src, type, dst, id FROM rels ORDER BY src, type, dst, id"
    static let incomingRows = "SELECT dst, type, src, id FROM rels ORDER BY dst, type, src, id"

    /// Reads the graph through `tx` (SQLite: three ordered index walks, no sort) into a new
    /// adjacency in memory, stamped with the state `tx` reads.
    /// - Throws: `StoreError` when a read fails, or when a relationship names a node the store
    ///   lacks (a damaged store: `govbrain stats --integrity` says more).
    static func build(_ tx: StoreTransaction) throws -> CSRAdjacency {
        let nodes = try readNodes(tx)
        let n = nodes.n, m = nodes.m
        let size = byteCount(nodes: n, relationships: m)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        var done = false
        defer { if !done { raw.deallocate() } }
        let words = raw.bindMemory(to: Int64.self, capacity: size / 8)
        for (i, w) in header(nodes.stamp, nodes: n, relationships: m).enumerated() { words[i] = w }
        let nodeIDs = words + headerWords, labelBits = nodeIDs + n
        nodes.ids.withUnsafeBufferPointer { nodeIDs.update(from: $0.baseAddress!, count: n) }
        nodes.labelBits.withUnsafeBufferPointer { labelBits.update(from: $0.baseAddress!, count: n) }
        let outOffsets = labelBits + n, inOffsets = outOffsets + (n + 1)
        let outFar = inOffsets + (n + 1), outRel = outFar + m, inFar = outRel + m, inRel = inFar + m
        let outType = UnsafeMutableRawPointer(inRel + m).bindMemory(to: Int32.self, capacity: 2 * m), inType = outType + m
        try fill(tx, outgoingRows, nodes: nodes, offsets: outOffsets) { k, far, rel, type in
            outFar[k] = far; outRel[k] = rel; outType[k] = type
        }
        try fill(tx, incomingRows, nodes: nodes, offsets: inOffsets) { k, far, rel, type in
            inFar[k] = far; inRel[k] = rel; inType[k] = type
        }
        done = true
        return CSRAdjacency(buffer: UnsafeRawBufferPointer(start: raw, count: size), stamp: nodes.stamp, nodes: n, relationships: m,
                            release: { raw.deallocate() })
    }

    /// The counts, the stamp, the node ids in ascending order and the bits of their labels 0...63
    /// (`hasLabels` asks SQLite about any other).
    static func readNodes(_ tx: StoreTransaction) throws -> Nodes {
        let n = Int(try count(tx, "SELECT count(*) FROM nodes"))
        let m = Int(try count(tx, "SELECT count(*) FROM rels"))
        var ids: [Int64] = []
        ids.reserveCapacity(n)
        let s = try tx.statement("SELECT id FROM nodes ORDER BY id")
        try s.bind([])
        while try s.step() {
            guard ids.count < n else { throw changed() }
            ids.append(s.int(0))
        }
        guard ids.count == n else { throw changed() }
        var bits = [Int64](repeating: 0, count: n)
        let l = try tx.statement("SELECT node, label FROM node_labels WHERE label < 64")
        try l.bind([])
        try ids.withUnsafeBufferPointer { nodes in
            while try l.step() {
                let node = l.int(0), label = l.int(1)
                var lo = 0, hi = n
                while lo < hi { let mid = (lo + hi) >> 1; if nodes[mid] < node { lo = mid + 1 } else { hi = mid } }
                guard lo < n, nodes[lo] == node, label >= 0 else { throw changed() }
                bits[lo] |= Int64(bitPattern: UInt64(1) << UInt64(label))
            }
        }
        return Nodes(stamp: tx.adjacencyStamp, n: n, m: m, ids: ids, labelBits: bits)
    }

    /// Reads one direction's rows (`outgoingRows` or `incomingRows`): each row's far end, id and
    /// type go to `emit` with its position; the node's slot advances with the rows (both lists
    /// are ascending), each slot's offset set in `offsets` (n + 1 of them) as it is passed.
    static func fill(_ tx: StoreTransaction, _ sql: String, nodes: Nodes, offsets: UnsafeMutablePointer<Int64>,
                     emit: (Int, Int64, Int64, Int32) throws -> Void) throws {
        let n = nodes.n, m = nodes.m
        let s = try tx.statement(sql)
        try s.bind([])
        var k = 0, j = 0
        offsets[0] = 0
        try nodes.ids.withUnsafeBufferPointer { nodeIDs in
            while try s.step() {
                let node = s.int(0)
                while j < n && nodeIDs[j] < node { j += 1; offsets[j] = Int64(k) }
                guard j < n, nodeIDs[j] == node else {
                    throw StoreError(code: .sqlite, message: "relationship \(s.int(3)) names node \(node), which the store does not hold; run `govbrain stats --integrity` on the store")
                }
                guard k < m, let t = Int32(exactly: s.int(1)) else { throw changed() }
                try emit(k, s.int(2), s.int(3), t)
                k += 1
            }
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
