import Foundation
import Testing
import KGCore
import KGEngine
import GovDemo
import KGDatagen

/// The demo database: the reference data in, the build refused over an existing file.
@Suite struct DemoTests {
    @Test func demoDatabaseHoldsTheReferenceData() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("govdemo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try DemoDatabaseBuilder.build(at: dir.appendingPathComponent("demo.sqlite").path, scale: .tiny, vectors: .none)
        let store = try KnowledgeGraph.open(path: report.path)
        let s = try store.statistics()
        #expect(s.nodesByLabel["Region"] == 126)
        #expect(s.nodesByLabel["County"] == 111)
        #expect(s.nodesByLabel["DepartmentType"] == 35)
        #expect(s.nodesByLabel["Intent"] == 53)
        #expect(s.nodesByLabel["Industry"] == 71, "20 sections and 51 divisions")
        #expect(s.nodesByLabel["Enterprise"] == 1000)
        #expect(s.nodesByLabel["WorkOrder"] == 1500)
        #expect((s.nodesByLabel["Policy"] ?? 0) >= 300)
        #expect(s.relationshipsByType["PART_OF"] == 125)
        #expect(s.nodesByLabel["Office"] == s.relationshipsByType["OF_TYPE"])
        let qingxiu = try #require(try store.nodeID(label: "Region", key: "adcode", value: .string("450103")) as Int64?)
        #expect(try store.node(id: qingxiu)?.properties["name"] == .string("青秀区"))
        let office = try #require(try store.nodeID(label: "Office", key: "code", value: .string("market-450103")))
        #expect(try store.node(id: office)?.properties["name"] == .string("青秀区市场监督管理局"))
        let provincial = try #require(try store.nodeID(label: "Office", key: "code", value: .string("edu-450000")))
        #expect(try store.node(id: provincial)?.properties["name"] == .string("广西壮族自治区教育厅"))
        #expect { try DemoDatabaseBuilder.build(at: report.path, scale: .tiny, vectors: .none) } throws: { "\($0)".contains("--force") }
        #expect(try store.integrityCheck() == ["ok"])
    }
}

/// The demo build never writes into the tracked `Models/` folder: a text encoder it must train
/// goes beside the database.
@Suite struct DemoEncoderPathTests {
    @Test func aMissingEncoderIsTrainedBesideTheDatabase() throws {
        let path = try DemoDatabaseBuilder.defaultTextEncoderPath(database: "/srv/govbrain/demo.sqlite")
        let shipped = ((try ResourceLocator.modelsPath()) as NSString).appendingPathComponent("text-encoder/model.bin")
        if FileManager.default.fileExists(atPath: shipped) {
            #expect(path == shipped, "an encoder already in Models/ is used as it is")
        } else {
            #expect(path == "/srv/govbrain/models/text-encoder/model.bin")
        }
        let relative = try DemoDatabaseBuilder.defaultTextEncoderPath(database: "demo.sqlite")
        #expect(relative == shipped || relative == "./models/text-encoder/model.bin")
    }
}
