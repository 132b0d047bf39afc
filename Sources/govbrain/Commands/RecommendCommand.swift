import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine

/// `govbrain recommend`: policies for an enterprise or a profile.
struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Recommend policies to an enterprise (by USCC) or a profile: eligible ones only, ranked, with reasons.",
        discussion: """
        A profile file is {"industry": "C13", "adcode": "450102", "scale": "small", "ageYears": 3, "capital": 200, "scope": "…"}.
        --why CODE adds every rule of one policy, met or failed (why a policy is not recommended).
        Examples:
          govbrain recommend --db .govbrain/demo.sqlite --uscc 91450102MA5XXXXXXX --k 5 --explain
          govbrain recommend --db .govbrain/demo.sqlite --profile profile.json --format json
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The enterprise's unified social credit code.") var uscc: String?
    @Option(help: "A profile JSON file (instead of --uscc).") var profile: String?
    @Option(help: "How many policies (1–100).") var k: Int = 10
    @Flag(help: "Print every rule each recommendation met.") var explain = false
    @Option(help: "A policy code to explain (met and failed rules).") var why: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (uscc == nil) != (profile == nil) else { throw ValidationError("give exactly one of --uscc CODE and --profile FILE.json") }
        guard (1...100).contains(k) else { throw ValidationError("--k must be from 1 to 100") }
    }

    func run() throws {
        try CLIFailure.run {
            var request = PolicyRecommendRequest(uscc: uscc, k: Int64(k), explain: why)
            if let file = profile {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw EngineError(code: .fileNotFound, message: "cannot read the profile file \(file)") }
                request.profile = try JSONValueDecoder(code: .badValue).decode(ProfileInput.self, from: try JSONParser.parse(text))
            }
            let kg = try database.open(.init(readOnly: true))
            let answer = try PolicyService(graph: kg).recommend(request)
            switch output.format {
            case .json: try Printer.json(answer)
            case .text:
                if let name = answer.enterprise?.name { print("\(name), as of \(answer.asOf)") }
                for (i, item) in answer.items.enumerated() {
                    print("\(i + 1). \(item.title) (\(item.policyId))  score \(String(format: "%.3f", item.score))  deadline \(item.deadline ?? "none")")
                    for r in item.reasons where explain || r.rule == "peers" { print("   · \(r.zh)") }
                }
                if let e = answer.explain {
                    print("\(e.policyId): \(e.eligible ? "eligible" : "not eligible")")
                    for r in e.rules { print("   \(r.met ? "✓" : "✗") \(r.zh) / \(r.en)") }
                }
            }
        }
    }
}
