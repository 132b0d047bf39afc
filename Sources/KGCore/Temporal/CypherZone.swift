import Foundation

/// A time zone of a `TIME` or `DATETIME`: a fixed UTC offset, or a named zone of the system's tz
/// database (resolved with Foundation's `TimeZone(identifier:)`).
public struct CypherZone: Sendable, Hashable {
    /// The IANA id (`Europe/Stockholm`), or nil for a fixed offset.
    public let id: String?
    /// The fixed offset in seconds when `id` is nil.
    public let fixedOffset: Int32?

    /// A fixed-offset zone.
    public init(offsetSeconds: Int32) { id = nil; fixedOffset = offsetSeconds }

    init(id: String, fixedOffset: Int32?) { self.id = id; self.fixedOffset = fixedOffset }

    /// The zone named by `text`: an offset (`Z`, `+01:00`, `-0130`, `+05`) or a tz database id.
    /// - Returns: nil when the text is neither.
    public init?(text: String) {
        if let o = TemporalParser.offset(Substring(text)) { self.init(offsetSeconds: o); return }
        guard TimeZone(identifier: text) != nil, text.contains("/") || text == "UTC" || text == "GMT" else { return nil }
        self.init(id: text, fixedOffset: nil)
    }

    /// The offset in effect at an instant (seconds since the epoch, UTC).
    public func offset(atInstant seconds: Int64) -> Int32 {
        if let fixedOffset { return fixedOffset }
        guard let id, let tz = TimeZone(identifier: id) else { return 0 }
        return Int32(tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
    }

    /// The offset in effect now: what a `TIME` in a named zone takes, having no date to resolve
    /// daylight saving on (`time('12:00[Europe/Stockholm]')` is +01:00 in winter, +02:00 in summer).
    public var currentOffset: Int32 { offset(atInstant: Int64(Date().timeIntervalSince1970)) }

    /// The offset for a wall-clock time (seconds since the epoch read as local time): the
    /// earlier offset in an overlap, the offset before the gap in a gap.
    public func offset(atLocal local: Int64) -> Int32 {
        if let fixedOffset { return fixedOffset }
        let before = offset(atInstant: local - 86400), after = offset(atInstant: local + 86400)
        if before == after { return before }
        let candidates = [before, after].filter { offset(atInstant: local - Int64($0)) == $0 }
        return candidates.first ?? before
    }
}
