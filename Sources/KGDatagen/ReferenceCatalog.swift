import Foundation
import KGCore
import KGStore

/// The real reference data the generator builds on (`Datasets/reference`): regions and their
/// names, department types, intents, industry sections and divisions, and the policy library.
public struct ReferenceCatalog: Sendable {
    public struct Department: Sendable { public let id, name, nameEn: String; public let levels: [String] }
    public struct Intent: Sendable { public let id, name, nameEn, department, scope: String }
    public struct Industry: Sendable { public let code, name, nameEn: String; public let section: String? }

    public let places: PlaceNames
    public let departments: [Department]
    public let intents: [Intent]
    public let sections: [Industry]
    public let divisions: [Industry]
    /// The policy library, one JSON object per line (see `Datasets/reference/README`).
    public let policyLines: [String]

    /// Reads `folder` (the `Datasets/reference` folder).
    public static func load(folder: String) throws -> ReferenceCatalog {
        func table(_ name: String) throws -> CSVTable {
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else {
                throw DatagenError(code: .resourcesMissing, message: "missing reference file \(path); run from the repository or set GOVBRAIN_HOME")
            }
            return try CSVTable.read(path: path)
        }
        var aliases: [String: [String]] = [:]
        for r in try table("guangxi_region_aliases.csv").rows { aliases[r["adcode"] ?? "", default: []].append(r["alias"] ?? "") }
        var regions: [PlaceNames.Region] = []
        for r in try table("guangxi_regions.csv").rows {
            let adcode = r["adcode"] ?? "", name = r["name"] ?? ""
            var mentions = [name]
            if let short = PlaceNames.shortForm(name), short.count >= 2 { mentions.append(short) }
            for a in aliases[adcode] ?? [] where !mentions.contains(a) { mentions.append(a) }
            regions.append(PlaceNames.Region(adcode: adcode, name: name, level: r["level"] ?? "", parent: (r["parent_adcode"] ?? "").isEmpty ? nil : r["parent_adcode"],
                                             longitude: Double(r["longitude"] ?? "") ?? 0, latitude: Double(r["latitude"] ?? "") ?? 0, mentions: mentions))
        }
        let departments = try table("departments.csv").rows.map {
            Department(id: $0["id"] ?? "", name: $0["name_zh"] ?? "", nameEn: $0["name_en"] ?? "",
                       levels: ($0["levels"] ?? "").split(separator: ";").map(String.init))
        }
        let intents = try table("intents.csv").rows.map {
            Intent(id: $0["id"] ?? "", name: $0["name_zh"] ?? "", nameEn: $0["name_en"] ?? "", department: $0["department_id"] ?? "", scope: $0["scope_zh"] ?? "")
        }
        let sections = try table("industries.csv").rows.map { Industry(code: $0["code"] ?? "", name: $0["name_zh"] ?? "", nameEn: $0["name_en"] ?? "", section: nil) }
        let divisions = try table("industry_divisions.csv").rows.map {
            Industry(code: $0["code"] ?? "", name: $0["name_zh"] ?? "", nameEn: $0["name_en"] ?? "", section: $0["section"])
        }
        let policyPath = (folder as NSString).appendingPathComponent("policies.jsonl")
        let policyLines = (try? String(contentsOfFile: policyPath, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        return ReferenceCatalog(places: PlaceNames(regions: regions), departments: departments, intents: intents,
                                sections: sections, divisions: divisions, policyLines: policyLines)
    }
}
