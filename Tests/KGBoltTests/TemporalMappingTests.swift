import Testing
import KGCore
@testable import KGBolt

/// Bolt's temporal structures as parameters: each becomes the engine's value, and fields out of
/// range (the extremes of a 64-bit integer included) are a TypeError, never a trap.
@Suite struct TemporalMappingTests {
    typealias Tag = PackStreamMapping.Tag

    @Test func eachStructureBecomesTheEngineValue() throws {
        let time = try PackStreamMapping.decode(.structure(tag: Tag.time, fields: [.int(45_005_500_000_000), .int(28_800)]))
        #expect(time.typeName == "TIME" && "\(time)".contains("12:30:05.5"))
        #expect(try PackStreamMapping.decode(.structure(tag: Tag.localTime, fields: [.int(1)])) == .localTime(CypherLocalTime(nanoOfDay: 1)))
        #expect(try PackStreamMapping.decode(.structure(tag: Tag.localDateTime, fields: [.int(86_400), .int(5)]))
                == .localDateTime(CypherLocalDateTime(localEpochSeconds: 86_400, nanos: 5)))
        #expect(try PackStreamMapping.decode(.structure(tag: Tag.duration, fields: [.int(14), .int(3), .int(14_706), .int(700_000_000)]))
                == .duration(CypherDuration(months: 14, days: 3, seconds: 14_706, nanoseconds: 700_000_000)))
        // 2024-07-01T01:15Z in Asia/Shanghai (UTC+8) is 09:15 there; the legacy form carries local seconds.
        let utc: Int64 = 1_719_796_500
        guard case .dateTime(let z) = try PackStreamMapping.decode(.structure(tag: Tag.dateTimeZoneID, fields: [.int(utc), .int(0), .string("Asia/Shanghai")])) else {
            Issue.record("not a datetime"); return
        }
        #expect(z.epochSeconds == utc && z.offsetSeconds == 28_800 && z.zoneId == "Asia/Shanghai")
        guard case .dateTime(let legacy) = try PackStreamMapping.decode(.structure(tag: Tag.legacyDateTimeZoneID, fields: [.int(utc + 28_800), .int(0), .string("Asia/Shanghai")])) else {
            Issue.record("not a datetime"); return
        }
        #expect(legacy.epochSeconds == utc)
    }

    @Test func fieldsOutOfRangeAreTypeErrors() {
        let bad: [PackValue] = [
            .structure(tag: Tag.time, fields: [.int(.max), .int(0)]), .structure(tag: Tag.time, fields: [.int(0), .int(.min)]),
            .structure(tag: Tag.localTime, fields: [.int(-1)]), .structure(tag: Tag.localDateTime, fields: [.int(.min), .int(0)]),
            .structure(tag: Tag.duration, fields: [.int(0), .int(0), .int(.max), .int(1_000_000_000)]),
            .structure(tag: Tag.duration, fields: [.int(.min), .int(0), .int(0), .int(0)]),
            .structure(tag: Tag.dateTime, fields: [.int(.min), .int(0), .int(3600)]),
            .structure(tag: Tag.legacyDateTime, fields: [.int(.min), .int(0), .int(3600)]),
            .structure(tag: Tag.dateTime, fields: [.int(0), .int(0), .int(.min)]),
            .structure(tag: Tag.dateTimeZoneID, fields: [.int(0), .int(0), .string("Not/AZone")]),
            .structure(tag: Tag.dateTimeZoneID, fields: [.int(0), .int(0), .int(8)]),
            .structure(tag: Tag.dateTimeZoneID, fields: [.int(.max), .int(0), .string("Asia/Shanghai")]),
            .structure(tag: Tag.date, fields: [.int(.min)]), .structure(tag: Tag.point2D, fields: [.int(7203), .float(1), .float(2)]),
        ]
        for value in bad {
            #expect(throws: BoltFailure.self, "\(value)") { _ = try PackStreamMapping.decode(value) }
        }
    }
}
