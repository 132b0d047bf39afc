import Foundation
import KGEngine
import KGML
import KGCore

/// Finds and reads a version of the routing model.
public enum RoutingModelLoader {
    /// The given version, or the promoted one.
    /// - Throws: `EngineError` (ModelUnavailable) saying how to train or promote one.
    public static func load(registry: ModelRegistry, version: String? = nil) throws -> (version: String, model: RoutingModel) {
        guard let chosen = version ?? registry.promoted() ?? registry.versions(artifact: RoutingTraining.artifact).last else {
            throw EngineError(code: .modelUnavailable, message: "no routing model in \(registry.root); train one with `govbrain model train routing --data Datasets/hotline/`")
        }
        let path = (registry.directory(chosen) as NSString).appendingPathComponent(RoutingTraining.artifact)
        do { return (chosen, try RoutingModel.read(from: path)) } catch {
            throw EngineError(code: .modelUnavailable, message: "\(error)")
        }
    }
}
