import KGCore
import Testing
@testable import KGCypher

/// The temporal functions through the engine: construction, selection, components, arithmetic,
/// truncation, `duration.between` and ordering.
@Suite struct TemporalFunctionTests {
    let engine = CypherEngine()

    private func value(_ expression: String) throws -> String {
        let g = InMemoryGraph()
        let r = try g.run { try engine.execute("RETURN toString(\(expression)) AS v", graph: $0) }
        guard case .string(let s) = r.rows[0][0] else { return "\(r.rows[0][0])" }
        return s
    }

    @Test(arguments: [
        ("date({year: 1984, week: 10, dayOfWeek: 3})", "1984-03-07"),
        ("date({year: 1984, quarter: 3, dayOfQuarter: 45})", "1984-08-14"),
        ("date({date: date('1984-11-11'), week: 1})", "1984-01-08"),
        ("localtime({hour: 12, minute: 31, second: 14, microsecond: 645876})", "12:31:14.645876"),
        ("time({time: time('12:31:14+01:00'), timezone: '+05:00'})", "16:31:14+05:00"),
        ("datetime({year: 1984, month: 10, day: 11, hour: 12, timezone: 'Europe/Stockholm'})", "1984-10-11T12:00+01:00[Europe/Stockholm]"),
        ("localdatetime({date: date('1984-10-11'), time: localtime('12:00'), second: 42})", "1984-10-11T12:00:42"),
        ("datetime.fromepoch(416779, 999999999)", "1970-01-05T19:46:19.999999999Z"),
    ])
    func constructsFromMaps(expression: String, expected: String) throws {
        #expect(try value(expression) == expected)
    }

    @Test(arguments: [
        ("date('1984-10-11') + duration('P1M2D')", "1984-11-13"),
        ("date('2020-01-31') + duration({months: 1})", "2020-02-29"),
        ("localtime('23:00') + duration({hours: 2})", "01:00"),
        ("datetime('2017-10-28T23:00[Europe/Stockholm]') + duration({hours: 6})", "2017-10-29T04:00+01:00[Europe/Stockholm]"),
        ("duration({days: 1}) - duration({hours: 1})", "P1DT-1H"),
        ("duration({months: 1, days: 1}) * 1.5", "P1M16DT17H14M33S"),
        ("duration({days: 3}) / 2", "P1DT12H"),
    ])
    func arithmeticFollowsNeo4j(expression: String, expected: String) throws {
        #expect(try value(expression) == expected)
    }

    @Test(arguments: [
        ("date.truncate('weekYear', date('1984-02-01'))", "1984-01-02"),
        ("datetime.truncate('hour', datetime('1984-10-11T12:31:14.645-01:00'), {timezone: '+01:00'})", "1984-10-11T12:00+01:00"),
        ("localtime.truncate('millisecond', localtime('12:31:14.645876123'), {nanosecond: 2})", "12:31:14.645000002"),
        ("duration.between(date('1984-10-11'), date('2015-06-24'))", "P30Y8M13D"),
        ("duration.between(datetime('2014-07-21T21:40:36.143+0200'), datetime('2015-07-21T21:40:32.142+0100'))", "P1YT59M55.999S"),
        ("duration.between(datetime('2017-10-28T23:00[Europe/Stockholm]'), datetime('2017-10-29T04:00[Europe/Stockholm]'))", "PT6H"),
        ("duration.inDays(date('1984-10-11'), date('2015-06-24'))", "P11213D"),
    ])
    func truncationAndDifferences(expression: String, expected: String) throws {
        #expect(try value(expression) == expected)
    }

    @Test func componentsOfEveryType() throws {
        let g = InMemoryGraph()
        let r = try g.run {
            try engine.execute("""
            WITH datetime('1984-11-11T12:31:14.645876123[Europe/Stockholm]') AS d, duration('P1Y4M10DT1H1M1.111111111S') AS p
            RETURN d.weekYear, d.week, d.timezone, d.offset, d.epochMillis, p.quarters, p.minutesOfHour, p.nanosecondsOfSecond
            """, graph: $0)
        }
        #expect(r.rows[0] == [.int(1984), .int(45), .string("Europe/Stockholm"), .string("+01:00"), .int(469020674645),
                              .int(5), .int(1), .int(111111111)])
    }

    @Test func orderingMixesTypesInCypherOrder() throws {
        let g = InMemoryGraph()
        let r = try g.run {
            try engine.execute("""
            UNWIND [duration('P1D'), localtime('10:00'), time('10:00Z'), date('2020-01-01'), localdatetime('2020-01-01T00:00'),
                    datetime('2020-01-01T00:00Z'), time('10:00+05:00'), 'text'] AS v
            RETURN v ORDER BY v
            """, graph: $0)
        }
        #expect(r.rows.map { $0[0].typeName } == ["DATETIME", "LOCALDATETIME", "DATE", "TIME", "TIME", "LOCALTIME", "DURATION", "STRING"])
        #expect(r.rows[3][0] == .time(TemporalParser.time("10:00+05:00")!))
    }

    @Test func badTextSaysWhatAndHow() throws {
        #expect {
            _ = try value("date('2015-13-45')")
        } throws: { error in
            let e = error as? CypherError
            return e?.code == .invalidArgumentValue && e?.message.contains("2015-13-45") == true && e?.message.contains("2015-07-21") == true
        }
        #expect(throws: CypherError.self) { _ = try value("date('2015') + date('2016')") }
        for overflowing in ["duration({years: 9223372036854775807})", "duration({days: 2}) * 9223372036854775807",
                            "duration({days: 1}) * 1e300", "date('2015-01-01') + duration({years: 999999999})",
                            "localdatetime('2015-01-01T00:00') + duration({seconds: 9223372036854775807})"] {
            #expect(performing: { _ = try value(overflowing) }, throws: { ($0 as? CypherError)?.code == .integerOverflow })
        }
        #expect(try value("duration.between(null, date('2015-01-01'))") == "null")
    }
}
