import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGML

/// `--peer NAME=FILE`: ranked lists of an outside recommender (`uscc,policy,rank`).
struct PeerLists: ExpressibleByArgument {
    let name: String
    let path: String
    init?(argument: String) {
        guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex, argument.index(after: eq) != argument.endIndex else { return nil }
        name = String(argument[..<eq])
        path = String(argument[argument.index(after: eq)...])
    }
}

/// The evaluation table as text.
enum RecommendationTable {
    static func text(_ rows: [PolicyRecommendationEvaluation.Metrics]) -> String {
        func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
            let space = String(repeating: " ", count: max(0, n - s.count))
            return left ? s + space : space + s
        }
        var out = pad("ranker", 28, left: true) + pad("recall@10", 10) + pad("NDCG@10", 9) + pad("coverage", 10) + pad("eligible", 10) + "\n"
        for r in rows {
            out += pad(r.name, 28, left: true) + pad(String(format: "%.4f", r.recall), 10) + pad(String(format: "%.4f", r.ndcg), 9)
                + pad(String(format: "%.3f", r.coverage), 10) + pad(String(format: "%.3f", r.eligibleShare), 10) + "\n"
        }
        return out
    }
}

/// `govbrain model train recommend`.
struct TrainRecommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Learn the policy recommender's blend on a temporal split of the graph's applications and grants, measure it, write Models/policy-recommender/vN.",
        discussion: """
        Weights are learned on the validation half-year (history before now − 12 months), measured on the test half-year
        (history before now − 6 months) against popularity, content-only and collaborative-only rankers and any --peer
        lists, then refitted on the test half-year for serving. Prints the metrics as JSON.
        Example:
          govbrain model train recommend --db .govbrain/demo.sqlite
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Models folder (default: Models/).") var models: String?
    @Option(help: "NAME=FILE: ranked lists (uscc,policy,rank) of an outside recommender to compare.") var peer: [PeerLists] = []

    func run() throws {
        try CLIFailure.run {
            let kg = try database.open(.init(readOnly: true))
            let report = try PolicyRecommenderModel.train(graph: kg, models: try models ?? ResourceLocator.modelsPath(),
                                                          command: (["govbrain model train recommend --db \(database.shown)"] + peer.map { "--peer \($0.name)=\($0.path)" }).joined(separator: " "), peers: peer.map { ($0.name, $0.path) })
            var members: [(String, JSON)] = [("version", .string(report.version)), ("promoted", .bool(report.promoted)), ("directory", .string(report.directory))]
            if case .object(let m) = report.metrics { members += m }
            print(JSONWriter.string(.object(members)))
        }
    }
}

/// `govbrain model eval recommend`.
struct EvaluateRecommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "The temporal hold-out of policy recommendation: recall@10, NDCG@10, coverage and eligible share per ranker.",
        discussion: """
        --export DIR writes validation/ and test/ folders (train.csv uscc,policy,day; users.csv; truth.csv) for an outside
        recommender; --peer NAME=FILE adds its ranked lists (uscc,policy,rank), measured as given and eligibility-filtered.
        Examples:
          govbrain model eval recommend --db .govbrain/demo.sqlite --export /tmp/rec
          govbrain model eval recommend --db .govbrain/demo.sqlite --peer implicit-als=/tmp/rec/als.csv --format json
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Write the splits for an outside recommender to this folder.") var export: String?
    @Option(help: "NAME=FILE: ranked lists (uscc,policy,rank) of an outside recommender to compare.") var peer: [PeerLists] = []
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            let kg = try database.open(.init(readOnly: true))
            let evaluation = try PolicyRecommendationEvaluation(context: try PolicyRecommendationContext(graph: kg))
            if let export { try evaluation.export(to: export) }
            let table = try evaluation.table(peers: peer.map { ($0.name, $0.path) })
            let facts: [(String, JSON)] = [("validationCut", .string(PolicyRecommender.iso(evaluation.validation.cut))),
                                           ("testCut", .string(PolicyRecommender.iso(evaluation.test.cut))),
                                           ("testUsers", .int(Int64(evaluation.test.truth.count))), ("reachableRecall", .double(evaluation.reachable)),
                                           ("openPolicies", .int(Int64(evaluation.test.openPolicies))),
                                           ("blend", try JSONValueEncoder().encode(evaluation.blend))]
            switch output.format {
            case .json: print(JSONWriter.string(.object(facts + [("table", try JSONValueEncoder().encode(table))])))
            case .text:
                print("test half-year from \(PolicyRecommender.iso(evaluation.test.cut)): \(evaluation.test.truth.count) enterprises with grants; "
                      + String(format: "%.3f", evaluation.reachable) + " of their grants were eligible and open at the cut; \(evaluation.test.openPolicies) policies open")
                print(RecommendationTable.text(table), terminator: "")
                print("blend weights (learned on the validation half-year): "
                      + zip(evaluation.blend.features, evaluation.blend.weights).map { "\($0.rawValue) \(String(format: "%.3f", $1))" }.joined(separator: ", "))
            }
        }
    }
}
