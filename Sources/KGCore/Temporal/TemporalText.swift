/// Shared text pieces of the temporal `toString` forms (Neo4j's ISO 8601 output).
public enum TemporalText {
    /// `v` zero-padded to `width` digits (sign not included).
    public static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v.magnitude)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// `.fffffffff` with trailing zeros removed, or "" for zero nanoseconds.
    public static func fraction(_ nanos: Int64) -> String {
        guard nanos != 0 else { return "" }
        var f = pad(nanos, 9)
        while f.hasSuffix("0") { f.removeLast() }
        return "." + f
    }

    /// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff…`: seconds only when they or the fraction are non-zero.
    public static func time(nanoOfDay: Int64) -> String {
        let secs = nanoOfDay / 1_000_000_000, nanos = nanoOfDay % 1_000_000_000
        var s = pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2)
        if secs % 60 != 0 || nanos != 0 { s += ":" + pad(secs % 60, 2) + fraction(nanos) }
        return s
    }

    /// `Z` for zero, otherwise `±HH:MM` (`±HH:MM:SS` when the offset has seconds).
    public static func offset(_ seconds: Int32) -> String {
        if seconds == 0 { return "Z" }
        let o = Int64(seconds.magnitude)
        var s = (seconds < 0 ? "-" : "+") + pad(o / 3600, 2) + ":" + pad(o / 60 % 60, 2)
        if o % 60 != 0 { s += ":" + pad(o % 60, 2) }
        return s
    }
}
