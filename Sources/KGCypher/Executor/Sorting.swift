import KGCore

/// ORDER BY: a stable sort by the orderability relation; with a limit, a bounded top-k.
enum Sorting {
    static func sort(_ rows: [Row], _ items: [SortItem], evaluator ev: Evaluator, limit: Int?) throws -> [Row] {
        var keyed: [(keys: [Value], index: Int)] = []
        keyed.reserveCapacity(rows.count)
        for (i, r) in rows.enumerated() {
            try ev.ctx.checkDeadline()
            keyed.append((try items.map { try ev.eval($0.expression, r) }, i))
        }
        func less(_ a: (keys: [Value], index: Int), _ b: (keys: [Value], index: Int)) -> Bool {
            for (k, item) in items.enumerated() {
                let c = ValueSemantics.order(a.keys[k], b.keys[k])
                if c != 0 { return item.ascending ? c < 0 : c > 0 }
            }
            return a.index < b.index
        }
        if let limit, limit < keyed.count / 4 {
            return best(keyed, limit: limit, by: less).map { rows[$0.index] }
        }
        keyed.sort(by: less)
        let sorted = keyed.map { rows[$0.index] }
        if let limit { return Array(sorted.prefix(limit)) }
        return sorted
    }

    /// The first `limit` elements in the order of `less` (ties keep their input order), kept in a
    /// sorted buffer: one comparison for most elements.
    static func best<T>(_ elements: [T], limit: Int, by less: (T, T) -> Bool) -> [T] {
        var best: [T] = []
        guard limit > 0 else { return best }
        for e in elements {
            if best.count == limit, let last = best.last, !less(e, last) { continue }
            var lo = 0, hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if less(best[mid], e) { lo = mid + 1 } else { hi = mid }
            }
            best.insert(e, at: lo)
            if best.count > limit { best.removeLast() }
        }
        return best
    }
}
