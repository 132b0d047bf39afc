import Foundation
import KGCore

/// A text with its label (a hotline work order and its intent).
public struct LabeledText: Sendable {
    public let id: String
    public let text: String
    public let label: String

    public init(id: String, text: String, label: String) { self.id = id; self.text = text; self.label = label }

    /// Reads JSON Lines with `text` and `labelKey` members (the hotline corpus format).
    /// - Throws: `ModelError` naming the file and line of a bad record.
    public static func readJSONLines(_ path: String, labelKey: String = "intent") throws -> [LabeledText] {
        let content: String
        do { content = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ModelError("cannot read \(path): \(error.localizedDescription)")
        }
        var out: [LabeledText] = []
        for (n, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let doc: JSON
            do { doc = try JSONParser.parse(String(line)) } catch {
                throw ModelError("\(path):\(n + 1): not JSON (\(error)); each line must be one JSON object")
            }
            guard let text = doc["text"]?.stringValue, let label = doc[labelKey]?.stringValue else {
                throw ModelError("\(path):\(n + 1): needs string members \"text\" and \"\(labelKey)\"")
            }
            out.append(LabeledText(id: doc["id"]?.stringValue ?? "\(path):\(n + 1)", text: text, label: label))
        }
        return out
    }
}
