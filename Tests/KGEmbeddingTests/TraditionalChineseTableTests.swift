import Testing
@testable import KGEmbedding

/// The folding table gives what the traditional → simplified dictionary gives, for every scalar.
@Suite struct TraditionalChineseTableTests {
    @Test func theTableIsTheDictionary() {
        var differences: [UInt32] = []
        for v in UInt32(0)...0x10FFFF {
            guard let c = Unicode.Scalar(v) else { continue }
            if TraditionalChinese.simplified(c) != (TraditionalChinese.map[c] ?? c) { differences.append(v) }
        }
        #expect(differences.isEmpty, "\(differences.prefix(10))")
        #expect(TraditionalChinese.simplified("國") == "国" && TraditionalChinese.simplified("国") == "国")
    }
}
