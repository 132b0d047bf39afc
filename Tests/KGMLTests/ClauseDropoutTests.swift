import Foundation
import Testing
@testable import KGML

@Suite struct ClauseDropoutTests {
    static let records = [
        HotlineRecord(id: "a", text: "您好，我们小区停水两天了，什么时候恢复？请尽快处理。", intent: "water_outage", department: "watersupply"),
        HotlineRecord(id: "b", text: "工地半夜还在打桩", intent: "noise_construction", department: "housing"),
        HotlineRecord(id: "c", text: "路灯坏了 晚上很黑 请修一下", intent: "municipal_facilities", department: "urban"),
    ]

    @Test func splitsOnPunctuationAndSpaces() {
        #expect(ClauseDropout.clauses(of: "您好，我们小区停水两天了，什么时候恢复？请尽快处理。") == ["您好", "我们小区停水两天了", "什么时候恢复", "请尽快处理"])
        #expect(ClauseDropout.clauses(of: "路灯坏了 晚上很黑\u{3000}请修一下") == ["路灯坏了", "晚上很黑", "请修一下"])
        #expect(ClauseDropout.clauses(of: "，。") == [])
    }

    @Test func copiesKeepOrderedClausesAndTheLabel() {
        let copies = ClauseDropout(copies: 3, keepProbability: 0.5).augment(Self.records, seed: 7)
        // The one-clause text gets no copies; the others three each.
        #expect(copies.count == 6)
        #expect(!copies.contains { $0.id.hasPrefix("b#") })
        for copy in copies {
            let source = Self.records.first { copy.id.hasPrefix($0.id + "#") }!
            #expect(copy.intent == source.intent && copy.department == source.department)
            // A non-empty subsequence of the source's clauses, in their order.
            let kept = ClauseDropout.clauses(of: copy.text), all = ClauseDropout.clauses(of: source.text)
            #expect(!kept.isEmpty && kept.count <= all.count)
            var i = all.startIndex
            for clause in kept {
                guard let j = all[i...].firstIndex(of: clause) else { Issue.record("\(clause) is not a clause of \(source.text)"); break }
                i = j + 1
            }
        }
    }

    @Test func theSeedDecidesAndTheKeepRateHolds() {
        let dropout = ClauseDropout(copies: 400, keepProbability: 0.3)
        let a = dropout.augment(Self.records, seed: 1), b = dropout.augment(Self.records, seed: 1), c = dropout.augment(Self.records, seed: 2)
        #expect(a.map(\.text) == b.map(\.text))
        #expect(a.map(\.text) != c.map(\.text))
        // Record a has 4 clauses: ≈ 0.3 · 4 kept per copy (a copy that would keep none keeps one).
        let kept = a.filter { $0.id.hasPrefix("a#") }.map { Double(ClauseDropout.clauses(of: $0.text).count) }
        let mean = kept.reduce(0, +) / Double(kept.count)
        #expect(mean > 1.1 && mean < 1.6)
        #expect(ClauseDropout(copies: 0, keepProbability: 0.5).augment(Self.records, seed: 1).isEmpty)
    }

    @Test func aConfigurationWrittenBeforeClauseDropoutDecodesWithout() throws {
        let old = #"{"maxFeatures":200000,"buckets":1048576,"targetPrecision":0.97,"maxN":3,"taxonomyRepeats":10,"c":10,"minN":1,"minDocumentFrequency":2,"maxIterations":300}"#
        let c = try JSONDecoder().decode(RoutingModel.Configuration.self, from: Data(old.utf8))
        #expect(c.clauseDropoutCopies == 0 && c.taxonomyRepeats == 10 && c.c == 10)
        let now = RoutingModel.Configuration()
        #expect(try JSONDecoder().decode(RoutingModel.Configuration.self, from: JSONEncoder().encode(now)) == now)
        #expect(now.clauseDropoutCopies == 1)
    }
}
