import KGCore
import KGEngine

extension WorkingCalendar {
    /// Reads `cn_workdays.csv` (`date,kind,holiday,holiday_zh`; kind `holiday` or `workday`).
    /// A bad row fails the whole file with its line number: a calendar with a hole would move deadlines.
    public static func load(file: String) throws -> WorkingCalendar {
        let table: CSVTable
        do { table = try CSVTable.read(path: file) } catch {
            throw EngineError(code: .resourcesMissing, message: "cannot read the working calendar \(file): \(error)")
        }
        guard table.header.contains("date"), table.header.contains("kind") else {
            throw EngineError(code: .resourcesMissing, message: "\(file) needs the columns date and kind (holiday or workday)")
        }
        var exceptions: [CypherDate: Bool] = [:]
        for (i, row) in table.rows.enumerated() {
            let line = i + 2
            guard let text = row["date"], let date = CypherDate(iso: text) else {
                throw EngineError(code: .resourcesMissing, message: "\(file) line \(line): \"\(row["date"] ?? "")\" is not a date (YYYY-MM-DD)")
            }
            switch row["kind"] {
            case "holiday": exceptions[date] = false
            case "workday": exceptions[date] = true
            default:
                throw EngineError(code: .resourcesMissing, message: "\(file) line \(line): kind must be holiday or workday, not \"\(row["kind"] ?? "")\"")
            }
        }
        return WorkingCalendar(exceptions: exceptions)
    }
}
