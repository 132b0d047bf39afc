/// The node ids of one external id space imported in a bulk write. Ids that are canonical
/// decimal integers (most generated and exported data) are kept by their integer value: small
/// non-negative ones in a dense array (while it stays under twice the ids held), others in a
/// dictionary, both several times faster than hashing the text; other ids by their text.
struct ExternalIDMap {
    /// Node id + 1 by integer id (0: none).
    private var dense: [Int64] = []
    private var integers: [Int64: Int64] = [:]
    private var integerCount = 0
    private var strings: [String: Int64] = [:]

    /// The integer a canonical decimal text stands for (`0`, `42`, `-7`; not `007`, `+1`, ` 1`),
    /// for texts of at most 18 digits.
    @inline(__always) static func canonicalInteger(_ text: String) -> Int64? {
        var utf8 = text.utf8.makeIterator()
        guard var b = utf8.next() else { return nil }
        var negative = false
        if b == UInt8(ascii: "-") {
            negative = true
            guard let n = utf8.next() else { return nil }
            b = n
        }
        guard b >= 48 && b <= 57 else { return nil }
        var value = Int64(b - 48)
        var digits = 1
        while let c = utf8.next() {
            guard c >= 48 && c <= 57, value != 0 || digits == 0, digits < 18 else { return nil }
            value = value * 10 + Int64(c - 48)
            digits += 1
        }
        if negative && value == 0 { return nil }
        return negative ? -value : value
    }

    /// The node imported with `id`.
    subscript(id: String) -> Int64? {
        if let n = Self.canonicalInteger(id) { return integer(n) }
        return strings[id]
    }

    @inline(__always) private func integer(_ n: Int64) -> Int64? {
        if n >= 0 && n < Int64(dense.count) {
            let v = dense[Int(n)]
            if v != 0 { return v - 1 }
        }
        return integers.isEmpty ? nil : integers[n]
    }

    private mutating func setInteger(_ n: Int64, node: Int64) {
        if n >= 0 && n < Int64(dense.count) {
            if dense[Int(n)] == 0 { integerCount += 1 }
            dense[Int(n)] = node + 1
            return
        }
        let limit = max(Int64(1 << 16), 2 * Int64(integerCount + 1))
        if n >= 0 && n < limit {
            let size = Int(min(limit, max(n + 1, Int64(dense.count) * 2)))
            dense.append(contentsOf: repeatElement(0, count: size - dense.count))
            integerCount += 1
            dense[Int(n)] = node + 1
            return
        }
        if integers.updateValue(node, forKey: n) == nil { integerCount += 1 }
    }

    /// Records `node` for `id` unless the id is taken.
    /// - Returns: the node already holding the id, or nil when `node` was recorded.
    mutating func insertNew(_ id: String, node: Int64) -> Int64? {
        if let n = Self.canonicalInteger(id) {
            if let old = integer(n) { return old }
            setInteger(n, node: node)
            return nil
        }
        if let old = strings.updateValue(node, forKey: id) { strings[id] = old; return old }
        return nil
    }

    /// Forgets `id`.
    mutating func remove(_ id: String) {
        guard let n = Self.canonicalInteger(id) else { strings[id] = nil; return }
        if n >= 0 && n < Int64(dense.count) && dense[Int(n)] != 0 {
            dense[Int(n)] = 0
            integerCount -= 1
        } else if integers.removeValue(forKey: n) != nil {
            integerCount -= 1
        }
    }

    /// Records `node` for `id`, replacing any earlier one.
    mutating func set(_ id: String, node: Int64) {
        if let n = Self.canonicalInteger(id) { setInteger(n, node: node) } else { strings[id] = node }
    }
}
