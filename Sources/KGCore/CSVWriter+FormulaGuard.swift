/// CSV for people who open it in a spreadsheet (OWASP's "CSV injection"): a cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice and WPS as a
/// formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`), so a name an outsider chose could run in a
/// director's spreadsheet. Such a cell gets a leading apostrophe, which spreadsheets show as text
/// and hide; a number (`-0.25`, `+3`, `1e-4`) is left as it is, so figures stay figures.
///
/// The reports and catalogues of the supervision and efficacy commands and routes use these; the
/// export and the generator keep `line(_:)`, whose files are read back by programs, not people.
extension CSVWriter {
    /// Whether a cell would be read as a formula by a spreadsheet.
    public static func looksLikeFormula(_ field: String) -> Bool {
        guard let first = field.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13: return !isPlainNumber(field)
        default: return false
        }
    }

    /// The cell as a spreadsheet must show it: with a leading apostrophe when it looks like a
    /// formula, then quoted as `field(_:)` does.
    public static func spreadsheetField(_ field: String) -> String {
        Self.field(looksLikeFormula(field) ? "'" + field : field)
    }

    /// One line of spreadsheet-safe cells (without the line break).
    public static func spreadsheetLine(_ fields: [String]) -> String { fields.map(spreadsheetField).joined(separator: ",") }

    /// A decimal number in the plain notation a report prints: an optional sign, digits with at
    /// most one point, an optional exponent (`-12`, `+0.5`, `.5`, `3.`, `1e-4`). Not `inf`, `nan`
    /// or hexadecimal, which `Double(_:)` would take.
    static func isPlainNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let n = bytes.prefix { (48...57).contains($0) }.count
            bytes = bytes.dropFirst(n)
            return n
        }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") { bytes = bytes.dropFirst(); mantissa += digits() }
        guard mantissa > 0 else { return false }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
