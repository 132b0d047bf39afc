import Foundation
import KGCore

/// One labelled work order of the hotline corpus (`Datasets/hotline/*.jsonl`): the text, its
/// intent and department type, and the region it names (adcode and the words used) if any.
public struct HotlineRecord: Sendable {
    public let id: String
    public let text: String
    public let intent: String
    public let department: String
    public let regionAdcode: String?
    public let mention: String?

    public init(id: String, text: String, intent: String, department: String, regionAdcode: String? = nil, mention: String? = nil) {
        self.id = id; self.text = text; self.intent = intent; self.department = department
        self.regionAdcode = regionAdcode; self.mention = mention
    }

    /// Reads JSON Lines; `intent` and `department` are required, the region fields optional.
    /// - Throws: `ModelError` naming the file and line of a bad record.
    public static func read(_ path: String) throws -> [HotlineRecord] {
        try JSONLines.read(path).map { n, doc in
            guard let text = doc["text"]?.stringValue, let intent = doc["intent"]?.stringValue, let department = doc["department"]?.stringValue else {
                throw ModelError(code: .badValue, "\(path):\(n): needs string members \"text\", \"intent\" and \"department\"")
            }
            return HotlineRecord(id: doc["id"]?.stringValue ?? "\(n)", text: text, intent: intent, department: department,
                                 regionAdcode: doc["regionAdcode"]?.stringValue, mention: doc["mention"]?.stringValue)
        }
    }
}
