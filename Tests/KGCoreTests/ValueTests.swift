import Testing
@testable import KGCore

@Suite struct ValueTests {
    @Test func propertyEncodingRoundTrips() throws {
        let values: [Value] = [
            .null, .bool(true), .int(-42), .double(2.5), .double(1), .string("桂政办发〔2021〕86号"),
            .list([.int(1), .int(2)]), .date(CypherDate(year: 2021, month: 3, day: 1)!),
            .dateTime(CypherDateTime(iso: "2021-03-01T08:30:00+08:00")!), .double(.infinity),
        ]
        for v in values {
            let text = JSONWriter.string(v.propertyJSON)
            #expect(try Value(propertyJSON: JSONParser.parse(text)) == v, "\(text)")
        }
    }

    @Test func datesFollowTheCalendar() {
        #expect(CypherDate(iso: "2024-02-29") != nil)
        #expect(CypherDate(iso: "2023-02-29") == nil)
        #expect(CypherDate(iso: "2021-13-01") == nil)
        let d = CypherDate(year: 1999, month: 12, day: 31)!
        #expect(CypherDate(daysSinceEpoch: d.daysSinceEpoch) == d)
        #expect(CypherDate(iso: "1970-01-01")!.daysSinceEpoch == 0)
        #expect(d.description == "1999-12-31")
    }

    @Test func dateTimesKeepOffsetAndInstant() throws {
        let t = try #require(CypherDateTime(iso: "2015-07-21T21:40:32.142+01:00"))
        #expect(t.description == "2015-07-21T21:40:32.142+01:00")
        let utc = try #require(CypherDateTime(iso: "2015-07-21T20:40:32.142Z"))
        #expect(utc.epochSeconds == t.epochSeconds)
        #expect(CypherDateTime(iso: "2015-07-21T25:00") == nil)
        // A date alone is midnight UTC, as Neo4j's datetime('2015-07-21') reads it.
        #expect(CypherDateTime(iso: "2015-07-21")?.description == "2015-07-21T00:00Z")
    }

    @Test func storablePropertiesAreScalarsOrFlatLists() {
        #expect(Value.list([.int(1), .string("a")]).isStorableProperty)
        #expect(!Value.map(["a": .int(1)]).isStorableProperty)
        #expect(!Value.list([.list([])]).isStorableProperty)
    }
}
