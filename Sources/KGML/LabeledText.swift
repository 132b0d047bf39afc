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
        try JSONLines.read(path).map { n, doc in
            guard let text = doc["text"]?.stringValue, let label = doc[labelKey]?.stringValue else {
                throw ModelError(code: .badValue, "\(path):\(n): needs string members \"text\" and \"\(labelKey)\"")
            }
            return LabeledText(id: doc["id"]?.stringValue ?? "\(path):\(n)", text: text, label: label)
        }
    }
}
