import Foundation
import KGCore
import KGEngine
import KGML

extension DomainCreditModel {
    /// The promoted credit scorecard of a domain (`<domain>-credit` in `models`), or a clear error.
    /// - Throws: `ModelError` (ModelNotFound) saying how to train one.
    public static func load(models: String, schema: SupervisionDomainSchema) throws -> (version: String, card: Scorecard) {
        let (version, path) = try ModelRegistry(models: models, name: registryName(schema)).promotedArtifact(
            ScorecardTraining.artifact, missing: "no \(schema.id) credit model in \(models); train one with `govbrain model train credit --graph --db PATH --domain \(schema.id)`")
        return (version, try Scorecard.read(from: path))
    }

    /// Grades every site of the domain that exists as of the latest records with `card` and writes
    /// `creditGrade` and `creditPoints` to its node (in one transaction), as the enterprise model
    /// does for enterprises: the domain's graded supervision (分级分类监管) and the dashboard read them.
    /// - Returns: sites per grade, by grade.
    @discardableResult
    public static func grade(graph: KnowledgeGraph, schema: SupervisionDomainSchema, card: Scorecard) throws -> [(grade: String, count: Int)] {
        let records = try DomainSiteRecords(graph: graph, schema: schema)
        let rows = DomainFeatures.population(records, origin: records.now)
        guard !rows.isEmpty else { return [] }
        let table = try DomainFeatures.table(records, rows: rows, origin: records.now)
        let nodeOf = Dictionary(uniqueKeysWithValues: records.index.map { ($1, $0) })
        var counts: [String: Int] = [:]
        var updates: [(Int64, [String: Value])] = []
        for (r, i) in rows.enumerated() {
            guard let node = nodeOf[i] else { continue }
            let s = try card.score(row: r) { table.column($0)?[r] }
            counts[s.grade, default: 0] += 1
            updates.append((node, ["creditGrade": .string(s.grade), "creditPoints": .int(Int64(s.points))]))
        }
        try SupervisionWriter.merge(graph: graph, updates)
        return counts.keys.sorted().map { ($0, counts[$0]!) }
    }
}
