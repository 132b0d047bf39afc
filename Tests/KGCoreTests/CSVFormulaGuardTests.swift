import Testing
import KGCore

/// The spreadsheet-safe CSV of reports (CSV injection): formula-like cells get a leading
/// apostrophe, numbers and ordinary text do not, and quoting still applies.
@Suite struct CSVFormulaGuardTests {
    @Test(arguments: ["=1+2", "+SUM(A1)", "-2+3", "@SUM(1)", "\tcmd", "\r=1", "=HYPERLINK(\"http://x\",\"y\")", "-", "+", "-inf", "-nan", "-0x1p3", "-1e", "--1"])
    func formulaLikeCellsGetAnApostrophe(cell: String) {
        #expect(CSVWriter.looksLikeFormula(cell))
        let out = CSVWriter.spreadsheetField(cell)
        #expect(out.hasPrefix("'") || out.hasPrefix("\"'"), "\(out)")
    }

    @Test(arguments: ["-0.25", "+3", "-12", "1e-4", "-1.5E+3", ".5", "-.5", "3.", "0", "南宁市", "market-450102", "a=b", "", " =x"])
    func numbersAndOrdinaryTextStayAsTheyAre(cell: String) {
        #expect(!CSVWriter.looksLikeFormula(cell))
        #expect(CSVWriter.spreadsheetField(cell) == CSVWriter.field(cell))
    }

    @Test func quotingStillApplies() {
        #expect(CSVWriter.spreadsheetLine(["=A1,B1", "-0.5", "x"]) == "\"'=A1,B1\",-0.5,x")
        #expect(CSVWriter.spreadsheetLine(["=HYPERLINK(\"u\")"]) == "\"'=HYPERLINK(\"\"u\"\")\"")
        #expect(CSVWriter.spreadsheetLine(["\r=1"]) == "\"'\r=1\"")
        #expect(CSVWriter.spreadsheetLine(["@x", "+7"]) == "'@x,+7")
    }
}
