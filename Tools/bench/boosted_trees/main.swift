// Times GovBrain's boosted trees (Sources/KGML/Trees) on a CSV in a release (-O) build.
// Built and run by Tools/bench/boosted_trees.sh; not part of the package.
// Usage: bench FILE.csv TARGET_COLUMN TRAIN_ROWS
import Foundation
import KGCore

@main struct BoostedTreesBench {
    static func main() throws {
        let args = CommandLine.arguments
        guard args.count == 4, let text = try? String(contentsOfFile: args[1], encoding: .utf8), let trainCount = Int(args[3]) else {
            print("usage: bench FILE.csv TARGET_COLUMN TRAIN_ROWS"); exit(2)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst()
        let table = try TabularData(header: header, rows: lines)
        let targetColumn = header.firstIndex(of: args[2])!
        let y = table.cells[targetColumn].map { Int($0)! }
        let features = header.filter { $0 != args[2] }
        let train = Array(0..<trainCount), test = Array(trainCount..<table.rowCount)
        let start = Date()
        let model = try GradientBoostingTrainer.fit(table, rows: train, target: y, features: features)
        let seconds = Date().timeIntervalSince(start)
        let p = try model.probabilities(table, rows: test)
        let auc = ClassifierMetrics.auc(scores: p, target: test.map { y[$0] })
        let shapStart = Date()
        var worst = 0.0
        for r in test.prefix(1000) {
            let (base, values) = try model.shap(row: r) { table.column($0)?[r] }
            worst = max(worst, abs(base + values.reduce(0, +) - (try model.margin(row: r) { table.column($0)?[r] })))
        }
        let shapSeconds = Date().timeIntervalSince(shapStart)
        let json = try JSONEncoder().encode(model)
        print(String(format: "govbrain: fit %.2f s, rounds %d, best %d, test AUC %.4f, TreeSHAP %.2f ms/row (max |sum error| %.1e), JSON %d KB",
                     seconds, model.roundsTrained, model.bestIteration, auc, shapSeconds * 1000 / Double(min(1000, test.count)), worst, json.count / 1024))
    }
}
