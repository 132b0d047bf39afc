import ArgumentParser
import Foundation
import KGCore
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
    @Option(help: "Database file (default: .govbrain/demo.sqlite).") var db: String = KnowledgeGraph.defaultDatabasePath
    @Option(help: "How many passages (1–100).") var k: Int = 5
    @Option(help: "hybrid, bm25 or dense.") var mode: String = "hybrid"
    @Option(help: "text or json.") var format: TextOrJSON = .text

    func run() throws {
        try CLIFailure.run {
            let kg = try KnowledgeGraph.open(path: db, options: .init(readOnly: true))
            let doc = try kg.policies.search(request: .object([("text", .string(question)), ("k", .int(Int64(k))), ("mode", .string(mode))]))
            switch format {
            case .json: print(JSONWriter.string(doc))
            case .text:
                for (i, r) in (doc["results"]?.arrayValue ?? []).enumerated() {
                    print("\(i + 1). \(r["title"]?.stringValue ?? "") (\(r["policyId"]?.stringValue ?? ""), 第\(Int(r["article"]?.doubleValue ?? 0))段)  \(String(format: "%.4f", r["score"]?.doubleValue ?? 0))")
                    print("   \(r["text"]?.stringValue ?? "")")
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

    @Option(help: "Database file (default: .govbrain/demo.sqlite).") var db: String = KnowledgeGraph.defaultDatabasePath
    @Option(help: "text or json.") var format: TextOrJSON = .text

    func run() throws {
        try CLIFailure.run {
            let kg = try KnowledgeGraph.open(path: db, options: .init(readOnly: true))
            let report = try PolicySearchEvaluation.run(try kg.policies.search())
            switch format {
            case .json: print(JSONWriter.string(report))
            case .text:
                print("\(Int(report["questions"]?.doubleValue ?? 0)) test questions over \(Int(report["passages"]?.doubleValue ?? 0)) passages (dense weight \(report["denseWeight"]?.doubleValue ?? 0), tuned on the other half)")
                for (mode, m) in report["modes"]?.objectValue ?? [] {
                    print(String(format: "%@  recall@5 %.4f  MRR %.4f", mode.padding(toLength: 7, withPad: " ", startingAt: 0), m["recallAt5"]?.doubleValue ?? .nan, m["mrr"]?.doubleValue ?? .nan))
                }
            }
        }
    }
}
