import KGCore

/// What one query may hold in memory, counted where it materialises data: list values built by
/// `range`, comprehensions and literals, `collect` and other buffering aggregates, grouping keys,
/// `DISTINCT` sets and ORDER BY buffers.
///
/// Sizes are estimates (a value slot plus its string bytes, lists shallowly), close enough to stop
/// a query that would take gigabytes long before it does, with an error that says what to change.
/// Buffers are charged cumulatively for the query's life; a single list value is checked against
/// the whole budget before it is allocated.
final class MemoryBudget {
    /// The budget in bytes; nil for none.
    let limit: Int?
    /// Bytes charged so far.
    private(set) var used = 0

    /// The estimated size of one value slot in a list, a row or a buffer.
    static let slotBytes = MemoryLayout<Value>.stride + 8
    /// The most elements one list value may have without a budget (`range` and comprehensions).
    static let unbudgetedListElements = 100_000_000

    init(limit: Int?) { self.limit = limit }

    /// Charges `bytes` to the query; throws `MemoryLimitExceeded` past the budget.
    func charge(_ bytes: Int) throws {
        used &+= bytes
        if let limit, used > limit { throw exceeded("the query would hold more than") }
    }

    /// Checks that a list of `count` elements can be built, before building it.
    func checkList(count: Int, what: String) throws {
        if let limit {
            let (bytes, overflow) = count.multipliedReportingOverflow(by: Self.slotBytes)
            if overflow || bytes > limit { throw exceeded("\(what) of \(count) elements would take more than") }
        } else if count > Self.unbudgetedListElements {
            throw CypherError.argument(.numberOutOfRange, "\(what) would have \(count) elements, more than \(Self.unbudgetedListElements)")
        }
    }

    /// The longest string one value may be without a budget.
    static let unbudgetedStringBytes = 1 << 30

    /// Checks that a string of `bytes` can be built, before building it.
    func checkString(bytes: Int) throws {
        if let limit {
            if bytes > limit { throw exceeded("a string of \(bytes) bytes would take more than") }
        } else if bytes > Self.unbudgetedStringBytes {
            throw CypherError.argument(.numberOutOfRange, "the query builds a string of \(bytes) bytes, more than \(Self.unbudgetedStringBytes)")
        }
    }

    /// The estimated size of `value` held in a buffer: its slot, string bytes, and list and map
    /// elements one level down.
    static func estimate(_ value: Value) -> Int {
        switch value {
        case .string(let s): return slotBytes + s.utf8.count
        case .list(let items): return slotBytes + items.count * slotBytes
        case .map(let m): return slotBytes + m.count * (slotBytes + 24)
        case .path(let p): return slotBytes + (p.nodes.count + p.relationships.count) * slotBytes
        default: return slotBytes
        }
    }

    /// The estimated size of a row held in a buffer.
    static func estimate(_ row: Row) -> Int {
        var total = 128
        for (k, v) in row { total += k.utf8.count + 16 + estimate(v) }
        return total
    }

    private func exceeded(_ what: String) -> CypherError {
        let mib = (limit ?? 0) / (1 << 20)
        return CypherError(type: .memory, code: .memoryLimitExceeded, phase: .runtime,
                           message: "\(what) the query's memory budget of \(mib) MiB; aggregate or filter earlier, add LIMIT, or narrow the pattern")
    }
}
