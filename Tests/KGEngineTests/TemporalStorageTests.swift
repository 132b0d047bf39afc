import Foundation
import GovBrainTestSupport
import Testing
import KGCore
import KGEngine

/// Temporal properties through the store: written by Cypher, read back after reopening, sorted
/// through property columns, and carried by JSON Lines and CSV export and import.
@Suite struct TemporalStorageTests {
    static let create = """
    CREATE (:Deadline {id: 'a', d: date('2015-07-21'), t: time('21:40:32.142+01:00'), lt: localtime('12:31:14.645876123'),
                       ldt: localdatetime('2015-W30-2T214032.142'), dt: datetime('2015-07-21T21:40:32.142[Europe/Stockholm]'),
                       dur: duration('P1Y2M3DT4H5M6.7S'), durs: [duration('PT1S'), duration('P-1D')]}),
           (:Deadline {id: 'b', d: date('1984-10-11'), t: time('10:00Z'), lt: localtime('00:00'),
                       ldt: localdatetime('1984-10-11T12:00'), dt: datetime('1984-10-11T12:00-08:00'),
                       dur: duration('PT0S'), durs: []})
    """

    static let expected: [String: [Value]] = [
        "d": [.date(CypherDate(iso: "1984-10-11")!), .date(CypherDate(iso: "2015-07-21")!)],
        "t": [.time(TemporalParser.time("10:00Z")!), .time(TemporalParser.time("21:40:32.142+01:00")!)],
        "lt": [.localTime(TemporalParser.localTime("00:00")!), .localTime(TemporalParser.localTime("12:31:14.645876123")!)],
        "ldt": [.localDateTime(TemporalParser.localDateTime("1984-10-11T12:00")!), .localDateTime(TemporalParser.localDateTime("2015-07-21T21:40:32.142")!)],
        "dt": [.dateTime(CypherDateTime(iso: "1984-10-11T12:00-08:00")!), .dateTime(CypherDateTime(iso: "2015-07-21T21:40:32.142+02:00[Europe/Stockholm]")!)],
        "dur": [.duration(.zero), .duration(CypherDuration(iso: "P1Y2M3DT4H5M6.7S")!)],
    ]

    private static func column(_ kg: KnowledgeGraph, _ key: String) throws -> [Value] {
        var values: [Value] = []
        try kg.query("MATCH (n:Deadline) RETURN n.\(key) AS v ORDER BY v") { row, _ in values.append(row[0]) }
        return values
    }

    private static func open(_ site: TestStoreSite, _ name: String) throws -> KnowledgeGraph {
        try KnowledgeGraph.open(path: try site.location(name), options: .init(createIfMissing: true, schemaModeForNew: .off))
    }

    @Test(arguments: TestBackend.all)
    func propertiesSurviveReopeningAndSortThroughColumns(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        do { try Self.open(site, "g").query(Self.create) { _, _ in } }
        let kg = try Self.open(site, "g")
        for (key, values) in Self.expected { #expect(try Self.column(kg, key) == values, "\(key)") }
        var top: [Value] = []
        try kg.query("MATCH (n:Deadline) RETURN n.dt AS v ORDER BY n.dt DESC LIMIT 1") { row, _ in top.append(row[0]) }
        #expect(top == [Self.expected["dt"]![1]])
        var hit: [Value] = []
        try kg.query("MATCH (n:Deadline) WHERE n.dur = duration({years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6.7}) RETURN n.id") { row, _ in hit.append(row[0]) }
        #expect(hit == [.string("a")])
    }

    @Test(arguments: [ExportFormat.jsonl, .csv], TestBackend.all)
    func exportAndImportKeepEveryType(_ format: ExportFormat, _ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let source = try Self.open(site, "source")
        try source.query(Self.create) { _, _ in }
        let out = site.path(format == .csv ? "csv" : "out.jsonl")
        let report = try source.export(format: format, to: out)
        let copy = try Self.open(site, "copy")
        _ = try copy.importFiles(format == .csv ? report.files : [out], options: .init())
        for (key, values) in Self.expected { #expect(try Self.column(copy, key) == values, "\(format) \(key)") }
        var lists: [Value] = []
        try copy.query("MATCH (n:Deadline {id: 'a'}) RETURN n.durs") { row, _ in lists.append(row[0]) }
        #expect(lists == [.list([.duration(CypherDuration(iso: "PT1S")!), .duration(CypherDuration(iso: "P-1D")!)])])
    }
}
