import Foundation
import Testing
import KGCore

/// `govbrain efficacy score` as an outside check runs it: the contract's header, ranks 1…N with
/// the planted best office first although it takes the hardest cases, the card, and bad input.
@Suite struct EfficacyCLITests {
    /// Six offices with planted effects; the better the office, the harder its cases.
    static func cases() -> String {
        var rng = SplitMix64(seed: 26)
        let effects = [1.5, 0.9, 0.3, -0.3, -0.9, -1.5]
        var lines = ["office,group,period,x_severity,y_closed,y_satisfied,note"]
        for (j, effect) in effects.enumerated() {
            for i in 0..<300 {
                let severity = 0.8 * effect + 4 * (rng.nextUniform() - 0.5)
                func outcome(_ base: Double) -> Int { rng.nextUniform() < 1 / (1 + exp(-(base - 1.5 * severity + effect))) ? 1 : 0 }
                lines.append("O\(j + 1),G,2024-Q\(1 + i % 2),\(String(format: "%.3f", severity)),\(outcome(1)),\(outcome(0.5)),ignored")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func scoresOfficesAndWritesTheContractsHeader() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.cases().write(to: dir.appendingPathComponent("CASES.csv"), atomically: true, encoding: .utf8)
        let run = try GovBrainBinary.run(["efficacy", "score", "--cases", "CASES.csv", "--out", "OFFICES.csv"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try JSONParser.parse(run.stdout)["offices"] == .int(6))
        let lines = try String(contentsOf: dir.appendingPathComponent("OFFICES.csv"), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(Array(lines[0].prefix(6)) == ["office", "index", "lower", "upper", "rank", "cases"])
        let rows = lines.dropFirst()
        #expect(rows.map { $0[4] } == ["1", "2", "3", "4", "5", "6"])
        #expect(rows.first?[0] == "O1" && rows.last?[0] == "O6", "\(rows.map { $0[0] })")
        #expect(rows.allSatisfy { $0[5] == "300" })
        for r in rows {
            let index = Double(r[1])!, lower = Double(r[2])!, upper = Double(r[3])!
            #expect(0 <= lower && lower <= index && index <= upper && upper <= 100)
        }
        // Raw rates alone would not put O1 first: its cases are the hardest.
        let raw = rows.map { Double($0[lines[0].firstIndex(of: "raw")!])! }
        #expect(raw.first! < raw.max()!)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("OFFICES.md").path))

        let q1 = try GovBrainBinary.run(["efficacy", "score", "--cases", "CASES.csv", "--out", "q1.csv", "--period", "2024-Q1"], in: dir)
        #expect(q1.status == 0, "\(q1.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("q1.csv"), encoding: .utf8).contains(",150,G,"))
    }

    @Test func badInputNamesFileLineAndColumn() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "office,x_a,y_ok\nA,1,1\nB,2,maybe\n".write(to: dir.appendingPathComponent("CASES.csv"), atomically: true, encoding: .utf8)
        let run = try GovBrainBinary.run(["efficacy", "score", "--cases", "CASES.csv", "--out", "OFFICES.csv"], in: dir)
        #expect(run.status != 0)
        #expect(run.stderr.hasPrefix("error: CASES.csv:3:3 (field y_ok): BadValue:"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("OFFICES.csv").path))
        let period = try GovBrainBinary.run(["efficacy", "score", "--cases", "CASES.csv", "--out", "OFFICES.csv", "--period", "2024-Q1"], in: dir)
        #expect(period.status != 0 && period.stderr.contains("no column period"))
    }
}
