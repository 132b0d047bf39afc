/// An instant with a UTC offset (openCypher `DATETIME`), to the nanosecond.
///
/// Two datetimes are equal when they denote the same instant and offset; ordering is by instant.
public struct CypherDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: Int64
    /// Nanoseconds within the second (0 ..< 1e9).
    public let nanoseconds: Int32
    /// Offset from UTC in seconds (+08:00 is 28800), used for display.
    public let offsetSeconds: Int32

    /// Creates a datetime from its instant and offset.
    public init(epochSeconds: Int64, nanoseconds: Int32 = 0, offsetSeconds: Int32 = 0) {
        self.epochSeconds = epochSeconds; self.nanoseconds = nanoseconds; self.offsetSeconds = offsetSeconds
    }

    /// Parses ISO 8601: `YYYY-MM-DDTHH:MM[:SS[.fffffffff]][Z|±HH:MM]`; a missing zone means UTC.
    public init?(iso text: String) {
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let date = CypherDate(iso: String(parts[0])) else { return nil }
        var rest = Substring(parts[1])
        var offset: Int32 = 0
        if rest.hasSuffix("Z") {
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[rest.index(after: signIndex)...].split(separator: ":")
            guard (1...2).contains(zone.count), let h = Int32(zone[0]),
                  let m = zone.count == 2 ? Int32(zone[1]) : 0, h < 24, m < 60 else { return nil }
            offset = (h * 3600 + m * 60) * (rest[signIndex] == "-" ? -1 : 1)
            rest = rest[..<signIndex]
        }
        let hms = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(hms.count), let h = Int(hms[0]), let mi = Int(hms[1]),
              hms[0].count == 2, hms[1].count == 2, h < 24, mi < 60 else { return nil }
        var sec = 0
        var nanos: Int32 = 0
        if hms.count == 3 {
            let secParts = hms[2].split(separator: ".", omittingEmptySubsequences: false)
            guard let s = Int(secParts[0]), secParts[0].count == 2, s < 60 else { return nil }
            sec = s
            if secParts.count == 2 {
                let frac = secParts[1]
                guard !frac.isEmpty, frac.count <= 9, frac.allSatisfy(\.isNumber),
                      let f = Int32(frac + String(repeating: "0", count: 9 - frac.count)) else { return nil }
                nanos = f
            }
        }
        let local = Int64(date.daysSinceEpoch) * 86400 + Int64(h * 3600 + mi * 60 + sec)
        self.init(epochSeconds: local - Int64(offset), nanoseconds: nanos, offsetSeconds: offset)
    }

    /// The local calendar date at this datetime's offset.
    public var localDate: CypherDate {
        let local = epochSeconds + Int64(offsetSeconds)
        return CypherDate(daysSinceEpoch: Int(local >= 0 ? local / 86400 : (local - 86399) / 86400))
    }

    /// ISO 8601 text with the offset (`Z` for UTC), as openCypher's `toString` writes it.
    public var description: String {
        let local = epochSeconds + Int64(offsetSeconds)
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secs = Int(local - days * 86400)
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var s = CypherDate(daysSinceEpoch: Int(days)).description
            + "T" + p2(secs / 3600) + ":" + p2(secs / 60 % 60)
        if secs % 60 != 0 || nanoseconds != 0 { s += ":" + p2(secs % 60) }
        if nanoseconds != 0 {
            var f = String(nanoseconds)
            f = String(repeating: "0", count: 9 - f.count) + f
            while f.hasSuffix("0") { f.removeLast() }
            s += "." + f
        }
        if offsetSeconds == 0 { return s + "Z" }
        let o = abs(Int(offsetSeconds))
        return s + (offsetSeconds < 0 ? "-" : "+") + p2(o / 3600) + ":" + p2(o / 60 % 60)
    }

    public static func < (a: CypherDateTime, b: CypherDateTime) -> Bool {
        (a.epochSeconds, a.nanoseconds) < (b.epochSeconds, b.nanoseconds)
    }
}
