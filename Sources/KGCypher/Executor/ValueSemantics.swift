import Foundation
import KGCore

/// openCypher's three value relations: equality (`=`, three-valued), comparison (`<`, with
/// null for incomparable values) and orderability (the total order of ORDER BY), plus
/// equivalence for DISTINCT and grouping.
enum ValueSemantics {
    /// `a = b`: nil when the result is null.
    static func equals(_ a: Value, _ b: Value) -> Bool? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.int(let x), .double(let y)): return intEqualsDouble(x, y)
        case (.double(let x), .int(let y)): return intEqualsDouble(y, x)
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            var sawNull = false
            for (u, v) in zip(x, y) {
                switch equals(u, v) {
                case .some(false): return false
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? nil : true
        case (.map(let x), .map(let y)):
            guard Set(x.keys) == Set(y.keys) else { return false }
            var sawNull = false
            for (k, u) in x {
                switch equals(u, y[k]!) {
                case .some(false): return false
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? nil : true
        case (.node(let x), .node(let y)): return x == y
        case (.relationship(let x), .relationship(let y)): return x.id == y.id
        case (.path(let x), .path(let y)): return x.nodes == y.nodes && x.relationships.map(\.id) == y.relationships.map(\.id)
        case (.date(let x), .date(let y)): return x == y
        case (.dateTime(let x), .dateTime(let y)): return x == y
        case (.time(let x), .time(let y)): return x == y
        case (.localTime(let x), .localTime(let y)): return x == y
        case (.localDateTime(let x), .localDateTime(let y)): return x == y
        case (.duration(let x), .duration(let y)): return x == y
        default: return false
        }
    }

    private static func intEqualsDouble(_ i: Int64, _ d: Double) -> Bool {
        guard d.isFinite, d == d.rounded() else { return false }
        if d >= 9.2233720368547758e18 || d < -9.2233720368547758e18 { return false }
        return Int64(d) == i
    }

    /// `a < b` as -1/0/1, or nil when the values are not comparable (or NaN is involved).
    static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.int, .double), (.double, .int), (.double, .double):
            return compareNumbers(a, b)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.string(let x), .string(let y)): return compareStrings(x, y)
        case (.list(let x), .list(let y)):
            for (u, v) in zip(x, y) {
                guard let c = compare(u, v) else { return nil }
                if c != 0 { return c }
            }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        case (.date(let x), .date(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.dateTime(let x), .dateTime(let y)): return x < y ? -1 : (y < x ? 1 : 0)
        case (.time(let x), .time(let y)): return x < y ? -1 : (y < x ? 1 : 0)
        case (.localTime(let x), .localTime(let y)): return x < y ? -1 : (y < x ? 1 : 0)
        case (.localDateTime(let x), .localDateTime(let y)): return x < y ? -1 : (y < x ? 1 : 0)
        default: return nil
        }
    }

    static func compareNumbers(_ a: Value, _ b: Value) -> Int? {
        if case .int(let x) = a, case .int(let y) = b { return x < y ? -1 : (x == y ? 0 : 1) }
        if case .int(let x) = a, case .double(let y) = b { return compareIntDouble(x, y) }
        if case .double(let x) = a, case .int(let y) = b { return compareIntDouble(y, x).map { -$0 } }
        guard case .double(let x) = a, case .double(let y) = b, !x.isNaN, !y.isNaN else { return nil }
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    private static func compareIntDouble(_ i: Int64, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        if d >= 9.2233720368547758e18 { return -1 }
        if d < -9.2233720368547758e18 { return 1 }
        let t = d.rounded(.towardZero)
        let ti = Int64(t)
        if i < ti { return -1 }
        if i > ti { return 1 }
        let frac = d - t
        return frac > 0 ? -1 : (frac < 0 ? 1 : 0)
    }

    /// Strings order by Unicode code point.
    static func compareStrings(_ x: String, _ y: String) -> Int {
        if x == y { return 0 }
        var i = x.unicodeScalars.makeIterator(), j = y.unicodeScalars.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let u?, let v?): if u != v { return u.value < v.value ? -1 : 1 }
            }
        }
    }

    private static func orderRank(_ v: Value) -> Int {
        switch v {
        case .map: return 0
        case .node: return 1
        case .relationship: return 2
        case .list: return 3
        case .path: return 4
        case .dateTime: return 5
        case .localDateTime: return 6
        case .date: return 7
        case .time: return 8
        case .localTime: return 9
        case .duration: return 10
        case .string: return 11
        case .bool: return 12
        case .int, .double: return 13
        case .null: return 14
        }
    }

    /// The total order of ORDER BY: maps < nodes < relationships < lists < paths < datetimes <
    /// local datetimes < dates < times < local times < durations < strings < booleans < numbers
    /// (NaN last) < null. Durations, which `<` cannot compare, order by their average length.
    static func order(_ a: Value, _ b: Value) -> Int {
        let ra = orderRank(a), rb = orderRank(b)
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.int, _), (.double, _):
            let an = isNaN(a), bn = isNaN(b)
            if an || bn { return an == bn ? 0 : (an ? 1 : -1) }
            return compareNumbers(a, b) ?? 0
        case (.node(let x), .node(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.relationship(let x), .relationship(let y)): return x.id < y.id ? -1 : (x.id == y.id ? 0 : 1)
        case (.list(let x), .list(let y)):
            for (u, v) in zip(x, y) {
                let c = order(u, v)
                if c != 0 { return c }
            }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        case (.map(let x), .map(let y)):
            let kx = x.keys.sorted(), ky = y.keys.sorted()
            for (u, v) in zip(kx, ky) {
                let c = compareStrings(u, v)
                if c != 0 { return c }
                let d = order(x[u]!, y[v]!)
                if d != 0 { return d }
            }
            return kx.count < ky.count ? -1 : (kx.count == ky.count ? 0 : 1)
        case (.path(let x), .path(let y)):
            let c = order(.list(x.nodes.map { .node($0) }), .list(y.nodes.map { .node($0) }))
            if c != 0 { return c }
            return order(.list(x.relationships.map { .relationship($0) }), .list(y.relationships.map { .relationship($0) }))
        case (.duration(let x), .duration(let y)):
            let kx = (x.months * 2_629_746 + x.days * 86400 + x.seconds, x.nanoseconds, x.months, x.days)
            let ky = (y.months * 2_629_746 + y.days * 86400 + y.seconds, y.nanoseconds, y.months, y.days)
            return kx < ky ? -1 : (kx == ky ? 0 : 1)
        default:
            return compare(a, b) ?? 0
        }
    }

    private static func isNaN(_ v: Value) -> Bool {
        if case .double(let d) = v { return d.isNaN }
        return false
    }

    /// Equivalence (DISTINCT, grouping, IN on lists of lists): like equality, but null is
    /// equivalent to null and NaN to NaN.
    static func equivalent(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.double(let x), .double(let y)) where x.isNaN && y.isNaN: return true
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equivalent($0, $1) }
        case (.map(let x), .map(let y)):
            return Set(x.keys) == Set(y.keys) && x.allSatisfy { equivalent($0.value, y[$0.key]!) }
        default:
            return equals(a, b) ?? false
        }
    }
}

/// A value wrapped so that `==` and hashing follow Cypher equivalence (DISTINCT, grouping keys).
struct EquivalenceKey: Hashable {
    let values: [Value]

    static func == (l: EquivalenceKey, r: EquivalenceKey) -> Bool {
        l.values.count == r.values.count && zip(l.values, r.values).allSatisfy { ValueSemantics.equivalent($0, $1) }
    }

    func hash(into hasher: inout Hasher) {
        for v in values { EquivalenceKey.hash(v, into: &hasher) }
    }

    static func hash(_ v: Value, into h: inout Hasher) {
        switch v {
        case .null: h.combine(0)
        case .bool(let b): h.combine(1); h.combine(b)
        case .int(let i): h.combine(2); h.combine(Double(i))
        case .double(let d): h.combine(2); h.combine(d.isNaN ? Double.nan.bitPattern : (d == 0 ? 0 : d).bitPattern)
        case .string(let s): h.combine(3); h.combine(s)
        case .list(let items): h.combine(4); h.combine(items.count); for x in items { hash(x, into: &h) }
        case .map(let m): h.combine(5); for k in m.keys.sorted() { h.combine(k); hash(m[k]!, into: &h) }
        case .node(let id): h.combine(6); h.combine(id)
        case .relationship(let r): h.combine(7); h.combine(r.id)
        case .path(let p): h.combine(8); h.combine(p.nodes); h.combine(p.relationships.map(\.id))
        case .date(let d): h.combine(9); h.combine(d)
        case .dateTime(let t): h.combine(10); h.combine(t)
        case .time(let t): h.combine(11); h.combine(t)
        case .localTime(let t): h.combine(12); h.combine(t)
        case .localDateTime(let t): h.combine(13); h.combine(t)
        case .duration(let d): h.combine(14); h.combine(d)
        }
    }
}
