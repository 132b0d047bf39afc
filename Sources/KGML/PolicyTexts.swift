import Foundation
import KGCore

/// The searchable text of each policy in the policy library (`Datasets/reference/policies.jsonl`):
/// title, summary, tags, and the names and descriptions of its tasks.
public enum PolicyTexts {
    public static func read(_ path: String) throws -> [(code: String, text: String)] {
        let content: String
        do { content = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ModelError(code: .fileNotFound, "cannot read \(path): \(error.localizedDescription)")
        }
        var out: [(code: String, text: String)] = []
        for (n, line) in content.split(separator: "\n").enumerated() {
            guard let doc = try? JSONParser.parse(String(line)), let code = doc["code"]?.stringValue else {
                throw ModelError(code: .badValue, "\(path):\(n + 1): not a policy record (a JSON object with \"code\")")
            }
            var parts = [doc["title"]?.stringValue, doc["summary"]?.stringValue].compactMap { $0 }
            parts += (doc["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
            for task in doc["tasks"]?.arrayValue ?? [] {
                parts += [task["name"]?.stringValue, task["description"]?.stringValue].compactMap { $0 }
            }
            out.append((code, parts.joined(separator: "。")))
        }
        return out
    }
}
