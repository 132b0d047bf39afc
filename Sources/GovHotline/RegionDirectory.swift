import Foundation
import KGCore
import KGEngine
import KGML

/// Loads the regions a `PlaceResolver` knows: from the graph's `Region` nodes (name, level,
/// aliases, `PART_OF` parent) for the service, or from the reference tables
/// (`Datasets/reference/guangxi_regions.csv` and `guangxi_region_aliases.csv`) for training.
public enum RegionDirectory {
    /// The regions of the graph.
    public static func fromGraph(_ graph: KnowledgeGraph) throws -> PlaceResolver {
        var regions: [PlaceResolver.Region] = []
        try graph.query("MATCH (r:Region) OPTIONAL MATCH (r)-[:PART_OF]->(p:Region) RETURN r.adcode, r.name, r.level, r.aliases, p.adcode ORDER BY r.adcode") { row, _ in
            guard case .string(let adcode) = row[0], case .string(let name) = row[1] else { return }
            var aliases: [String] = []
            if case .list(let items) = row[3] { aliases = items.compactMap { if case .string(let s) = $0 { return s } else { return nil } } }
            var parent: String?
            if case .string(let p) = row[4] { parent = p }
            var level = ""
            if case .string(let l) = row[2] { level = l }
            regions.append(.init(adcode: adcode, name: name, level: level, parent: parent, aliases: aliases))
        }
        guard !regions.isEmpty else {
            throw EngineError(code: .resourcesMissing, message: "the graph has no Region nodes; build the demo database with `govbrain demo build` or import the regions")
        }
        return PlaceResolver(regions: regions)
    }

    /// The regions of the reference tables in `folder` (`Datasets/reference`).
    public static func fromReference(folder: String) throws -> PlaceResolver {
        func table(_ name: String) throws -> CSVTable {
            let path = (folder as NSString).appendingPathComponent(name)
            do { return try CSVTable.read(path: path) } catch {
                throw EngineError(code: .resourcesMissing, message: "cannot read the region table \(path): \(error)")
            }
        }
        var aliases: [String: [String]] = [:]
        for r in try table("guangxi_region_aliases.csv").rows { aliases[r["adcode"] ?? "", default: []].append(r["alias"] ?? "") }
        let regions = try table("guangxi_regions.csv").rows.map { r -> PlaceResolver.Region in
            let adcode = r["adcode"] ?? "", parent = r["parent_adcode"] ?? ""
            return .init(adcode: adcode, name: r["name"] ?? "", level: r["level"] ?? "", parent: parent.isEmpty ? nil : parent,
                         aliases: aliases[adcode] ?? [])
        }
        return PlaceResolver(regions: regions)
    }
}
