import Foundation

/// Finds the project's data folders (`Ontology/`, `Datasets/`, `Models/`) at run time.
///
/// Order: the `GOVBRAIN_HOME` environment variable; then the current folder and its parents;
/// then the executable's folder and its parents (a build in `.build/release/` finds the
/// checkout it was built from).
public enum ResourceLocator {
    /// The folder that holds `Ontology/govbrain.owl` and `Datasets/`, or nil.
    public static func projectRoot() -> String? {
        var candidates: [String] = []
        if let home = ProcessInfo.processInfo.environment["GOVBRAIN_HOME"], !home.isEmpty { candidates.append(home) }
        candidates += ancestors(of: FileManager.default.currentDirectoryPath)
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent().path
        candidates += ancestors(of: exe)
        return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("Ontology/govbrain.owl")) }
    }

    static func ancestors(of path: String) -> [String] {
        var out: [String] = []
        var url = URL(fileURLWithPath: path).standardizedFileURL
        for _ in 0..<8 {
            out.append(url.path)
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        return out
    }

    /// The ontology file path.
    /// - Throws: `EngineError` saying how to point GovBrain at its files.
    public static func ontologyPath() throws -> String {
        guard let root = projectRoot() else { throw EngineError.resourcesMissing }
        return (root as NSString).appendingPathComponent("Ontology/govbrain.owl")
    }

    /// The `Datasets/` folder.
    public static func datasetsPath() throws -> String {
        guard let root = projectRoot() else { throw EngineError.resourcesMissing }
        return (root as NSString).appendingPathComponent("Datasets")
    }
}

extension ResourceLocator {
    /// The `Models/` folder (created by training commands when missing).
    public static func modelsPath() throws -> String {
        guard let root = projectRoot() else { throw EngineError.resourcesMissing }
        return (root as NSString).appendingPathComponent("Models")
    }
}
