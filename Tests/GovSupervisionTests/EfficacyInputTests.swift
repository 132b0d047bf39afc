import Foundation
import Testing
import KGCore
@testable import GovSupervision

/// Bad case tables: every error names the file, the line and the column (and the column's
/// name) and says how to fix it; empty case-mix cells are imputed, not rejected.
@Suite struct EfficacyInputTests {
    /// Writes `text` as CASES.csv in a fresh folder and reads it.
    static func read(_ text: String, period: String? = nil) throws -> EfficacyCases {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("efficacy-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("CASES.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try EfficacyCases.read(path: path, period: period)
    }

    /// The error's printed form, or "" when reading succeeded.
    static func failure(_ text: String, period: String? = nil) -> String {
        do { _ = try read(text, period: period); return "" } catch { return String(describing: error) }
    }

    @Test func aMissingOfficeColumnIsNamedOnTheHeaderLine() {
        let e = Self.failure("unit,x_a,y_ok\nA,1,1\n")
        #expect(e.hasPrefix("CASES.csv:1:1: BadHeader:") && e.contains("no column office"))
    }

    @Test func aTableWithoutOutcomesSaysToAddAYColumn() {
        let e = Self.failure("office,x_a,outcome\nA,1,1\n")
        #expect(e.hasPrefix("CASES.csv:1:1: BadHeader:") && e.contains("y_"))
    }

    @Test func anOutcomeThatIsNotZeroOrOneIsPointedAt() {
        let e = Self.failure("office,x_a,y_ok\nA,1,1\nB,2,2\n")
        #expect(e.hasPrefix("CASES.csv:3:3 (field y_ok): BadValue:"), "\(e)")
        #expect(e.contains("0 or 1"))
        #expect(Self.failure("office,y_ok\nA,yes\n").hasPrefix("CASES.csv:2:2 (field y_ok): BadValue:"))
    }

    @Test func aCaseMixCellThatIsNotANumberIsPointedAt() {
        let e = Self.failure("office,group,x_a,x_b,y_ok\nA,G,1,2,1\nA,G,1,2,0\nB,G,1,2 km,1\n")
        #expect(e.hasPrefix("CASES.csv:4:4 (field x_b): BadValue:"), "\(e)")
        #expect(e.contains("not a number"))
    }

    @Test func emptyTablesAreRefused() {
        #expect(Self.failure("").hasPrefix("CASES.csv:1:1: EmptyFile:") && Self.failure("").contains("header line"))
        #expect(Self.failure("office,y_ok\n").hasPrefix("CASES.csv:2:1: EmptyFile:"))
    }

    @Test func aPeriodWithNoCaseIsAnErrorListingThePeriods() {
        let table = "office,period,y_ok\nA,2024-Q1,1\nB,2024-Q2,0\n"
        let e = Self.failure(table, period: "2025-Q1")
        #expect(e.contains("no case of period 2025-Q1") && e.contains("2024-Q1, 2024-Q2"), "\(e)")
        #expect(Self.failure("office,y_ok\nA,1\nB,0\n", period: "2024-Q1").contains("no column period"))
    }

    @Test func anOfficeInTwoGroupsAndAnEmptyOfficeAreRefused() {
        #expect(Self.failure("office,group,y_ok\nA,G1,1\nA,G2,0\n").hasPrefix("CASES.csv:3:2 (field group): BadValue:"))
        #expect(Self.failure("office,y_ok\nA,1\n ,0\n").hasPrefix("CASES.csv:3:1 (field office): BadValue:"))
        #expect(Self.failure("office,y_ok,y_ok\nA,1,1\n").contains("repeats the column"))
    }

    @Test func emptyCaseMixCellsAreImputedWithAnIndicatorAndEmptyOutcomesSkipped() throws {
        let cases = try Self.read("office,x_a,x_c,y_ok,y_all\nA,1,5,1,1\nA,,5,0,1\nB,3,5,,1\nB,5,5,1,1\n")
        #expect(cases.featureNames == ["x_a", "x_a_missing"])
        #expect(cases.features.map { $0[0] } == [1, 3, 3, 5])
        #expect(cases.outcomeNames == ["y_ok"] && cases.outcomes[0] == [1, 0, nil, 1])
        #expect(cases.notes.contains { $0.contains("x_c left out") } && cases.notes.contains { $0.contains("y_all left out") })
    }
}
