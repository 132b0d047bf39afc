import Testing
@testable import KGEmbedding

/// BM25 over character unigrams and bigrams.
@Suite struct BM25IndexTests {
    @Test func ranksByRareSharedTermsAndLength() {
        let index = BM25Index(texts: ["对小微企业给予房租减免", "对农业龙头企业给予奖励", "企业企业企业企业企业企业企业企业对小微企业给予房租减免", "稳岗返还"])
        let hits = index.search("小微企业房租减免", k: 3)
        #expect(hits.first?.document == 0)          // the short document beats the same words in a longer one
        #expect(hits.map(\.document).contains(2))
        #expect(!hits.map(\.document).contains(3))  // shares no term
        #expect(index.search("稳岗", k: 5).map(\.document) == [3])
        #expect(index.search("，。", k: 5).isEmpty)
        #expect(BM25Index.terms("房租，减免") == ["房", "房租", "租", "减", "减免", "免"])
    }
}
