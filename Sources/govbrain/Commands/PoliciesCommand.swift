import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine

/// `govbrain policies`: policy Q&A over the policy library of a database.
struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "Policy Q&A: search the policy passages that answer a question; measure the search.",
        discussion: """
        Examples:
          govbrain policies search --db .govbrain/demo.sqlite "北海的小微企业能享受什么支持？"
          govbrain policies evaluate-search --db .govbrain/demo.sqlite
        """,
        subcommands: [PoliciesSearch.self, PoliciesEvaluateSearch.self])
}

/// `govbrain policies search`.
struct PoliciesSearch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "The policy passages that answer a question, best first (hybrid BM25 + dense, fused by reciprocal rank).",
        discussion: "Example:\n  govbrain policies search --db .govbrain/demo.sqlite \"申请稳岗返还需要什么条件\" --k 3")

    @Argument(help: "The question.") var question: String
    @OptionGroup var database: DatabaseOptions
    @Option(help: "How many passages (1–100).") var k: Int = 5
    @Option(help: "hybrid, bm25 or dense.") var mode: PolicySearch.Mode = .hybrid
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...100).contains(k) else { throw ValidationError("--k must be from 1 to 100") }
    }

    func run() throws {
        try CLIFailure.run {
            let kg = try database.open(.init(readOnly: true))
            let answer = try PolicyService(graph: kg).search(PolicySearchRequest(text: question, k: Int64(k), mode: mode.rawValue))
            switch output.format {
            case .json: try Printer.json(answer)
            case .text:
                for (i, r) in answer.results.enumerated() {
                    print("\(i + 1). \(r.passage.title) (\(r.passage.policyCode), 第\(r.passage.article)段)  \(String(format: "%.4f", r.score))")
                    print("   \(r.passage.text)")
                }
            }
        }
    }
}

/// `govbrain policies evaluate-search`.
struct PoliciesEvaluateSearch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-search",
        abstract: "Recall@5 and MRR of BM25, dense and hybrid search on questions built from the policy library.",
        discussion: "Example:\n  govbrain policies evaluate-search --db .govbrain/demo.sqlite --format json")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            let kg = try database.open(.init(readOnly: true))
            let report = try PolicySearchEvaluation.run(try PolicyService(graph: kg).search())
            switch output.format {
            case .json: try Printer.json(report)
            case .text:
                print("\(report.questions) test questions over \(report.passages) passages (dense weight \(report.denseWeight), tuned on the other half)")
                for m in report.modes {
                    print(String(format: "%@  recall@5 %.4f  MRR %.4f", m.mode.padding(toLength: 7, withPad: " ", startingAt: 0), m.recallAt5, m.mrr))
                }
            }
        }
    }
}

extension PolicySearch.Mode: ExpressibleByArgument {}
