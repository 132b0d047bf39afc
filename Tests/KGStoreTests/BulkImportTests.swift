import Foundation
import Testing
import KGCore
@testable import KGStore

/// The free-form bulk path: the CSV reader's in-place fast path, rows encoded without
/// dictionaries, external ids by integer value, relationships written in start-node order. Each
/// test compares with the general path or with values written out by hand.
@Suite struct BulkImportTests {
    /// Free-form CSV with what the fast path must hand over or get right: quotes, a field over
    /// two lines, CRLF, blank lines, arrays, dates, empty values, two label columns, ids that
    /// are equal as numbers but not as text (7 and 007), an id property.
    static let nodes = "id:ID(P),name,score:float,born:date,tags:string[],:LABEL,:LABEL\r\n"
        + "7,张三,1.5,1990-01-02,a;b,Person,Synthetic\r\n"
        + "007,\"Li, \"\"Si\"\"\",2,,,Person,\r\n"
        + "\r\n"
        + "8,\"two\nlines\",,2001-12-31,c,Person;Staff,\n"
        + "-3,neg,-0.25,,,,\n"
        + "12345678901234567890,big,1e-05,,,Person,\n"
    static let rels = ":START_ID(P),:END_ID(P),:TYPE,w:int,since:date\n"
        + "8,7,KNOWS,3,2020-01-01\n"
        + "7,8,KNOWS,,\n"
        + "007,-3,\"KNOWS\",1,\n"
        + "-3,7,LIKES,2,\n"
        + "7,007,KNOWS,5,2021-06-30"

    private func load(_ files: [String], at path: String, fast: Bool, rejects: String? = nil) throws -> (GraphStore, ImportReport) {
        let store = try Fixtures.open(path, mode: .off)
        var options = ImportOptions(rejectsPath: rejects)
        options.csvFastPath = fast
        let report = try GraphImporter.run(store: store, files: files, options: options, schema: Fixtures.schema)
        return (store, report)
    }

    @Test func fastPathWritesTheSameGraphAsTheGeneralPath() throws {
        let dir = try TempDir()
        let files = [try dir.write("n.csv", Self.nodes), try dir.write("r.csv", Self.rels)]
        let (fast, fastReport) = try load(files, at: dir.path("fast.sqlite"), fast: true)
        let (general, generalReport) = try load(files, at: dir.path("general.sqlite"), fast: false)
        #expect(fastReport == generalReport)
        #expect(fastReport.nodesCreated == 5 && fastReport.relationshipsCreated == 5)
        #expect(try Fixtures.fingerprint(fast) == Fixtures.fingerprint(general))

        let seven = try #require(try fast.nodeID(external: ExternalID(space: "P", id: "7")))
        let oh = try #require(try fast.nodeID(external: ExternalID(space: "P", id: "007")))
        #expect(seven != oh)
        let li = try #require(try fast.node(id: oh))
        #expect(li.properties == ["id": .string("007"), "name": .string("Li, \"Si\""), "score": .double(2)])
        #expect(li.labels == ["Person"])
        let zhang = try #require(try fast.node(id: seven))
        #expect(zhang.labels == ["Person", "Synthetic"])
        #expect(zhang.properties["tags"] == .list([.string("a"), .string("b")]))
        #expect(zhang.properties["born"] == .date(CypherDate(year: 1990, month: 1, day: 2)!))
        let eightID = try #require(try fast.nodeID(external: ExternalID(space: "P", id: "8")))
        let eight = try #require(try fast.node(id: eightID))
        #expect(eight.properties["name"] == .string("two\nlines"))
        #expect(eight.labels == ["Person", "Staff"])
        let big = try #require(try fast.nodeID(external: ExternalID(space: "P", id: "12345678901234567890")))
        #expect(try fast.node(id: big)?.properties["score"] == .double(0.00001))
        // A node file without labels falls back to its id space.
        let negID = try #require(try fast.nodeID(external: ExternalID(space: "P", id: "-3")))
        let neg = try #require(try fast.node(id: negID))
        #expect(neg.labels == ["P"])

        let stats = try fast.statistics()
        #expect(stats.relationshipPropertyKeys["KNOWS"] == ["since", "w"])
        #expect(stats.relationshipPropertyKeys["LIKES"] == ["w"])
        #expect(stats.nodePropertyKeys["Staff"] == ["born", "id", "name", "tags"])
    }

    /// Relationship files cut into many stretches parsed in parallel (with bad rows, reader
    /// errors and rejects among them) load exactly as the sequential general path loads them.
    @Test func parallelStretchesLoadLikeTheSequentialPath() throws {
        let dir = try TempDir()
        var nodes = "id:ID(N),name\n"
        for i in 0..<500 { nodes += "\(i),n\(i)\n" }
        var rels: [UInt8] = Array(":START_ID(N),:END_ID(N),:TYPE,w:float,tags:string[]\r\n".utf8)
        for i in 0..<3_000 {
            let row: String
            switch i % 97 {
            case 5: row = "\(i % 500),999,T\(i % 3),1,a"        // missing end node
            case 11: row = "\(i % 500),\(i % 7),T1,east,"        // bad float
            case 17: row = "\(i % 500),\(i % 7), ,2,"            // no type
            case 23: row = "\(i % 500),\(i % 7),T2,3"            // wrong width
            default: row = "\(i % 500),\((i * 31) % 500),T\(i % 3),\(Double(i) / 4),\(i % 2 == 0 ? "x;y" : "")"
            }
            rels += Array(row.utf8) + (i % 50 == 0 ? [13, 10] : [10])
            if i == 1_500 { rels += Array("7,8,T0,".utf8) + [0xC4, 0xCF] + Array(",\n".utf8) }  // not UTF-8
        }
        let files = [try dir.write("n.csv", nodes), try dir.write("r.csv", bytes: rels)]
        var fingerprints: [String] = []
        var rejected: [String] = []
        for (name, fast, chunk) in [("parallel", true, 512), ("one", true, 1 << 30), ("general", false, 1 << 30)] {
            let store = try Fixtures.open(dir.path("\(name).sqlite"), mode: .off)
            var options = ImportOptions(rejectsPath: dir.path("\(name).rejects"))
            options.csvFastPath = fast
            options.csvChunkBytes = chunk
            let report = try GraphImporter.run(store: store, files: files, options: options, schema: Fixtures.schema)
            #expect(report.rejected == 4 * 31 + 1, "\(name)")
            fingerprints.append(try Fixtures.fingerprint(store))
            rejected.append(try String(contentsOfFile: dir.path("\(name).rejects"), encoding: .utf8))
        }
        #expect(fingerprints[0] == fingerprints[1] && fingerprints[1] == fingerprints[2])
        #expect(rejected[0] == rejected[1] && rejected[1] == rejected[2])
        #expect(CSVChunk.plan(path: files[1], from: 0, firstLine: 1, target: 512).count > 50)
    }

    @Test func relationshipIDsFollowStartNodeOrder() throws {
        let dir = try TempDir()
        let files = [try dir.write("n.csv", Self.nodes), try dir.write("r.csv", Self.rels)]
        let (store, _) = try load(files, at: dir.path("g.sqlite"), fast: true)
        var rels: [StoredRelationship] = []
        try store.forEachRelationship { rels.append($0) }
        let keys = rels.sorted { $0.id < $1.id }.map { [$0.start, $0.end] }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(Set(rels.map(\.id)) == Set(0..<5))
    }

    /// Bad rows in a free-form import: the same error (code, line, column) as the general path,
    /// and with a rejects file the rest loads.
    @Test(arguments: [
        ("quote.csv", "id:ID(P),name\n1,a\n2,\"open\n", ErrorCode.unterminatedQuote, 3, nil),
        ("width.csv", "id:ID(P),name\n1,a\n2,b,c\n3,d\n", ErrorCode.wrongColumnCount, 3, 2),
        ("dup.csv", "id:ID(P),name\n1,a\n01,b\n1,c\n2,d\n", ErrorCode.duplicateID, 4, 3),
        ("float.csv", "id:ID(P),x:float\n1,1.5\n2,east\n3,2\n", ErrorCode.badValue, 3, 2),
        ("emptyid.csv", "id:ID(P),name\n1,a\n,b\n3,c\n", ErrorCode.badValue, 3, 2),
    ])
    func badFreeFormRowsAreReportedLikeTheGeneralPath(_ name: String, _ text: String, _ code: ErrorCode, _ line: Int, _ loaded: Int?) throws {
        let dir = try TempDir()
        let file = try dir.write(name, text)
        var errors: [String] = []
        for fast in [true, false] {
            let store = try Fixtures.open(dir.path("\(fast)-\(name).sqlite"), mode: .off)
            var options = ImportOptions()
            options.csvFastPath = fast
            do {
                _ = try GraphImporter.run(store: store, files: [file], options: options, schema: Fixtures.schema)
                Issue.record("expected \(code)")
            } catch let e as ImportError {
                #expect(e.code == code, "\(e)")
                #expect(e.location?.line == line, "\(e)")
                errors.append(e.description)
            }
            #expect(try store.statistics().nodeCount == 0)
        }
        #expect(errors.count == 2 && errors[0] == errors[1])
        // With a rejects file the other rows load; a quote never closed swallows the rest of the
        // file, so that import still fails.
        guard let loaded else {
            #expect(throws: ImportError.self) { try load([file], at: dir.path("skip.sqlite"), fast: true, rejects: dir.path("rejects.txt")) }
            return
        }
        let (store, report) = try load([file], at: dir.path("skip.sqlite"), fast: true, rejects: dir.path("rejects.txt"))
        #expect(report.rejected == 1 && report.nodesCreated == loaded)
        #expect(try store.statistics().nodeCount == loaded)
    }

    @Test func missingEndpointsAndTypesAreReportedLikeTheGeneralPath() throws {
        let dir = try TempDir()
        let nodes = try dir.write("n.csv", "id:ID(P)\n1\n2\n")
        let rels = try dir.write("r.csv", ":START_ID(P),:END_ID(P),:TYPE\n1,2,A\n1,9,A\n2,1, \n2,1,B\n")
        for fast in [true, false] {
            let store = try Fixtures.open(dir.path("\(fast).sqlite"), mode: .off)
            var options = ImportOptions(rejectsPath: dir.path("\(fast).rejects"))
            options.csvFastPath = fast
            let report = try GraphImporter.run(store: store, files: [nodes, rels], options: options, schema: Fixtures.schema)
            #expect(report.rejected == 2 && report.relationshipsCreated == 2)
            let text = try String(contentsOfFile: dir.path("\(fast).rejects"), encoding: .utf8)
            #expect(text.contains("r.csv:3") && text.contains("end node '9' (id space P) does not exist"), "\(text)")
            #expect(text.contains("r.csv:4") && text.contains("relationship has no type"), "\(text)")
        }
    }

    @Test func invalidUTF8OnTheFastPathIsRejectedAndTheReaderMovesOn() throws {
        let dir = try TempDir()
        let bytes = Array("id:ID(P),name\n1,ok\n2,".utf8) + [0xC4, 0xCF, 0xC4] + Array("\n3,fine\n".utf8)
        let file = try dir.write("gbk.csv", bytes: bytes)
        let (store, report) = try load([file], at: dir.path("g.sqlite"), fast: true, rejects: dir.path("rejects.txt"))
        #expect(report.rejected == 1 && report.nodesCreated == 2)
        #expect(try store.nodeID(external: ExternalID(space: "P", id: "3")) != nil)
        let text = try String(contentsOfFile: dir.path("rejects.txt"), encoding: .utf8)
        #expect(text.contains("gbk.csv:3") && text.contains("not valid UTF-8"), "\(text)")
    }

    @Test func readerHandlesLinesLongerThanItsBufferAndOldLineEndings() throws {
        let dir = try TempDir()
        let long = String(repeating: "长", count: 700_000)  // 2.1 MB, over the 1 MiB buffer
        let file = try dir.write("long.csv", "a,b\n1,\(long)\n2,short\r3,cr\r\n\n4,\"q\"\n5,end")
        let reader = try CSVReader(path: file)
        var rows: [[String]] = []
        var lines: [Int] = []
        var record: [String] = []
        while try reader.next(into: &record) { rows.append(record); lines.append(reader.recordLine) }
        #expect(rows.count == 6)
        #expect(rows[1] == ["1", long])
        #expect(rows[2] == ["2", "short"] && rows[3] == ["3", "cr"])
        #expect(rows[4] == ["4", "q"] && rows[5] == ["5", "end"])
        #expect(lines == [1, 2, 3, 4, 6, 7])
    }

    @Test func externalIDMapKeepsNumbersAndTextsApart() {
        #expect(ExternalIDMap.canonicalInteger("0") == 0)
        #expect(ExternalIDMap.canonicalInteger("42") == 42)
        #expect(ExternalIDMap.canonicalInteger("-7") == -7)
        for text in ["007", "+1", " 1", "1 ", "-0", "-", "", "1e3", "123456789012345678901", "٣"] {
            #expect(ExternalIDMap.canonicalInteger(text) == nil, "\(text)")
        }
        var map = ExternalIDMap()
        #expect(map.insertNew("7", node: 1) == nil)
        #expect(map.insertNew("007", node: 2) == nil)
        #expect(map.insertNew("7", node: 3) == 1)
        #expect(map.insertNew("900000000000", node: 4) == nil)  // far beyond the dense range
        for i in 0..<200_000 { map.set(String(i + 10), node: Int64(i + 100)) }
        #expect(map["7"] == 1 && map["007"] == 2 && map["900000000000"] == 4)
        #expect(map["10"] == 100 && map["200009"] == 200_099 && map["200010"] == nil)
        map.remove("7")
        #expect(map["7"] == nil && map["007"] == 2)
        #expect(map.insertNew("7", node: 5) == nil)
    }
}
