import Foundation
import KGCore
import KGEngine
import KGOntology
@testable import KGStore

/// A temporary folder removed at the end of a test.
final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kgstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes a file and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: url.appendingPathComponent(name))
        return path(name)
    }
}

enum Fixtures {
    static func path(_ name: String) -> String { Bundle.module.path(forResource: "Fixtures/\(name)", ofType: nil)! }

    static let schema: GraphSchema = try! KnowledgeGraph.loadSchema()

    /// A small ontology-valid graph as neo4j-admin CSV files.
    static func writeValidCSV(in dir: TempDir) throws -> [String] {
        [
            try dir.write("regions.csv", "adcode:ID(Region),name,level,:LABEL\n450100,南宁市,city,Region;City\n450103,青秀区,county,Region;County\n"),
            try dir.write("enterprises.csv", "uscc:ID(Enterprise),name,regCapital:float,registeredOn:date,scale,:LABEL\n"
                          + "91450100MA5L6XX21P,\"南宁青秀某某科技有限公司\",500,2019-05-06,small,Enterprise\n"),
            try dir.write("located.csv", ":START_ID(Enterprise),:END_ID(Region),:TYPE\n91450100MA5L6XX21P,450103,LOCATED_IN\n"),
            try dir.write("part_of.csv", ":START_ID(Region),:END_ID(Region),:TYPE\n450103,450100,PART_OF\n"),
        ]
    }

    static func open(_ path: String, create: Bool = true, mode: SchemaMode = .ontology) throws -> GraphStore {
        try GraphStore.open(at: path, options: .init(createIfMissing: create, schemaModeForNew: mode))
    }

    /// Everything observable about a store, to compare before and after a failed write.
    static func fingerprint(_ store: GraphStore) throws -> String {
        var out = ""
        func props(_ p: [String: Value]) -> String {
            p.keys.sorted().map { "\($0)=\(JSONWriter.string(p[$0]!.propertyJSON))" }.joined(separator: ",")
        }
        try store.forEachNode { out += "\($0.id) \($0.labels) \(String(describing: $0.externalID)) \(props($0.properties))\n" }
        try store.forEachRelationship { out += "\($0.id) \($0.type) \($0.start) \($0.end) \(props($0.properties))\n" }
        return out + "\(try store.statistics().json)"
    }
}
