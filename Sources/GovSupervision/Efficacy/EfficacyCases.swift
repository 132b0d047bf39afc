import Foundation
import KGCore
import KGEngine
import KGML

/// The case table of an efficacy evaluation, checked and encoded: one row per case with its
/// office, its peer group, its case mix (the `x_*` columns, numbers) and its outcomes (the `y_*`
/// columns, 0/1 with 1 = good).
///
/// The contract of `govbrain efficacy score --cases CASES.csv`:
/// - `office` (required): who handled the case.
/// - `group` (optional): the office's peer group; offices are compared within it. An office
///   must stay in one group.
/// - `period` (optional): with `--period P` only that period's rows are used; without it all
///   periods are pooled.
/// - `x_*`: numbers known when the case started. An empty (or `NA`) cell is missing: it is
///   replaced by the column's mean and the column gains a 0/1 indicator `x_…_missing`, so
///   missingness itself can carry case mix. A column constant over the rows used is left out.
/// - `y_*`: 0 or 1 (`0.0`/`1.0` accepted). An empty cell means the outcome does not apply to
///   the case (e.g. no satisfaction survey): the case counts for the other outcomes only.
/// - Other columns are ignored.
public struct EfficacyCases: Sendable {
    /// The file's name, for messages and the card.
    public let source: String
    /// The period used, when `--period` was given.
    public let period: String?
    /// Distinct offices, sorted.
    public let offices: [String]
    /// Each case's office (index into `offices`).
    public let office: [Int]
    /// Distinct groups, sorted; one empty name when the table has no `group` column.
    public let groups: [String]
    /// Each office's group (index into `groups`).
    public let officeGroup: [Int]
    public let hasGroupColumn: Bool
    /// The case-mix features: the kept `x_*` columns and their missing indicators.
    public let featureNames: [String]
    /// `features[case][feature]`, missing cells already imputed (not standardised).
    public let features: [[Double]]
    /// The `y_*` columns that vary (an outcome that is always 0 or always 1 says nothing about
    /// offices and is left out, with a note).
    public let outcomeNames: [String]
    /// `outcomes[outcome][case]`: 0, 1 or nil (not applicable).
    public let outcomes: [[Int?]]
    /// What the encoding did that a reader should know (imputations, columns left out).
    public let notes: [String]

    public var caseCount: Int { office.count }

    /// Reads and checks a case table.
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - period: keep only the rows whose `period` is this (nil: all rows).
    /// - Throws: `EfficacyError` (or the CSV reader's `ImportError`) naming the file, line and
    ///   column of the problem and how to fix it.
    public static func read(path: String, period: String? = nil) throws -> EfficacyCases {
        guard FileManager.default.fileExists(atPath: path) else {
            throw EfficacyError(code: .fileNotFound, message: "no file \(path); give the case table with --cases")
        }
        let table: CSVTable
        do { table = try CSVTable.read(path: path) } catch let e as any GovBrainError where e.code == .emptyFile {
            throw EfficacyError(code: .emptyFile, message: "the case table is empty; write a header line (office[,group][,period],x_…,y_…) and one row per case",
                                location: SourceLocation(file: (path as NSString).lastPathComponent, line: 1, column: 1))
        }
        return try EfficacyCases(table: table, period: period)
    }

    /// Checks and encodes a table already read (see `read(path:period:)`).
    public init(table: CSVTable, period: String?) throws {
        try self.init(columns: table.header, records: table.rows, lines: table.lines, source: table.displayName, period: period)
    }

    /// Checks and encodes a case table held in memory (the graph's, see `EfficacyReport`): the
    /// same checks as a file's.
    /// - Parameters:
    ///   - columns: the header, in order.
    ///   - records: one dictionary per case, keyed by column.
    ///   - lines: the line each record would have in a file (for messages).
    ///   - source: the table's name in messages and the card.
    public init(columns: [String], records: [[String: String]], lines: [Int], source: String, period: String?) throws {
        let file = source
        func at(_ line: Int, _ column: String) -> SourceLocation {
            SourceLocation(file: file, line: line, column: (columns.firstIndex(of: column) ?? 0) + 1, field: column)
        }
        let header = SourceLocation(file: file, line: 1, column: 1)
        guard columns.contains("office") else {
            throw EfficacyError(code: .badHeader, message: "the case table has no column office; add one naming the office that handled each case (columns found: \(columns.joined(separator: ", ")))", location: header)
        }
        let yColumns = columns.filter { $0.hasPrefix("y_") }
        guard !yColumns.isEmpty else {
            throw EfficacyError(code: .badHeader, message: "the case table has no outcome column; add at least one column named y_… holding 0 or 1 per case (1 = good outcome)", location: header)
        }
        let xColumns = columns.filter { $0.hasPrefix("x_") }
        let hasGroup = columns.contains("group")
        var rows = Array(records.indices)
        if let period {
            guard columns.contains("period") else {
                throw EfficacyError(code: .badHeader, message: "--period \(period) was given but the case table has no column period; leave out --period to pool all rows", location: header)
            }
            rows = rows.filter { records[$0]["period"]?.trimmingCharacters(in: .whitespaces) == period }
            guard !rows.isEmpty else {
                let present = Set(records.compactMap { $0["period"] }).sorted()
                throw EfficacyError(code: .badValue, message: "no case of period \(period); the table's periods are \(present.prefix(12).joined(separator: ", "))\(present.count > 12 ? ", …" : "")", location: at(1, "period"))
            }
        }
        guard !rows.isEmpty else {
            throw EfficacyError(code: .emptyFile, message: "the case table has a header but no cases; add one row per case", location: SourceLocation(file: file, line: 2, column: 1))
        }

        // Offices and their groups.
        var officeNames: [String] = [], groupOfOffice: [String: (group: String, line: Int)] = [:]
        officeNames.reserveCapacity(rows.count)
        for r in rows {
            let line = lines[r]
            let name = (records[r]["office"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw EfficacyError(code: .badValue, message: "the office cell is empty; every case needs the office that handled it", location: at(line, "office")) }
            officeNames.append(name)
            let group = hasGroup ? (records[r]["group"] ?? "").trimmingCharacters(in: .whitespaces) : ""
            if let seen = groupOfOffice[name] {
                guard seen.group == group else {
                    throw EfficacyError(code: .badValue, message: "an office is in group \"\(group)\" here but in group \"\(seen.group)\" on line \(seen.line); an office belongs to one peer group", location: at(line, "group"))
                }
            } else {
                groupOfOffice[name] = (group, line)
            }
        }
        let offices = Set(officeNames).sorted()
        let officeIndex = Dictionary(uniqueKeysWithValues: offices.enumerated().map { ($1, $0) })
        let groups = Set(groupOfOffice.values.map(\.group)).sorted()
        let groupIndex = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1, $0) })

        // Outcomes.
        var notes: [String] = []
        var outcomeNames: [String] = [], outcomes: [[Int?]] = []
        for column in yColumns {
            var values: [Int?] = []
            values.reserveCapacity(rows.count)
            for r in rows {
                let cell = (records[r][column] ?? "").trimmingCharacters(in: .whitespaces)
                if TabularData.isMissing(cell) { values.append(nil); continue }
                guard let v = Double(cell), v == 0 || v == 1 else {
                    throw EfficacyError(code: .badValue, message: "outcome \(column) is \"\(cell.prefix(20))\"; outcomes must be 0 or 1 (1 = good), or empty when the outcome does not apply", location: at(lines[r], column))
                }
                values.append(Int(v))
            }
            let observed = values.compactMap { $0 }
            if observed.isEmpty || observed.allSatisfy({ $0 == observed[0] }) {
                notes.append("\(column) left out: \(observed.isEmpty ? "no case has it" : "every case has \(observed[0])"), so it cannot tell offices apart")
                continue
            }
            outcomeNames.append(column); outcomes.append(values)
        }
        guard !outcomeNames.isEmpty else {
            throw EfficacyError(code: .insufficientData, message: "no outcome column varies (\(notes.joined(separator: "; "))); give y_… columns with both 0 and 1", location: header)
        }

        // Case mix.
        var featureNames: [String] = [], featureColumns: [[Double]] = []
        for column in xColumns {
            var values = [Double](repeating: 0, count: rows.count), missing = [Double](repeating: 0, count: rows.count)
            var sum = 0.0, count = 0
            for (i, r) in rows.enumerated() {
                let cell = (records[r][column] ?? "").trimmingCharacters(in: .whitespaces)
                if TabularData.isMissing(cell) { missing[i] = 1; continue }
                guard let v = Double(cell), v.isFinite else {
                    throw EfficacyError(code: .badValue, message: "case-mix column \(column) is \"\(cell.prefix(20))\", not a number; write a number (decimal point, no units) or leave the cell empty if unknown", location: at(lines[r], column))
                }
                values[i] = v; sum += v; count += 1
            }
            guard count > 0 else { notes.append("\(column) left out: every cell is empty"); continue }
            let mean = sum / Double(count)
            if count < rows.count {
                for i in 0..<rows.count where missing[i] == 1 { values[i] = mean }
                notes.append("\(column): \(rows.count - count) empty cells replaced by the column mean, with the indicator \(column)_missing")
            }
            if values.allSatisfy({ $0 == values[0] }) {
                notes.append("\(column) left out: constant over the cases used")
            } else {
                featureNames.append(column); featureColumns.append(values)
            }
            if count < rows.count { featureNames.append(column + "_missing"); featureColumns.append(missing) }
        }

        self.source = file
        self.period = period
        self.offices = offices
        office = officeNames.map { officeIndex[$0]! }
        self.groups = groups
        officeGroup = offices.map { groupIndex[groupOfOffice[$0]!.group]! }
        hasGroupColumn = hasGroup
        self.featureNames = featureNames
        features = (0..<rows.count).map { i in featureColumns.map { $0[i] } }
        self.outcomeNames = outcomeNames
        self.outcomes = outcomes
        self.notes = notes
    }
}
