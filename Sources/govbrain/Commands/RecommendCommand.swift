import ArgumentParser
import Foundation
import KGCore
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

    @Option(help: "Database file (default: .govbrain/demo.sqlite).") var db: String = KnowledgeGraph.defaultDatabasePath
    @Option(help: "The enterprise's unified social credit code.") var uscc: String?
    @Option(help: "A profile JSON file (instead of --uscc).") var profile: String?
    @Option(help: "How many policies (1–100).") var k: Int = 10
    @Flag(help: "Print every rule each recommendation met.") var explain = false
    @Option(help: "A policy code to explain (met and failed rules).") var why: String?
    @Option(help: "text or json.") var format: TextOrJSON = .text

    func run() throws {
        try CLIFailure.run {
            var request: [(String, JSON)] = [("k", .int(Int64(k)))]
            switch (uscc, profile) {
            case (let code?, nil): request.append(("uscc", .string(code)))
            case (nil, let file?):
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw EngineError(code: .badValue, message: "cannot read the profile file \(file)") }
                request.append(("profile", try JSONParser.parse(text)))
            default: throw EngineError(code: .badValue, message: "give exactly one of --uscc CODE and --profile FILE.json")
            }
            if let why { request.append(("explain", .string(why))) }
            let kg = try KnowledgeGraph.open(path: db, options: .init(readOnly: true))
            let doc = try kg.policies.recommend(request: .object(request))
            switch format {
            case .json: print(JSONWriter.string(doc))
            case .text:
                if let name = doc["enterprise"]?["name"]?.stringValue { print("\(name), as of \(doc["asOf"]?.stringValue ?? "")") }
                for (i, item) in (doc["items"]?.arrayValue ?? []).enumerated() {
                    print("\(i + 1). \(item["title"]?.stringValue ?? "") (\(item["policyId"]?.stringValue ?? ""))  score \(String(format: "%.3f", item["score"]?.doubleValue ?? 0))  deadline \(item["deadline"]?.stringValue ?? "none")")
                    let reasons = item["reasons"]?.arrayValue ?? []
                    for r in reasons where explain || r["rule"]?.stringValue == "peers" { print("   · \(r["zh"]?.stringValue ?? "")") }
                }
                if let e = doc["explain"] {
                    print("\(e["policyId"]?.stringValue ?? ""): \(e["eligible"] == .bool(true) ? "eligible" : "not eligible")")
                    for r in e["rules"]?.arrayValue ?? [] { print("   \(r["met"] == .bool(true) ? "✓" : "✗") \(r["zh"]?.stringValue ?? "") / \(r["en"]?.stringValue ?? "")") }
                }
            }
        }
    }
}
