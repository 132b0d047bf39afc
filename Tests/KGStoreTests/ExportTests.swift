import Foundation
import Testing
import KGCore
@testable import KGStore
import KGDatagen
import KGEngine
import GovDemo
import GovBrainTestSupport

@Suite struct ExportTests {
    /// Every format on SQLite; JSON Lines on PostgreSQL too (the formats' code is the same on both
    /// backends; one round trip of the tiny demo keeps the PostgreSQL run short).
    static let cases: [(ExportFormat, TestBackend)] = [(.csv, .sqlite), (.graphml, .sqlite), (.jsonl, .sqlite)]
        + (TestBackend.all.contains(.postgres) ? [(.jsonl, .postgres)] : [])

    /// Export in each format, import into a new store: the same graph comes back. On PostgreSQL
    /// the tiny demo is loaded first from its JSON Lines export (an import through `COPY` too).
    @Test(arguments: cases)
    func roundTrip(_ format: ExportFormat, _ backend: TestBackend) throws {
        let dir = try TempDir(), site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let demo = dir.path("demo.sqlite")
        try TinyDemo.copy(to: demo)
        var source = try GraphStore.open(at: demo)
        if backend == .postgres {
            _ = try GraphExporter.run(store: source, format: .jsonl, out: dir.path("demo.jsonl"))
            source = try site.open("source")
            _ = try GraphImporter.run(store: source, files: [dir.path("demo.jsonl")], options: .init(), schema: Fixtures.schema)
        }
        let out = dir.path(format == .csv ? "csv" : "out.\(format.rawValue)")
        let report = try GraphExporter.run(store: source, format: format, out: out)
        let files = format == .csv ? report.files : [out]
        let copy = try site.open("copy")
        _ = try GraphImporter.run(store: copy, files: files, options: .init(), schema: Fixtures.schema)
        let a = try source.statistics(), b = try copy.statistics()
        #expect(a.nodesByLabel == b.nodesByLabel)
        #expect(a.relationshipsByType == b.relationshipsByType)
        #expect(a.nodePropertyKeys == b.nodePropertyKeys)
        // Same properties on every node, matched by external id (nodes the service created, such as
        // risk alerts, have none and are matched by their properties).
        // A node's labels and properties as one hashable key (a dictionary, not a scan per node:
        // the scan made this test quadratic in the demo's ~12,000 nodes).
        struct Content: Hashable { let labels: [String]; let properties: [String: Value] }
        var original: [ExternalID: StoredNode] = [:], byContent: [Content: StoredNode] = [:]
        try source.forEachNode {
            original[$0.externalID ?? ExternalID(space: "(created)", id: String($0.id))] = $0
            byContent[Content(labels: $0.labels, properties: $0.properties)] = $0
        }
        var compared = 0
        try copy.forEachNode { n in
            let key = n.externalID.map { format == .graphml ? ExternalID(space: "Region", id: $0.id) : $0 } ?? ExternalID(space: "(created)", id: String(n.id))
            if let o = original[key] ?? byContent[Content(labels: n.labels, properties: n.properties)] {
                #expect(o.properties == n.properties && o.labels == n.labels)
                compared += 1
            }
        }
        #expect(compared == a.nodeCount)
    }
}
