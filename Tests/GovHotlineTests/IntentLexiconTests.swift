import Foundation
import Testing
import KGEngine
@testable import GovHotline
import GovBrainTestSupport
import KGML

/// The shipped domain lexicon (`Datasets/reference/intent_lexicon.csv`) and its reader.
@Suite struct IntentLexiconTests {
    static let reference = SmallTextEncoder.repositoryRoot.appendingPathComponent("Datasets/reference")

    @Test func theShippedLexiconCoversEveryIntentOnce() throws {
        let taxonomy = Self.reference.appendingPathComponent("intents.csv").path
        let terms = try IntentLexicon.terms(file: Self.reference.appendingPathComponent("intent_lexicon.csv").path, taxonomy: taxonomy)
        let phrases = try IntentTaxonomy.phrases(file: taxonomy)
        let intents = Set(phrases.map(\.intent))
        #expect(intents.count == 53)
        let byIntent = Dictionary(grouping: terms, by: \.intent)
        #expect(Set(byIntent.keys) == intents)
        #expect(byIntent.values.allSatisfy { $0.count >= 15 })
        // Every term names one intent, and carries that intent's department.
        let owners = Dictionary(grouping: terms, by: \.text).filter { Set($0.value.map(\.intent)).count > 1 }
        #expect(owners.isEmpty, "terms of several intents: \(owners.keys.sorted())")
        let department = Dictionary(phrases.map { ($0.intent, $0.department) }, uniquingKeysWith: { a, _ in a })
        #expect(terms.allSatisfy { department[$0.intent] == $0.department })
    }

    @Test func anUnknownIntentIsNamedWithItsRow() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lexicon.csv")
        try "id,terms_zh\ngas_supply,煤气罐、液化气\ngas_leak,漏气\n".write(to: file, atomically: true, encoding: .utf8)
        let taxonomy = Self.reference.appendingPathComponent("intents.csv").path
        do {
            _ = try IntentLexicon.terms(file: file.path, taxonomy: taxonomy)
            Issue.record("an unknown intent must be refused")
        } catch {
            #expect("\(error)".contains("row 3") && "\(error)".contains("gas_leak"))
        }
        try "id,words\ngas_supply,煤气罐\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try IntentLexicon.terms(file: file.path, taxonomy: taxonomy) }
    }
}
