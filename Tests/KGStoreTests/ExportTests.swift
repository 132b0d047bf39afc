import Foundation
import Testing
import KGCore
@testable import KGStore
import KGDatagen
import KGEngine
import GovDemo
import GovBrainTestSupport

@Suite struct ExportTests {
    /// Export in each format, import into a new store: the same graph comes back.
    @Test(arguments: [ExportFormat.csv, .graphml, .jsonl])
    func roundTrip(_ format: ExportFormat) throws {
        let dir = try TempDir()
        let demo = dir.path("demo.sqlite")
        try TinyDemo.copy(to: demo)
        let source = try GraphStore.open(at: demo)
        let out = dir.path(format == .csv ? "csv" : "out.\(format.rawValue)")
        let report = try GraphExporter.run(store: source, format: format, out: out)
        let files = format == .csv ? report.files : [out]
        let copy = try Fixtures.open(dir.path("copy.sqlite"))
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
