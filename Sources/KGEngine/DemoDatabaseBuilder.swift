import Foundation
import KGCore
import KGDatagen
import KGOntology
import KGStore

/// Builds the embedded demo database from `Datasets/` and the generator: the one way the demo data gets in.
///
/// At this stage it holds the real reference data: the 126 Guangxi regions with their
/// hierarchy, aliases and centroids; the 35 department types and 53 hotline intents (ids
/// verbatim from the taxonomy); the 20 industry sections of GB/T 4754-2017; and one office per
/// department type in every region at the levels the department type exists at. Everything is
/// validated by the ontology and written in one transaction into a temporary file that is
/// renamed into place, so a failed build never leaves a half database.
public enum DemoDatabaseBuilder {
    /// What was built.
    public struct Report: Sendable { public var nodes = 0; public var relationships = 0; public var path = "" }

    static let provincePrefix = "广西壮族自治区"

    /// Builds the demo database at `path` (replacing it when `force`) from the `demo` scale of
    /// the generator (`tiny` for tests), seed 1, imported with the ontology on.
    /// - Throws: `DatagenError`, `ImportError`, `StoreError`, `OntologyError`.
    public static func build(at path: String, datasets: String? = nil, force: Bool = false, scale: DatagenScale = .demo, seed: UInt64 = 1) throws -> Report {
        let fm = FileManager.default
        if fm.fileExists(atPath: path), !force {
            throw StoreError(code: ErrorCode("AlreadyExists"), message: "\(path) already exists; pass --force to rebuild it")
        }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let root = try datasets ?? ResourceLocator.datasetsPath()
        let ref = (root as NSString).appendingPathComponent("reference")
        let tmp = path + ".building"
        let generated = path + ".datagen"
        for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: tmp + suffix) }
        try? fm.removeItem(atPath: generated)
        defer { try? fm.removeItem(atPath: generated) }
        let schema = try KnowledgeGraph.loadSchema()
        var report = Report()
        do {
            let catalog = try ReferenceCatalog.load(folder: ref)
            let gen = try DatasetGenerator(configuration: .init(scale: scale, seed: seed, outputFolder: generated), reference: catalog).run()
            let files = (gen.nodeFiles + gen.relationshipFiles).map { (generated as NSString).appendingPathComponent($0) }
            let store = try GraphStore.open(at: tmp, options: .init(createIfMissing: true, schemaModeForNew: .ontology))
            let imported = try GraphImporter.run(store: store, files: files, options: ImportOptions(), schema: schema)
            report.nodes = imported.nodesCreated
            report.relationships = imported.relationshipsCreated
            try store.checkpoint()
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: tmp + suffix) }
            throw error
        }
        for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
        try fm.moveItem(atPath: tmp, toPath: path)
        for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: tmp + suffix) }
        report.path = path
        return report
    }

    static func load(reference ref: String, into writer: BulkWriter) throws {
        func table(_ name: String) throws -> [[String: String]] { try CSVTable.read(path: (ref as NSString).appendingPathComponent(name)).rows }
        let regions = try table("guangxi_regions.csv")
        var aliases: [String: [String]] = [:]
        for a in try table("guangxi_region_aliases.csv") { aliases[a["adcode"]!, default: []].append(a["alias"]!) }
        var regionNode: [String: Int64] = [:]
        var regionLevel: [String: String] = [:]
        var regionName: [String: String] = [:]
        for r in regions {
            let adcode = r["adcode"]!, level = r["level"]!
            let levelLabel = ["province": "Province", "city": "City", "county": "County"][level] ?? "Region"
            var props: [String: Value] = [
                "adcode": .string(adcode), "name": .string(r["name"]!), "level": .string(level),
            ]
            if let lon = Double(r["longitude"] ?? "") { props["longitude"] = .double(lon) }
            if let lat = Double(r["latitude"] ?? "") { props["latitude"] = .double(lat) }
            if let a = aliases[adcode] { props["aliases"] = .list(a.map(Value.string)) }
            regionNode[adcode] = try writer.addNode(externalID: ExternalID(space: "Region", id: adcode), labels: ["Region", levelLabel], properties: props)
            regionLevel[adcode] = level
            regionName[adcode] = r["name"]!
        }
        for r in regions {
            if let parent = r["parent_adcode"], !parent.isEmpty, let p = regionNode[parent] {
                try writer.addRelationship(type: "PART_OF", start: regionNode[r["adcode"]!]!, end: p, properties: [:])
            }
        }
        var deptNode: [String: Int64] = [:]
        let departments = try table("departments.csv")
        for d in departments {
            let levels = d["levels"]!.split(separator: ";").map { Value.string(String($0)) }
            deptNode[d["id"]!] = try writer.addNode(externalID: ExternalID(space: "DepartmentType", id: d["id"]!), labels: ["DepartmentType"],
                                                    properties: ["code": .string(d["id"]!), "name": .string(d["name_zh"]!),
                                                                 "nameEn": .string(d["name_en"]!), "levels": .list(levels)])
        }
        for i in try table("intents.csv") {
            let node = try writer.addNode(externalID: ExternalID(space: "Intent", id: i["id"]!), labels: ["Intent"],
                                          properties: ["code": .string(i["id"]!), "name": .string(i["name_zh"]!),
                                                       "nameEn": .string(i["name_en"]!), "description": .string(i["scope_zh"] ?? "")])
            guard let dept = deptNode[i["department_id"]!] else {
                throw ImportError(code: .missingEndpoint, message: "intent \(i["id"]!) names department type '\(i["department_id"]!)', which departments.csv does not list")
            }
            try writer.addRelationship(type: "HANDLED_BY", start: node, end: dept, properties: [:])
        }
        for s in try table("industries.csv") {
            try writer.addNode(externalID: ExternalID(space: "Industry", id: s["code"]!), labels: ["Industry"],
                               properties: ["code": .string(s["code"]!), "name": .string(s["name_zh"]!), "nameEn": .string(s["name_en"]!)])
        }
        for d in departments {
            let levels = Set(d["levels"]!.split(separator: ";").map(String.init))
            for r in regions where levels.contains(r["level"]!) {
                let adcode = r["adcode"]!
                let code = "\(d["id"]!)-\(adcode)"
                let name = officeName(region: regionName[adcode]!, level: regionLevel[adcode]!, department: d["name_zh"]!)
                let office = try writer.addNode(externalID: ExternalID(space: "Office", id: code), labels: ["Office"],
                                                properties: ["code": .string(code), "name": .string(name), "level": .string(regionLevel[adcode]!)])
                try writer.addRelationship(type: "OF_TYPE", start: office, end: deptNode[d["id"]!]!, properties: [:])
                try writer.addRelationship(type: "LOCATED_IN", start: office, end: regionNode[adcode]!, properties: [:])
            }
        }
    }

    /// The usual name of a department in a region: 广西壮族自治区教育厅, 南宁市教育局,
    /// 南宁市人民政府办公室, 青秀区行政审批局.
    static func officeName(region: String, level: String, department: String) -> String {
        var base = department
        if base.hasSuffix("厅(局)") {
            base = String(base.dropLast(4)) + (level == "province" ? "厅" : "局")
        } else if base.hasSuffix("办公室(厅)") {
            base = String(base.dropLast(6)) + (level == "province" ? "办公厅" : "办公室")
        } else if let open = base.firstIndex(of: "(") {
            base = String(base[..<open])
        }
        return region + base
    }
}
