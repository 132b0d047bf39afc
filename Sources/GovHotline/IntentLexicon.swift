import Foundation
import KGCore
import KGEngine
import KGML

/// The hotline domain lexicon (`Datasets/reference/intent_lexicon.csv`: id, terms_zh): for each
/// intent, the words citizens use for its objects and problems (燃气表, 漏气, 煤气罐 for gas),
/// separated by 、. Read as labelled terms, with the department from the intent taxonomy.
public enum IntentLexicon {
    /// - Parameters:
    ///   - file: the lexicon CSV.
    ///   - taxonomy: the intent taxonomy CSV (id, department_id), which every lexicon intent must be in.
    /// - Throws: `EngineError` naming the file and row of an unknown intent or a missing column.
    public static func terms(file: String, taxonomy: String) throws -> [HotlineRecord] {
        let table: CSVTable, intents: CSVTable
        do { table = try CSVTable.read(path: file) } catch {
            throw EngineError(code: .resourcesMissing, message: "cannot read the intent lexicon \(file): \(error)")
        }
        do { intents = try CSVTable.read(path: taxonomy) } catch {
            throw EngineError(code: .resourcesMissing, message: "cannot read the intent taxonomy \(taxonomy): \(error)")
        }
        guard table.header.contains("id"), table.header.contains("terms_zh") else {
            throw EngineError(code: .resourcesMissing, message: "\(file) needs the columns id and terms_zh")
        }
        var departmentOf: [String: String] = [:]
        for row in intents.rows { if let id = row["id"], let d = row["department_id"] { departmentOf[id] = d } }
        var out: [HotlineRecord] = []
        for (n, row) in table.rows.enumerated() {
            guard let id = row["id"], !id.isEmpty else { continue }
            guard let department = departmentOf[id] else {
                throw EngineError(code: .resourcesMissing, message: "\(file): row \(n + 2): intent '\(id)' is not in \(taxonomy); use an id of the taxonomy")
            }
            let terms = (row["terms_zh"] ?? "").components(separatedBy: "、").map { $0.trimmingCharacters(in: .whitespaces) }
            for (k, t) in terms.filter({ $0.count >= 2 }).enumerated() {
                out.append(HotlineRecord(id: "lexicon:\(id):\(k)", text: t, intent: id, department: department))
            }
        }
        return out
    }
}
