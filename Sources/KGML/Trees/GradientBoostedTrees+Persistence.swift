import Foundation
import KGCore

extension GradientBoostedTrees {
    /// Writes the model as JSON (atomically).
    /// - Throws: `ModelError` (`pathNotWritable`) when the file cannot be written.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { try AtomicFile.write(try encoder.encode(self), to: path) } catch {
            throw ModelError(code: .pathNotWritable, "cannot write the boosted-trees model \(path): \(error.localizedDescription)")
        }
    }

    /// Reads a model written by `write(to:)`.
    /// - Throws: `ModelError` (`modelNotFound`, `invalidArtifact`) for a missing or malformed file.
    public static func read(from path: String) throws -> GradientBoostedTrees {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError(code: .modelNotFound, "no boosted-trees model at \(path)")
        }
        let model: GradientBoostedTrees
        do { model = try JSONDecoder().decode(GradientBoostedTrees.self, from: data) } catch {
            throw ModelError(code: .invalidArtifact, "\(path) is not a GovBrain boosted-trees model: \(error)")
        }
        guard model.format == 1 else {
            throw ModelError(code: .invalidArtifact, "\(path) is a boosted-trees model of format \(model.format); this GovBrain reads format 1")
        }
        if let problem = model.structuralProblem {
            throw ModelError(code: .invalidArtifact, "\(path) is a damaged boosted-trees model: \(problem); train it again")
        }
        return model
    }

    /// What makes a decoded model unsafe to evaluate (a node pointing outside its tree or back
    /// up it, a feature index out of range), or nil when it is sound.
    public var structuralProblem: String? {
        guard bestIteration == trees.count else { return "bestIteration \(bestIteration) differs from the \(trees.count) trees" }
        for (t, tree) in trees.enumerated() {
            guard !tree.nodes.isEmpty else { return "tree \(t) has no nodes" }
            for (k, node) in tree.nodes.enumerated() where !node.isLeaf {
                // Children after their parent: traversal always ends.
                guard node.feature < features.count, node.left > k, node.right > k,
                      node.left < tree.nodes.count, node.right < tree.nodes.count else { return "tree \(t), node \(k) is malformed" }
            }
        }
        return nil
    }
}
