import Foundation
import KGCore
import KGEngine
import KGML

/// The hotline intent taxonomy (`Datasets/reference/intents.csv`: id, name_zh, name_en,
/// department_id, scope_zh) as labelled phrases for training: each intent's Chinese name and
/// every item of its scope (split at 、，, and brackets).
public enum IntentTaxonomy {
    public static func phrases(file: String) throws -> [HotlineRecord] {
        let table: CSVTable
        do { table = try CSVTable.read(path: file) } catch {
            throw EngineError(code: .resourcesMissing, message: "cannot read the intent taxonomy \(file): \(error)")
        }
        guard table.header.contains("id"), table.header.contains("name_zh"), table.header.contains("department_id") else {
            throw EngineError(code: .resourcesMissing, message: "\(file) needs the columns id, name_zh, department_id and scope_zh")
        }
        let separators = CharacterSet(charactersIn: "、，,（）()；;")
        var out: [HotlineRecord] = []
        for row in table.rows {
            guard let id = row["id"], !id.isEmpty, let department = row["department_id"] else { continue }
            let parts = [row["name_zh"] ?? ""] + (row["scope_zh"] ?? "").components(separatedBy: separators)
            for (k, p) in parts.map({ $0.trimmingCharacters(in: .whitespaces) }).filter({ $0.count >= 2 }).enumerated() {
                out.append(HotlineRecord(id: "taxonomy:\(id):\(k)", text: p, intent: id, department: department))
            }
        }
        return out
    }
}
