import Foundation
import Testing
import KGCore
@testable import KGStore

/// Seeded mutations of valid CSV, GraphML and JSON Lines files through the importer (issue 22):
/// an error is fine, a crash is not, and a failed import leaves the store exactly as it was.
/// GOVBRAIN_FUZZ_ITERATIONS scales the count (the default keeps the suite fast; the README's
/// long run uses 20,000).
@Suite struct ReaderFuzzTests {
    static var iterations: Int { (Int(ProcessInfo.processInfo.environment["GOVBRAIN_FUZZ_ITERATIONS"] ?? "") ?? 20_000) / 50 }

    static let seeds: [(String, String)] = [
        ("csv", "adcode:ID(Region),name,level,longitude:float,tags:string[],:LABEL\n450100,南宁市,city,108.3,a;b,Region;City\n450103,\"青秀,区\",county,108.4,,Region;County\n"),
        ("csv", ":START_ID(Region),:END_ID(Region),:TYPE,since:int\n450103,450100,PART_OF,2020\n"),
        ("graphml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
        <key id="d0" for="node" attr.name="name" attr.type="string"/>
        <key id="d1" for="edge" attr.name="weight" attr.type="double"/>
        <graph edgedefault="directed"><node id="a"><data key="d0">南宁</data></node><node id="b"/>
        <edge source="a" target="b"><data key="d1">0.5</data></edge></graph></graphml>
        """),
        ("jsonl", """
        {"type":"node","id":"450100","space":"Region","labels":["Region","City"],"properties":{"adcode":"450100","name":"南宁市","latitude":22.8}}
        {"type":"node","id":"450103","space":"Region","labels":["Region","County"],"properties":{"adcode":"450103","name":"青秀区"}}
        {"type":"relationship","label":"PART_OF","start":{"id":"450103","space":"Region"},"end":{"id":"450100","space":"Region"},"properties":{}}
        """),
    ]

    static let noise: [UInt8] = Array("\",;:\n\r<>/=&{}[]\\0x9é中\u{0}".utf8) + [0xFF, 0xC3, 0x80]

    @Test func mutatedFilesNeverCrashTheImporterNorHalfImport() throws {
        let dir = try TempDir()
        var rng = SplitMix64(seed: 20261206)
        var imported = 0
        for mode in [SchemaMode.off, .ontology] {
            let store = try Fixtures.open(dir.path("g-\(mode).sqlite"), mode: mode)
            for i in 0..<Self.iterations {
                let (ext, seed) = Self.seeds[i % Self.seeds.count]
                var bytes = Array(seed.utf8)
                for _ in 0..<Int.random(in: 1...6, using: &rng) {
                    let k = Int.random(in: 0..<max(1, bytes.count), using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: if !bytes.isEmpty { bytes.remove(at: k) }
                    case 1: bytes.insert(Self.noise.randomElement(using: &rng)!, at: min(k, bytes.count))
                    case 2: if !bytes.isEmpty { bytes.swapAt(k, Int.random(in: 0..<bytes.count, using: &rng)) }
                    default: bytes.insert(contentsOf: bytes[k..<min(bytes.count, k + Int.random(in: 1...40, using: &rng))], at: k)
                    }
                }
                let path = try dir.write("f\(i).\(ext)", bytes: bytes)
                let before = try Fixtures.fingerprint(store)
                do {
                    _ = try GraphImporter.run(store: store, files: [path], options: .init(), schema: Fixtures.schema)
                    imported += 1
                } catch is any GovBrainError {
                    #expect(try Fixtures.fingerprint(store) == before, "a failed import of \(ext) #\(i) changed the store")
                }
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        #expect(imported > 0, "some mutations should still import")
    }
}
