import Foundation
import KGCore

/// A seeded case table with planted office effects and case-mix confounding, written as CSV:
/// bigger offices and better offices take harder cases, so raw success rates rank offices
/// wrongly (the Swift twin, in small, of Tools/bench/efficacy_table.py).
struct PlantedEfficacyTable {
    var offices: [String] = []
    var effect: [Double] = []
    var size: [Int] = []
    var lines: [String] = ["case,office,group,period,x_severity,x_repeat,x_noise,y_closed,y_satisfied"]

    /// - Parameters:
    ///   - offices: number of offices (sizes 40–400, log-uniform).
    ///   - sizeMix, effectMix: how strongly log size and the office effect raise case difficulty.
    init(seed: UInt64, offices count: Int = 50, sizeMix: Double = 0.8, effectMix: Double = 0.8) {
        var rng = SplitMix64(seed: seed)
        func normal() -> Double { (-2 * log(rng.nextUniform())).squareRoot() * cos(2 * Double.pi * rng.nextUniform()) }
        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        for j in 0..<count {
            offices.append(String(format: "OFF%03d", j))
            size.append(Int(exp(log(40.0) + rng.nextUniform() * log(10.0))))
            effect.append(0.6 * normal())
        }
        let logSize = size.map { log(Double($0)) }
        let meanLog = logSize.reduce(0, +) / Double(count)
        let sdLog = (logSize.map { ($0 - meanLog) * ($0 - meanLog) }.reduce(0, +) / Double(count)).squareRoot()
        var caseID = 0
        for j in 0..<count {
            let difficulty = sizeMix * (logSize[j] - meanLog) / sdLog + effectMix * effect[j] / 0.6
            for _ in 0..<size[j] {
                let severity = difficulty + normal(), repeated = rng.nextUniform() < sigmoid(difficulty) ? 1.0 : 0.0, noise = normal()
                let closed = rng.nextUniform() < sigmoid(1.0 - 1.0 * severity - 0.8 * repeated + effect[j]) ? 1 : 0
                let satisfied = rng.nextUniform() < sigmoid(0.3 - 0.7 * severity - 0.5 * repeated + effect[j]) ? 1 : 0
                let period = "2024-Q\(1 + caseID % 4)"
                lines.append("C\(caseID),\(offices[j]),G\(j % 2),\(period),\(String(format: "%.4f", severity)),\(Int(repeated)),\(String(format: "%.4f", noise)),\(closed),\(satisfied)")
                caseID += 1
            }
        }
    }

    /// Writes CASES.csv into a fresh temporary folder and returns its path.
    func write() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("efficacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("CASES.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
