import Foundation
import KGCore
import KGML

extension DomainRiskModel {
    /// The promoted risk model of a domain (`<domain>-risk` in `models`), or a clear error.
    /// - Throws: `ModelError` (ModelNotFound) saying how to train one.
    public static func load(models: String, schema: SupervisionDomainSchema) throws -> (version: String, model: RiskModel) {
        let (version, path) = try ModelRegistry(models: models, name: registryName(schema)).promotedArtifact(
            RiskModel.artifact, missing: "no \(schema.id) risk model in \(models); train one with `govbrain model train risk --graph --db PATH --domain \(schema.id)`")
        return (version, try RiskModel.read(from: path))
    }
}
