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
        let content: String
        do { content = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ModelError("cannot read \(path): \(error.localizedDescription)")
        }
        var out: [HotlineRecord] = []
        for (n, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let doc: JSON
            do { doc = try JSONParser.parse(String(line)) } catch {
                throw ModelError("\(path):\(n + 1): not JSON (\(error)); each line must be one JSON object")
            }
            guard let text = doc["text"]?.stringValue, let intent = doc["intent"]?.stringValue, let department = doc["department"]?.stringValue else {
                throw ModelError("\(path):\(n + 1): needs string members \"text\", \"intent\" and \"department\"")
            }
            out.append(HotlineRecord(id: doc["id"]?.stringValue ?? "\(n + 1)", text: text, intent: intent, department: department,
                                     regionAdcode: doc["regionAdcode"]?.stringValue, mention: doc["mention"]?.stringValue))
        }
        return out
    }
}
