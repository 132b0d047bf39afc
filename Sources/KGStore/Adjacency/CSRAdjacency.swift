#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The whole graph's relationships as compressed sparse rows, in the order Cypher's expansions
/// read them from SQLite, so that an expansion from a node with thousands of neighbours costs a
/// slice of memory instead of an index seek per node (≈3.5 µs each).
///
/// Unlike `CSRSnapshot` (dense indexes, slices in relationship-id order, for the algorithms),
/// each node's slice here lists its relationships as the `rels_out`/`rels_in` indexes do:
/// by (type id, far end, relationship id), with the far end as a stable node id; the rows a
/// CSR-served expansion produces are therefore those of the SQLite read, in the same order.
///
/// One flat buffer of native 64- and 32-bit integers, the same bytes in memory and in the file
/// beside the database (`<db>.csr`, memory-mapped on open: `CSRAdjacency+File.swift`):
///
///     header   8 × Int64: magic, structure changes, next node id, next relationship id, n, m, header check, 0
///     nodeIDs  n × Int64, ascending
///     labelBits  n × Int64: bit k set when the node has the label of id k (ids 0...63)
///     outOffsets, inOffsets   (n + 1) × Int64 each
///     outFar, outRel, inFar, inRel   m × Int64 each
///     outType, inType   m × Int32 each (relationship type ids)
///
/// The buffer never changes once built; a graph write makes a new one (`stamp` tells which
/// committed state it holds).
public final class CSRAdjacency: @unchecked Sendable {
    // @unchecked: the buffer is written once, before `init` returns, and only read afterwards.

    /// Which nodes, labels and relationships the adjacency holds: the store's id counters (moved
    /// by every node or relationship created, ids are never reused) and its `structure_changes`
    /// token (a new random value at every commit that created or deleted one or changed labels:
    /// `GraphStore.recordStructureChange`). Writes that change none of them (properties, indexes)
    /// leave the adjacency valid; `graph_version`, which every write moves, would not.
    public struct Stamp: Hashable, Sendable {
        public let structureChanges: Int64
        public let nextNodeID: Int64
        public let nextRelationshipID: Int64
        public init(structureChanges: Int64, nextNodeID: Int64, nextRelationshipID: Int64) {
            self.structureChanges = structureChanges; self.nextNodeID = nextNodeID; self.nextRelationshipID = nextRelationshipID
        }
    }

    static let magic: UInt64 = 0x4753_5243_4247_0003 // "GB CSR", layout 3 (label bits)
    static let headerWords = 8

    public let stamp: Stamp
    public let nodeCount: Int
    public let relationshipCount: Int
    let nodeIDs: UnsafePointer<Int64>
    let labelBits: UnsafePointer<Int64>
    let outOffsets: UnsafePointer<Int64>
    let inOffsets: UnsafePointer<Int64>
    let outFar: UnsafePointer<Int64>
    let outRel: UnsafePointer<Int64>
    let inFar: UnsafePointer<Int64>
    let inRel: UnsafePointer<Int64>
    let outType: UnsafePointer<Int32>
    let inType: UnsafePointer<Int32>
    /// The whole buffer (header included), as written to the file.
    let bytes: UnsafeRawBufferPointer
    private let release: () -> Void

    /// The buffer size for `n` nodes and `m` relationships.
    static func byteCount(nodes n: Int, relationships m: Int) -> Int {
        let words = headerWords + 2 * n + 2 * (n + 1) + 4 * m
        return words * 8 + ((2 * m * 4 + 7) / 8) * 8
    }

    /// Wraps a buffer laid out as above whose header has been checked (`checkedHeader`);
    /// `release` frees it when the adjacency goes away.
    init(buffer: UnsafeRawBufferPointer, stamp: Stamp, nodes n: Int, relationships m: Int, release: @escaping () -> Void) {
        self.stamp = stamp
        nodeCount = n
        relationshipCount = m
        bytes = buffer
        self.release = release
        let words = buffer.baseAddress!.assumingMemoryBound(to: Int64.self)
        var at = Self.headerWords
        func take(_ count: Int) -> UnsafePointer<Int64> {
            defer { at += count }
            return UnsafePointer(words + at)
        }
        nodeIDs = take(n)
        labelBits = take(n)
        outOffsets = take(n + 1)
        inOffsets = take(n + 1)
        outFar = take(m)
        outRel = take(m)
        inFar = take(m)
        inRel = take(m)
        let types = UnsafeRawPointer(words + at).assumingMemoryBound(to: Int32.self)
        outType = types
        inType = types + m
    }

    deinit { release() }

    /// The header words for a buffer holding `stamp`, `n` nodes and `m` relationships.
    static func header(_ stamp: Stamp, nodes n: Int, relationships m: Int) -> [Int64] {
        var words: [Int64] = [Int64(bitPattern: magic), stamp.structureChanges, stamp.nextNodeID, stamp.nextRelationshipID, Int64(n), Int64(m)]
        words.append(headerCheck(words))
        words.append(0)
        return words
    }

    /// A mix of the first six header words, so a header with one flipped field is refused.
    static func headerCheck(_ words: [Int64]) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for w in words.prefix(6) {
            h = (h ^ UInt64(bitPattern: w)) &* 0x0000_0100_0000_01b3
            h ^= h >> 29
        }
        return Int64(bitPattern: h)
    }

    /// The stamp and sizes a header describes, or nil when it is not one of this layout or does
    /// not match a buffer of `size` bytes.
    static func checkedHeader(_ raw: UnsafeRawBufferPointer) -> (stamp: Stamp, n: Int, m: Int)? {
        guard raw.count >= headerWords * 8 else { return nil }
        let words = (0..<headerWords).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self) }
        guard UInt64(bitPattern: words[0]) == magic, words[6] == headerCheck(words),
              words[4] >= 0, words[5] >= 0, words[4] < Int64(Int32.max), words[5] < (1 << 40) else { return nil }
        let n = Int(words[4]), m = Int(words[5])
        guard raw.count == byteCount(nodes: n, relationships: m) else { return nil }
        return (Stamp(structureChanges: words[1], nextNodeID: words[2], nextRelationshipID: words[3]), n, m)
    }

    /// The dense slot of a stable node id, or nil when the node is not in the graph. Ids are
    /// usually dense already (imports number nodes from 0), so the slot is tried first.
    @inline(__always)
    func slot(of node: Int64) -> Int? {
        let n = nodeCount
        if node >= 0 && node < Int64(n) && nodeIDs[Int(node)] == node { return Int(node) }
        var lo = 0, hi = n
        while lo < hi {
            let mid = (lo + hi) >> 1
            if nodeIDs[mid] < node { lo = mid + 1 } else { hi = mid }
        }
        return lo < n && nodeIDs[lo] == node ? lo : nil
    }

    /// The range of `outFar`/`outRel`/`outType` (outgoing) or the `in…` arrays holding the
    /// relationships of `slot`; nil when the offsets are out of bounds (a damaged file), so the
    /// caller reads SQLite instead of trusting it.
    @inline(__always)
    func range(_ slot: Int, outgoing: Bool) -> Range<Int>? {
        let offsets = outgoing ? outOffsets : inOffsets
        let lo = offsets[slot], hi = offsets[slot + 1]
        guard lo >= 0, lo <= hi, hi <= Int64(relationshipCount) else { return nil }
        return Int(lo)..<Int(hi)
    }
}
