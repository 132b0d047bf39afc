import Foundation
import KGCore

/// The policy library (`Datasets/reference/policies.jsonl`): one policy per line with its
/// structured eligibility, written into the graph with its issuer, industries, regions, tags and,
/// for plans, tasks and targets.
enum PolicyLibrary {
    struct Policy {
        var code = "", title = "", issuer = "", docNumber = "", publishedOn = "", validFrom = "", validUntil = ""
        var summary = ""
        var industries: [String] = [], regions: [String] = [], scales: [String] = [], tags: [String] = []
        var minAgeYears: Int?, maxAgeYears: Int?
        var minCapital: Double?
        var eligibilityJSON = "{}"
        var forCitizens = false
        var typicalAmount = 50_000.0
        var tasks: [(code: String, name: String, description: String, targets: [(code: String, name: String, value: String)])] = []

        var publishedDay: Int { CypherDate(iso: publishedOn)?.daysSinceEpoch ?? 0 }

        /// Whether an enterprise meets the hard rules.
        func eligible(industry: String, scale: String, age: Int, capital: Double, adcode: String, parentOf: [String: String]) -> Bool {
            if !industries.isEmpty {
                let section = String(industry.prefix(1))
                guard industries.contains(industry) || industries.contains(section) else { return false }
            }
            if !regions.isEmpty {
                var a: String? = adcode
                var ok = false
                while let cur = a { if regions.contains(cur) { ok = true; break }; a = parentOf[cur] }
                guard ok else { return false }
            }
            if !scales.isEmpty, !scales.contains(scale) { return false }
            if let minAgeYears, age < minAgeYears { return false }
            if let maxAgeYears, age > maxAgeYears { return false }
            if let minCapital, capital < minCapital { return false }
            return true
        }
    }

    static func parse(_ lines: [String]) throws -> [Policy] {
        try lines.enumerated().compactMap { k, line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            let json: JSON
            do { json = try JSONParser.parse(trimmed) } catch {
                throw DatagenError(code: .malformedJSON, message: "policies.jsonl line \(k + 1): \(error)")
            }
            func s(_ key: String) -> String { json[key]?.stringValue ?? "" }
            func list(_ key: String) -> [String] { json[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
            var p = Policy()
            p.code = s("code"); p.title = s("title"); p.issuer = s("issuer"); p.docNumber = s("docNumber")
            p.publishedOn = s("publishedOn"); p.validFrom = s("validFrom"); p.validUntil = s("validUntil"); p.summary = s("summary")
            p.industries = list("industries"); p.regions = list("regions"); p.scales = list("scales"); p.tags = list("tags")
            if case .int(let v)? = json["minAgeYears"] { p.minAgeYears = Int(v) }
            if case .int(let v)? = json["maxAgeYears"] { p.maxAgeYears = Int(v) }
            if let v = json["minCapital"], case .int(let i) = v { p.minCapital = Double(i) } else if case .double(let d)? = json["minCapital"] { p.minCapital = d }
            if let e = json["eligibility"] { p.eligibilityJSON = JSONWriter.string(e) }
            if case .bool(let b)? = json["forCitizens"] { p.forCitizens = b }
            if case .int(let v)? = json["typicalAmount"] { p.typicalAmount = Double(v) }
            for t in json["tasks"]?.arrayValue ?? [] {
                let targets = (t["targets"]?.arrayValue ?? []).map { ($0["code"]?.stringValue ?? "", $0["name"]?.stringValue ?? "", $0["targetValue"]?.stringValue ?? "") }
                p.tasks.append((t["code"]?.stringValue ?? "", t["name"]?.stringValue ?? "", t["description"]?.stringValue ?? "", targets))
            }
            guard !p.code.isEmpty, !p.title.isEmpty else { throw DatagenError(code: .badValue, message: "policies.jsonl line \(k + 1): a policy needs code and title") }
            return p
        }
    }

    static func write(_ policies: [Policy], regions: PlaceNames, offices: Set<String>,
                      node: (String, [String]) throws -> CSVOutput, rel: (String, [String]) throws -> CSVOutput) throws {
        let pCSV = try node("policies.csv", ["code:ID(Policy)", "title", "docNumber", "publishedOn:date", "validFrom:date", "validUntil:date", "summary",
                                             "targetScales:string[]", "minAgeYears:int", "maxAgeYears:int", "minCapital:double", "eligibility", "forCitizens:boolean", ":LABEL"])
        let tagCSV = try node("tags.csv", ["code:ID(Tag)", "name", "kind", ":LABEL"])
        let taskCSV = try node("plan_tasks.csv", ["code:ID(PlanTask)", "name", "description", ":LABEL"])
        let targetCSV = try node("plan_targets.csv", ["code:ID(PlanTarget)", "name", "targetValue", ":LABEL"])
        let issued = try rel("policy_issued_by.csv", [":START_ID(Policy)", ":END_ID(Office)", ":TYPE"])
        let inIndustry = try rel("policy_applies_to_industry.csv", [":START_ID(Policy)", ":END_ID(Industry)", ":TYPE"])
        let inRegion = try rel("policy_applies_to_region.csv", [":START_ID(Policy)", ":END_ID(Region)", ":TYPE"])
        let hasTag = try rel("policy_has_tag.csv", [":START_ID(Policy)", ":END_ID(Tag)", ":TYPE"])
        let hasTask = try rel("policy_has_task.csv", [":START_ID(Policy)", ":END_ID(PlanTask)", ":TYPE"])
        let hasTarget = try rel("task_has_target.csv", [":START_ID(PlanTask)", ":END_ID(PlanTarget)", ":TYPE"])
        var tags: [String: String] = [:]
        for p in policies {
            pCSV.write([p.code, p.title, p.docNumber, p.publishedOn, p.validFrom, p.validUntil, p.summary, p.scales.joined(separator: ";"),
                        p.minAgeYears.map(String.init) ?? "", p.maxAgeYears.map(String.init) ?? "", p.minCapital.map { String($0) } ?? "",
                        p.eligibilityJSON, p.forCitizens ? "true" : "false", "Policy"])
            if offices.contains(p.issuer) { issued.write([p.code, p.issuer, "ISSUED_BY"]) }
            for i in p.industries { inIndustry.write([p.code, i, "APPLIES_TO_INDUSTRY"]) }
            for r in p.regions where regions.byAdcode[r] != nil { inRegion.write([p.code, r, "APPLIES_TO_REGION"]) }
            for t in p.tags {
                let code = tags[t] ?? String(format: "TAG%04d", tags.count + 1)
                if tags[t] == nil { tags[t] = code; tagCSV.write([code, t, "policy", "Tag"]) }
                hasTag.write([p.code, code, "HAS_TAG"])
            }
            for task in p.tasks {
                taskCSV.write([task.code, task.name, task.description, "PlanTask"])
                hasTask.write([p.code, task.code, "HAS_TASK"])
                for target in task.targets {
                    targetCSV.write([target.code, target.name, target.value, "PlanTarget"])
                    hasTarget.write([task.code, target.code, "HAS_TARGET"])
                }
            }
        }
    }
}
