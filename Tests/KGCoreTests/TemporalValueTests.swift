import Testing
@testable import KGCore

/// Parsing, text forms and storage of the six temporal types.
@Suite struct TemporalValueTests {
    @Test(arguments: [
        ("2015-07-21", "2015-07-21"), ("20150721", "2015-07-21"), ("2015-07", "2015-07-01"), ("201507", "2015-07-01"),
        ("2015-W30-2", "2015-07-21"), ("2015W302", "2015-07-21"), ("2015-W30", "2015-07-20"), ("2015-202", "2015-07-21"),
        ("2015202", "2015-07-21"), ("2015", "2015-01-01"), ("+10000-01-01", "+10000-01-01"),
    ])
    func datesParseEveryISOForm(text: String, expected: String) throws {
        #expect(try #require(CypherDate(iso: text)).description == expected)
    }

    @Test func badDatesAreRejected() {
        for text in ["2015-13-01", "2015-W54-1", "2015-366", "2015-02-29", "15-07-21", "2015-07-21x", ""] {
            #expect(CypherDate(iso: text) == nil, "\(text)")
        }
    }

    @Test func isoWeeksAndOrdinals() throws {
        let d = try #require(CypherDate(year: 1984, month: 1, day: 1))
        #expect((d.weekYear, d.week, d.dayOfWeek) == (1983, 52, 7))
        let e = try #require(CypherDate(year: 1984, month: 10, day: 11))
        #expect((e.week, e.ordinalDay, e.quarter, e.dayOfQuarter) == (41, 285, 4, 11))
        #expect(CypherDate(year: 2020, month: 1, day: 31)!.adding(months: 1)?.description == "2020-02-29")
        #expect(CypherDate(year: 999_999_999, month: 12, day: 31)!.adding(days: 1) == nil)
        #expect(CypherDate(year: 1_000_000_000, month: 1, day: 1) == nil)
    }

    @Test func timesPrintAsNeo4jDoes() throws {
        #expect(try #require(TemporalParser.localTime("214032.142")).description == "21:40:32.142")
        #expect(try #require(TemporalParser.localTime("21:40")).description == "21:40")
        #expect(try #require(TemporalParser.time("2140-02")).description == "21:40-02:00")
        #expect(try #require(TemporalParser.time("21:40:32+0100")).description == "21:40:32+01:00")
        #expect(TemporalParser.localTime("24:00") == nil)
        #expect(TemporalParser.time("21:40+19:00") == nil)
    }

    @Test func namedZonesResolveFromTheSystemDatabase() throws {
        let summer = try #require(CypherDateTime(iso: "2015-07-21T21:40:32.142[Europe/Stockholm]"))
        #expect(summer.description == "2015-07-21T21:40:32.142+02:00[Europe/Stockholm]")
        let winter = try #require(CypherDateTime(iso: "2015-01-21T21:40[Europe/Stockholm]"))
        #expect(winter.offsetSeconds == 3600)
        #expect(CypherDateTime(iso: "2015-01-21T21:40[Nowhere/Atlantis]") == nil)
    }

    @Test func timesOrderByInstantThenWallClock() throws {
        let a = try #require(TemporalParser.time("12:35:15+05:00")), b = try #require(TemporalParser.time("12:30:14+01:01"))
        #expect(a < b)
        #expect(TemporalParser.time("12:00+01:00") != TemporalParser.time("11:00Z"))
    }

    @Test(arguments: [
        ("P14DT16H12M", "P14DT16H12M"), ("PT0.75M", "PT45S"), ("P0.75M", "P22DT19H51M49.5S"), ("P2.5W", "P17DT12H"),
        ("P2012-02-02T14:37:21.545", "P2012Y2M2DT14H37M21.545S"), ("PT-0.001S", "PT-0.001S"), ("PT0S", "PT0S"),
        ("P1Y-2M", "P10M"), ("PT70S", "PT1M10S"),
    ])
    func durationsParseAndPrint(text: String, expected: String) throws {
        #expect(try #require(CypherDuration(iso: text)).description == expected)
    }

    @Test func oversizedDurationsAreRejectedNotTrapped() {
        #expect(CypherDuration(iso: "P9223372036854775807Y") == nil)
        var b = DurationBuilder()
        b.add(.days, 1e300)
        #expect(b.build() == nil)
        let big = CypherDuration(months: .max, days: 0, seconds: 0, nanoseconds: 0)
        #expect(big.adding(big) == nil && big.multiplied(by: 2) == nil)
    }

    @Test func durationNanosecondsStayNonNegative() {
        let d = CypherDuration(months: 0, days: 0, seconds: -86399, nanoseconds: -900_000_000)
        #expect((d.seconds, d.nanoseconds) == (-86400, 100_000_000))
        #expect(d.description == "PT-23H-59M-59.9S")
    }

    @Test func temporalPropertiesRoundTrip() throws {
        let values: [Value] = [
            .time(TemporalParser.time("21:40:32.142+01:00")!), .localTime(TemporalParser.localTime("21:40")!),
            .localDateTime(TemporalParser.localDateTime("2015-07-21T21:40:32.000000001")!),
            .dateTime(CypherDateTime(iso: "2015-07-21T21:40[Europe/Stockholm]")!),
            .duration(CypherDuration(iso: "P1Y2M3DT4H5M6.7S")!),
            .list([.duration(CypherDuration(iso: "PT1S")!), .duration(CypherDuration(iso: "P1D")!)]),
        ]
        for v in values {
            let text = JSONWriter.string(v.propertyJSON)
            #expect(try Value(propertyJSON: JSONParser.parse(text)) == v, "\(text)")
        }
    }

    @Test func wireTextTellsTheTypeByItsShape() {
        #expect(Value(temporalText: "P1D")?.typeName == "DURATION")
        #expect(Value(temporalText: "2015-07-21T21:40")?.typeName == "LOCALDATETIME")
        #expect(Value(temporalText: "2015-07-21T21:40Z")?.typeName == "DATETIME")
        #expect(Value(temporalText: "21:40")?.typeName == "LOCALTIME")
        #expect(Value(temporalText: "21:40+01:00")?.typeName == "TIME")
        #expect(Value(temporalText: "2015-07-21")?.typeName == "DATE")
    }
}
