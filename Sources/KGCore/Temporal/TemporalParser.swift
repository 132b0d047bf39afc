/// Parsers for the ISO 8601 text forms of openCypher's temporal constructors.
///
/// Each returns nil for text it cannot read; callers turn that into an error that names the text
/// and the accepted forms. Separators are optional as ISO allows (`2015-07-21` or `20150721`,
/// `21:40:32` or `214032`), a fraction of a second takes `.` or `,`.
public enum TemporalParser {
    /// A date: `YYYY[-MM[-DD]]`, `YYYYMM[DD]`, `YYYY-Www[-D]`, `YYYYWww[D]`, `YYYY-DDD`, `YYYYDDD`;
    /// a year beyond 9999 or before 0 takes a sign (`+10000-01-01`).
    public static func date(_ text: Substring) -> CypherDate? {
        var s = text
        var sign = 1
        var yearDigits = 4
        if let f = s.first, f == "+" || f == "-" {
            sign = f == "-" ? -1 : 1
            s = s.dropFirst()
            yearDigits = s.prefix { $0.isASCIIDigit }.count
            guard yearDigits >= 4 else { return nil }
        }
        guard let y = number(s.prefix(yearDigits), count: yearDigits) else { return nil }
        let year = sign * y
        var r = s.dropFirst(yearDigits)
        if r.isEmpty { return CypherDate(year: year, month: 1, day: 1) }
        let dashed = r.first == "-"
        if dashed { r = r.dropFirst() }
        if r.first == "W" {
            r = r.dropFirst()
            guard let w = number(r.prefix(2), count: 2) else { return nil }
            r = r.dropFirst(2)
            if r.isEmpty { return CypherDate(weekYear: year, week: w, dayOfWeek: 1) }
            if dashed { guard r.first == "-" else { return nil }; r = r.dropFirst() }
            guard r.count == 1, let d = number(r, count: 1) else { return nil }
            return CypherDate(weekYear: year, week: w, dayOfWeek: d)
        }
        if r.count == 3, let od = number(r, count: 3) { return CypherDate(year: year, ordinalDay: od) }
        guard let m = number(r.prefix(2), count: 2) else { return nil }
        r = r.dropFirst(2)
        if r.isEmpty { return CypherDate(year: year, month: m, day: 1) }
        if dashed { guard r.first == "-" else { return nil }; r = r.dropFirst() }
        guard r.count == 2, let d = number(r, count: 2) else { return nil }
        return CypherDate(year: year, month: m, day: d)
    }

    /// A local time: `HH[:MM[:SS[.f…]]]` or `HH[MM[SS[.f…]]]`, up to nine fraction digits.
    public static func localTime(_ text: Substring) -> CypherLocalTime? {
        var r = text
        guard let h = number(r.prefix(2), count: 2) else { return nil }
        r = r.dropFirst(2)
        let colons = r.first == ":"
        var minute = 0, second = 0, nanos: Int64 = 0
        if !r.isEmpty {
            if colons { r = r.dropFirst() }
            guard let m = number(r.prefix(2), count: 2) else { return nil }
            minute = m; r = r.dropFirst(2)
            if !r.isEmpty {
                if colons { guard r.first == ":" else { return nil }; r = r.dropFirst() }
                guard let sec = number(r.prefix(2), count: 2) else { return nil }
                second = sec; r = r.dropFirst(2)
                if let f = r.first {
                    guard f == "." || f == "," else { return nil }
                    let digits = r.dropFirst()
                    guard (1...9).contains(digits.count), let v = number(digits, count: digits.count) else { return nil }
                    nanos = Int64(v) * pow10(9 - digits.count)
                }
            }
        }
        return CypherLocalTime(hour: Int64(h), minute: Int64(minute), second: Int64(second), nanosecond: nanos)
    }

    /// A UTC offset: `Z`, `±HH`, `±HHMM`, `±HH:MM` (also `±HH:MM:SS`), at most ±18:00.
    public static func offset(_ text: Substring) -> Int32? {
        if text == "Z" || text == "z" { return 0 }
        guard let f = text.first, f == "+" || f == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard [2, 4, 6].contains(digits.count), digits.allSatisfy(\.isASCIIDigit),
              text.dropFirst().count == digits.count || text.dropFirst().count == digits.count + digits.count / 2 - 1 else { return nil }
        let d = Array(digits).map { Int32(String($0))! }
        let h = d[0] * 10 + d[1], m = d.count > 2 ? d[2] * 10 + d[3] : 0, s = d.count > 4 ? d[4] * 10 + d[5] : 0
        guard m < 60, s < 60 else { return nil }
        let total = h * 3600 + m * 60 + s
        guard total <= 18 * 3600 else { return nil }
        return f == "-" ? -total : total
    }

    /// Splits a time text into the time and its zone (`Z`, an offset, `[Zone/Id]`, or both).
    public static func splitZone(_ text: Substring) -> (time: Substring, zone: CypherZone?)? {
        guard let i = text.firstIndex(where: { "Zz+-[".contains($0) }) else { return (text, nil) }
        let time = text[..<i]
        var zoneText = text[i...]
        var id: String?
        if let open = zoneText.firstIndex(of: "[") {
            guard zoneText.last == "]" else { return nil }
            id = String(zoneText[zoneText.index(after: open)..<zoneText.index(before: zoneText.endIndex)])
            zoneText = zoneText[..<open]
        }
        let fixed: Int32? = zoneText.isEmpty ? nil : offset(zoneText)
        if !zoneText.isEmpty && fixed == nil { return nil }
        if let id {
            guard let zone = CypherZone(text: id) else { return nil }
            return (time, zone)
        }
        return (time, fixed.map { CypherZone(offsetSeconds: $0) })
    }

    /// A time with offset; a missing offset means UTC, a named zone its current offset.
    public static func time(_ text: Substring) -> CypherTime? {
        guard let (t, zone) = splitZone(text), let local = localTime(t) else { return nil }
        let offset = zone.map { $0.fixedOffset ?? $0.currentOffset } ?? 0
        return CypherTime(local: local, offsetSeconds: offset)
    }

    /// A local datetime: a date form, `T`, a local time form (the time may be left out).
    public static func localDateTime(_ text: Substring) -> CypherLocalDateTime? {
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard let d = date(parts[0]) else { return nil }
        if parts.count == 1 { return CypherLocalDateTime(date: d, time: CypherLocalTime(nanoOfDay: 0)) }
        guard let t = localTime(parts[1]) else { return nil }
        return CypherLocalDateTime(date: d, time: t)
    }

    /// A datetime: a local datetime with an optional offset and/or `[Zone/Id]`; a missing zone means UTC.
    public static func dateTime(_ text: Substring) -> CypherDateTime? {
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard let d = date(parts[0]) else { return nil }
        guard parts.count == 2 else {
            return CypherDateTime(local: CypherLocalDateTime(date: d, time: CypherLocalTime(nanoOfDay: 0)), zone: CypherZone(offsetSeconds: 0))
        }
        guard let (t, zone) = splitZone(parts[1]), let local = localTime(t) else { return nil }
        let ldt = CypherLocalDateTime(date: d, time: local)
        guard let zone else { return CypherDateTime(local: ldt, zone: CypherZone(offsetSeconds: 0)) }
        // `+01:00[Europe/Stockholm]`: the zone id decides; the offset only picks a side of an overlap.
        return CypherDateTime(local: ldt, zone: zone)
    }

    /// A duration: `P[nY][nM][nW][nD][T[nH][nM][nS]]` (signed components, a fraction with `.` or
    /// `,`), or the alternative form `PYYYY-MM-DDTHH:MM:SS[.f]`.
    public static func duration(_ text: Substring) -> CypherDuration? {
        var negate = false
        var s = text
        if s.first == "-" { negate = true; s = s.dropFirst() }
        guard s.first == "P" || s.first == "p" else { return nil }
        s = s.dropFirst()
        guard !s.isEmpty else { return nil }
        if s.count >= 10, s.prefix(4).allSatisfy(\.isASCIIDigit), s.dropFirst(4).first == "-" {
            return alternativeDuration(s).map { negate ? -$0 : $0 }
        }
        var builder = DurationBuilder()
        var inTime = false, sawAny = false
        while !s.isEmpty {
            if s.first == "T" || s.first == "t" {
                guard !inTime else { return nil }
                inTime = true; s = s.dropFirst(); continue
            }
            var numberText = s.prefix { $0.isASCIIDigit || "+-.,".contains($0) }
            s = s.dropFirst(numberText.count)
            guard let unitChar = s.first, !numberText.isEmpty else { return nil }
            s = s.dropFirst()
            let unit: DurationBuilder.Unit
            switch (inTime, unitChar.uppercased()) {
            case (false, "Y"): unit = .years
            case (false, "M"): unit = .months
            case (false, "W"): unit = .weeks
            case (false, "D"): unit = .days
            case (true, "H"): unit = .hours
            case (true, "M"): unit = .minutes
            case (true, "S"): unit = .seconds
            default: return nil
            }
            var negative = false
            if let f = numberText.first, f == "-" || f == "+" { negative = f == "-"; numberText = numberText.dropFirst() }
            let pieces = numberText.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "," }
            guard (1...2).contains(pieces.count), !pieces[0].isEmpty, pieces[0].allSatisfy(\.isASCIIDigit),
                  let whole = Int64(pieces[0]) else { return nil }
            var fraction = 0.0
            if pieces.count == 2 {
                guard !pieces[1].isEmpty, pieces[1].allSatisfy(\.isASCIIDigit), let f = Double("0." + pieces[1]) else { return nil }
                fraction = f
            }
            builder.add(unit, whole: negative ? -whole : whole, fraction: negative ? -fraction : fraction)
            sawAny = true
        }
        guard sawAny, let d = builder.build() else { return nil }
        return negate ? -d : d
    }

    /// `YYYY-MM-DDTHH:MM:SS[.f]` after the `P`: each field is an amount, not a calendar value.
    private static func alternativeDuration(_ s: Substring) -> CypherDuration? {
        let parts = s.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        let ymd = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard ymd.count == 3, let y = Int64(ymd[0]), let m = Int64(ymd[1]), let d = Int64(ymd[2]) else { return nil }
        var builder = DurationBuilder()
        builder.add(.years, whole: y); builder.add(.months, whole: m); builder.add(.days, whole: d)
        if parts.count == 2 {
            guard let t = localTime(parts[1]) else { return nil }
            builder.add(.seconds, whole: t.nanoOfDay / 1_000_000_000)
            builder.add(.nanoseconds, whole: t.nanosecond)
        }
        return builder.build()
    }

    private static func number(_ s: Substring, count: Int) -> Int? {
        guard s.count == count, count > 0, s.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(s)
    }

    private static func pow10(_ n: Int) -> Int64 { (0..<n).reduce(1) { r, _ in r * 10 } }
}

extension Character {
    /// `0`…`9` only (not other Unicode digits).
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
