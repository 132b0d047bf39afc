/// Relationships a `BulkWriter` has accepted but not yet written, written in (start, type, end)
/// order: keys in one array of small records, encoded properties in one byte buffer (no object
/// per relationship).
///
/// Writing in start-node order makes the `rels` table and its outgoing index (`rels_out`) come
/// out presorted, which SQLite builds about 2.5× faster than from file order; relationship ids
/// are assigned in that order when the buffer is written.
package struct PendingRelationships: Sendable {
    struct Key: Sendable {
        var start: Int64
        var type: Int64
        var end: Int64
        /// Where its properties start in `bytes` (they end where the next one's start).
        var offset: Int
        var length: Int
    }

    private(set) var keys: [Key] = []
    private(set) var bytes: [UInt8] = []

    var count: Int { keys.count }
    /// Bytes of encoded properties held, to bound memory.
    var propertyBytes: Int { bytes.count }

    mutating func append(start: Int64, type: Int64, end: Int64, properties encoded: String) {
        let offset = bytes.count
        bytes.append(contentsOf: encoded.utf8)
        keys.append(Key(start: start, type: type, end: end, offset: offset, length: bytes.count - offset))
    }

    /// Appends another buffer's relationships, their types renumbered through `typeIDs` (by
    /// the other buffer's type numbers).
    mutating func append(contentsOf other: PendingRelationships, typeIDs: [Int64]) {
        let base = bytes.count
        bytes.append(contentsOf: other.bytes)
        keys.reserveCapacity(keys.count + other.keys.count)
        for var key in other.keys {
            key.type = typeIDs[Int(key.type)]
            key.offset += base
            keys.append(key)
        }
    }

    /// Sorts the keys into (start, type, end) order; ties keep arrival order.
    mutating func sort() {
        keys.sort { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.type != b.type { return a.type < b.type }
            if a.end != b.end { return a.end < b.end }
            return a.offset < b.offset
        }
    }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }
}
