import Foundation
import KGCore

/// The current instant for `date()`, `datetime.realtime()`, `time.statement()`, …, and the
/// zone arguments those functions take.
///
/// GovBrain runs each statement in its own transaction, so the transaction clock is the
/// statement clock (the instant the statement started); the real-time clock reads the system
/// clock at each call.
enum TemporalClock {
    /// The instant `at` as parts in `zone` (UTC by default).
    static func parts(at instant: Date, in zone: CypherZone = CypherZone(offsetSeconds: 0)) -> TemporalParts {
        let t = instant.timeIntervalSince1970
        let seconds = Int64(t.rounded(.down))
        let nanos = Int64(((t - t.rounded(.down)) * 1e9).rounded(.down))
        let offset = zone.offset(atInstant: seconds)
        let local = CypherLocalDateTime(localEpochSeconds: seconds + Int64(offset), nanos: nanos)
        return TemporalParts(date: local.date, time: local.time, zone: zone, offsetSeconds: offset)
    }

    /// The zone a `timezone` value names: an offset (`+01:00`) or a tz database id.
    /// - Throws: ArgumentError/InvalidArgumentValue naming the text when it is neither.
    static func zone(_ v: Value) throws -> CypherZone {
        guard case .string(let text) = v else {
            throw CypherError.typeError(.invalidArgumentType, "a time zone must be a STRING such as '+01:00' or 'Europe/Stockholm', not a \(v.typeName)")
        }
        guard let zone = CypherZone(text: text) else {
            throw CypherError.argument(.invalidArgumentValue, "'\(text)' is not a time zone: use an offset such as '+01:00' or 'Z', or a tz database id such as 'Europe/Stockholm'")
        }
        return zone
    }

    /// `kind()`/`kind.statement()`/… at `instant`, with an optional argument: a zone string or `{timezone: …}`.
    static func current(_ kind: TemporalKind, _ arg: Value?, at instant: Date) throws -> Value {
        switch arg {
        case nil: return parts(at: instant).value(kind)
        case .null?: return .null
        case .string?: return parts(at: instant, in: try zone(arg!)).value(kind)
        case .map(let m)? where m.count == 1 && m["timezone"] != nil:
            return parts(at: instant, in: try zone(m["timezone"]!)).value(kind)
        case let v?: throw CypherError.typeError(.invalidArgumentType, "\(kind.rawValue) clocks take a time zone STRING or {timezone: …}, not a \(v.typeName)")
        }
    }
}
