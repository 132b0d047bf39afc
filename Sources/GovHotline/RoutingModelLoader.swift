import Foundation
import KGEngine
import KGML
import KGCore

/// Finds and reads a version of the routing model.
public enum RoutingModelLoader {
    /// The given version, or the promoted one, with the threshold, temperature and novelty gate of its `calibration.json` (set on
    /// text of another origin by `govbrain model calibrate routing`) unless `calibrated` is false.
    /// - Throws: `EngineError` (ModelUnavailable) saying how to train or promote one.
    public static func load(registry: ModelRegistry, version: String? = nil, calibrated: Bool = true) throws -> (version: String, model: RoutingModel) {
        guard let chosen = version ?? registry.promoted() ?? registry.versions(artifact: RoutingTraining.artifact).last else {
            throw EngineError(code: .modelUnavailable, message: "no routing model in \(registry.root); train one with `govbrain model train routing --data Datasets/hotline/`")
        }
        let path = (registry.directory(chosen) as NSString).appendingPathComponent(RoutingTraining.artifact)
        do {
            let model = try RoutingModel.read(from: path)
            guard calibrated, let calibration = try RoutingCalibration.read(folder: registry.directory(chosen)) else { return (chosen, model) }
            return (chosen, model.with(temperature: calibration.temperature, threshold: calibration.threshold,
                                             novelty: .some(calibration.novelty)))
        } catch {
            throw EngineError(code: .modelUnavailable, message: "\(error)")
        }
    }
}
