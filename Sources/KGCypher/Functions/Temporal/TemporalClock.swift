import Foundation
import KGCore

/// The current instant for `date()`, `datetime.realtime()`, `time.statement()`, …, and the
/// zone arguments those functions take.
///
/// GovBrain runs each statement in its own transaction, so the statement and transaction clocks
/// read the same instant as the real-time clock at the call.
enum TemporalClock {
    /// The current instant as parts in `zone` (UTC by default).
    static func now(in zone: CypherZone = CypherZone(offsetSeconds: 0)) -> TemporalParts {
        let t = Date().timeIntervalSince1970
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

    /// `kind()`/`kind.realtime()` with an optional argument: a zone string or `{timezone: …}`.
    static func current(_ kind: TemporalKind, _ arg: Value?) throws -> Value {
        switch arg {
        case nil: return now().value(kind)
        case .null?: return .null
        case .string?: return now(in: try zone(arg!)).value(kind)
        case .map(let m)? where m.count == 1 && m["timezone"] != nil: return now(in: try zone(m["timezone"]!)).value(kind)
        case let v?: throw CypherError.typeError(.invalidArgumentType, "\(kind.rawValue) clocks take a time zone STRING or {timezone: …}, not a \(v.typeName)")
        }
    }
}
