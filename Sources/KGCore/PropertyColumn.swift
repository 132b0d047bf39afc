/// One property of every node with a label, stored column-wise: the nodes' ids in ascending
/// order and, per node, the value (or its absence). Whole-label scans, filters, group-bys and
/// top-k read these instead of each node's property document.
///
/// Few distinct values are kept as codes into a dictionary (grouping and filtering then work
/// on codes); many distinct floats or integers are kept as plain numbers.
public struct PropertyColumn: Sendable {
    /// The code of a node without the property.
    public static let absent = UInt32.max

    /// How the values are held.
    public enum Storage: Sendable {
        /// Per node an index into the distinct values (first occurrence order), or `absent`.
        case coded(codes: [UInt32], dictionary: [Value])
        /// Per node a float; `present[i]` is false where node i lacks the property.
        case doubles([Double], present: [Bool])
        /// Per node an integer; `present[i]` is false where node i lacks the property.
        case ints([Int64], present: [Bool])
    }

    /// Node ids, ascending.
    public let ids: [Int64]
    public let storage: Storage

    public init(ids: [Int64], storage: Storage) {
        self.ids = ids
        self.storage = storage
    }

    /// Builds a column from per-node values (nil: the node lacks the property), given in
    /// ascending id order, choosing the storage: plain numbers when all values are floats (or
    /// all integers) and most are distinct, codes otherwise.
    public init(ids: [Int64], values: [Value?]) {
        var index: [Value: UInt32] = [:]
        var dictionary: [Value] = []
        var codes: [UInt32] = []
        codes.reserveCapacity(values.count)
        var allDoubles = true, allInts = true
        for value in values {
            guard let value, !value.isNull else { codes.append(Self.absent); continue }
            switch value {
            case .double: allInts = false
            case .int: allDoubles = false
            default: allInts = false; allDoubles = false
            }
            if let code = index[value] { codes.append(code); continue }
            let code = UInt32(dictionary.count)
            index[value] = code
            dictionary.append(value)
            codes.append(code)
        }
        let manyDistinct = dictionary.count > 1_024 && dictionary.count * 8 > values.count
        if manyDistinct && allDoubles {
            let present = values.map { $0 != nil && $0 != .null }
            let numbers = values.map { v -> Double in if case .double(let d)? = v { return d } else { return 0 } }
            self.init(ids: ids, storage: .doubles(numbers, present: present))
        } else if manyDistinct && allInts {
            let present = values.map { $0 != nil && $0 != .null }
            let numbers = values.map { v -> Int64 in if case .int(let i)? = v { return i } else { return 0 } }
            self.init(ids: ids, storage: .ints(numbers, present: present))
        } else {
            self.init(ids: ids, storage: .coded(codes: codes, dictionary: dictionary))
        }
    }

    /// Number of nodes.
    public var count: Int { ids.count }

    /// The value of the node at `position` (`.null` when absent).
    @inline(__always)
    public func value(at position: Int) -> Value {
        switch storage {
        case .coded(let codes, let dictionary):
            let code = codes[position]
            return code == Self.absent ? .null : dictionary[Int(code)]
        case .doubles(let numbers, let present):
            return present[position] ? .double(numbers[position]) : .null
        case .ints(let numbers, let present):
            return present[position] ? .int(numbers[position]) : .null
        }
    }

    /// The values as codes into distinct values (computed for plain-number storage).
    public func coded() -> (codes: [UInt32], dictionary: [Value]) {
        if case .coded(let codes, let dictionary) = storage { return (codes, dictionary) }
        var index: [Value: UInt32] = [:]
        var dictionary: [Value] = []
        var codes: [UInt32] = []
        codes.reserveCapacity(count)
        for p in 0..<count {
            let v = value(at: p)
            if v.isNull { codes.append(Self.absent); continue }
            if let code = index[v] { codes.append(code); continue }
            let code = UInt32(dictionary.count)
            index[v] = code
            dictionary.append(v)
            codes.append(code)
        }
        return (codes, dictionary)
    }

    /// Whether `other` covers the same nodes in the same order (columns of one label read in
    /// one transaction always do).
    public func isAligned(with other: PropertyColumn) -> Bool {
        ids.count == other.ids.count && ids == other.ids
    }
}
