import Foundation
import KGCore

/// The versions of one model in `Models/<name>/`: each version is a folder (`v1`, `v2`, …) with
/// the artifact, `MODEL.md` and `metrics.json`; the file `PROMOTED` names the version the service
/// loads. Versions are never overwritten: training adds one, `promote` switches.
public struct ModelRegistry: Sendable {
    public let root: String
    public let name: String

    static let promotedFile = "PROMOTED"

    /// - Parameters:
    ///   - models: the `Models/` folder.
    ///   - name: the model's name (`routing`).
    public init(models: String, name: String) {
        root = (models as NSString).appendingPathComponent(name)
        self.name = name
    }

    /// The folder of `version`.
    public func directory(_ version: String) -> String { (root as NSString).appendingPathComponent(version) }

    /// Every version with an artifact, oldest first.
    public func versions(artifact: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return entries.filter { Self.number($0) != nil && FileManager.default.fileExists(atPath: (directory($0) as NSString).appendingPathComponent(artifact)) }
            .sorted { Self.number($0)! < Self.number($1)! }
    }

    /// The next version name (one more than the highest folder present).
    public func nextVersion() -> String {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return "v\((entries.compactMap(Self.number).max() ?? 0) + 1)"
    }

    /// The promoted version, if any.
    public func promoted() -> String? {
        let path = (root as NSString).appendingPathComponent(Self.promotedFile)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let v = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return v.isEmpty ? nil : v
    }

    /// The promoted version and the path of its `artifact`.
    /// - Parameter missing: what the error says when no version is promoted (which model, how to train one).
    /// - Throws: `ModelError` (ModelNotFound) when no version is promoted.
    public func promotedArtifact(_ artifact: String, missing: @autoclosure () -> String) throws -> (version: String, path: String) {
        guard let version = promoted() else { throw ModelError(code: .modelNotFound, missing()) }
        return (version, (directory(version) as NSString).appendingPathComponent(artifact))
    }

    /// Makes `version` the one the service loads.
    /// - Throws: `ModelError` when the version has no artifact.
    public func promote(_ version: String, artifact: String) throws {
        guard versions(artifact: artifact).contains(version) else {
            let known = versions(artifact: artifact)
            throw ModelError(code: .modelNotFound, "\(name) has no version \(version)\(known.isEmpty ? "; train one with `govbrain model train \(name)`" : " (versions: \(known.joined(separator: ", ")))")")
        }
        do { try AtomicFile.write(Data((version + "\n").utf8), to: (root as NSString).appendingPathComponent(Self.promotedFile)) } catch {
            throw ModelError(code: .pathNotWritable, "cannot promote \(name) \(version): \(error.localizedDescription)")
        }
    }

    static func number(_ version: String) -> Int? {
        guard version.hasPrefix("v") else { return nil }
        return Int(version.dropFirst()).flatMap { $0 > 0 ? $0 : nil }
    }
}
