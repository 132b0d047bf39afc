import Crypto
import Foundation
import KGCore

/// What a trained model is, what it was trained on, how well it does and where it should not be
/// used (Mitchell et al., "Model Cards for Model Reporting"), written next to the model as
/// `MODEL.md` and `card.json`.
public struct ModelCard: Sendable {
    /// One measured figure.
    public struct Metric: Sendable {
        public let name: String
        public let value: Double
        public let detail: String
        public init(_ name: String, _ value: Double, _ detail: String) { self.name = name; self.value = value; self.detail = detail }
    }

    /// One input data set, identified by content hash.
    public struct DataSource: Sendable {
        public let path: String
        public let records: Int
        public let sha256: String
        public init(path: String, records: Int, sha256: String) { self.path = path; self.records = records; self.sha256 = sha256 }
    }

    public var name: String
    public var version: String
    public var summary: String
    public var intendedUse: String
    public var command: String
    public var data: [DataSource]
    public var parameters: [(String, String)]
    public var metrics: [Metric]
    public var limitations: [String]
    /// The model file (relative to the card's folder) and its SHA-256.
    public var artifact: (file: String, sha256: String, bytes: Int)?

    public init(name: String, version: String, summary: String, intendedUse: String, command: String, data: [DataSource] = [],
                parameters: [(String, String)] = [], metrics: [Metric] = [], limitations: [String] = []) {
        self.name = name; self.version = version; self.summary = summary; self.intendedUse = intendedUse
        self.command = command; self.data = data; self.parameters = parameters; self.metrics = metrics; self.limitations = limitations
    }

    public var json: JSON {
        var members: [(String, JSON)] = [("name", .string(name)), ("version", .string(version)), ("summary", .string(summary)),
                                         ("intendedUse", .string(intendedUse)), ("command", .string(command))]
        members.append(("data", .array(data.map {
            .object([("path", .string($0.path)), ("records", .int(Int64($0.records))), ("sha256", .string($0.sha256))])
        })))
        members.append(("parameters", .object(parameters.map { ($0.0, .string($0.1)) })))
        members.append(("metrics", .array(metrics.map {
            .object([("name", .string($0.name)), ("value", .double($0.value)), ("detail", .string($0.detail))])
        })))
        members.append(("limitations", .array(limitations.map { .string($0) })))
        if let artifact {
            members.append(("artifact", .object([("file", .string(artifact.file)), ("sha256", .string(artifact.sha256)),
                                                 ("bytes", .int(Int64(artifact.bytes)))])))
        }
        return .object(members)
    }

    public var markdown: String {
        var s = "# Model card: \(name) \(version)\n\n\(summary)\n\n## Intended use\n\n\(intendedUse)\n\n"
        s += "## Training\n\nReproduce with:\n\n```sh\n\(command)\n```\n\n| data | records | SHA-256 |\n|---|---|---|\n"
        for d in data { s += "| `\(d.path)` | \(d.records) | `\(d.sha256.prefix(16))…` |\n" }
        s += "\n| parameter | value |\n|---|---|\n"
        for (k, v) in parameters { s += "| \(k) | \(v) |\n" }
        s += "\n## Evaluation\n\n| metric | value | how |\n|---|---|---|\n"
        for m in metrics { s += "| \(m.name) | \(String(format: "%.4f", m.value)) | \(m.detail) |\n" }
        s += "\n## Limitations\n\n" + limitations.map { "- \($0)\n" }.joined()
        if let artifact {
            s += "\n## Artifact\n\n`\(artifact.file)`, \(artifact.bytes) bytes, SHA-256 `\(artifact.sha256)`. "
            s += "The command above rebuilds it (L-BFGS and other parallel sums may differ in the last bits between runs, so the digest names this version's file, not every rebuild).\n"
        }
        return s
    }

    /// Writes the card as Markdown (`MODEL.md` unless named) and JSON (`card.json`) into `directory`.
    public func write(to directory: String, markdownFile: String = "MODEL.md", jsonFile: String = "card.json") throws {
        let dir = URL(fileURLWithPath: directory)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try markdown.write(to: dir.appendingPathComponent(markdownFile), atomically: true, encoding: .utf8)
            try (JSONWriter.string(json) + "\n").write(to: dir.appendingPathComponent(jsonFile), atomically: true, encoding: .utf8)
        } catch {
            throw ModelError(code: .pathNotWritable, "cannot write the model card in \(directory): \(error.localizedDescription)")
        }
    }

    /// A data file as the card cites it: name, records and SHA-256.
    public static func dataSource(_ path: String, _ records: Int) throws -> DataSource {
        guard let data = FileManager.default.contents(atPath: path) else { throw ModelError(code: .fileNotFound, "cannot read \(path)") }
        return DataSource(path: (path as NSString).lastPathComponent, records: records, sha256: SHA256.hash(data: data).hexEncoded)
    }

    /// The model file's name, SHA-256 and size.
    public static func artifactDigest(_ path: String) throws -> (file: String, sha256: String, bytes: Int) {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { throw ModelError(code: .ioFailure, "cannot read \(path)") }
        return ((path as NSString).lastPathComponent, SHA256.hash(data: data).hexEncoded, data.count)
    }
}
