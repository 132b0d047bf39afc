import Foundation
import Testing
import GovBrainTestSupport
@testable import KGEmbedding

/// Pinyin readings and the syllable features that let homophones of a transcription meet.
@Suite struct PinyinTests {
    static let table = try! PinyinTable.load(file: SmallTextEncoder.repositoryRoot.appendingPathComponent("Datasets/reference/pinyin.csv").path)

    @Test func theTableCoversTheCommonCharactersWithTheirReadings() {
        #expect(Self.table.count > 20_000)
        let zhao = Self.table.readings(of: "着").map { Self.table.syllables[Int($0)] }
        #expect(zhao == ["ze", "zao", "zuo"])  // zhe zhao zhuo, with zh merged into z
        #expect(Self.table.readings(of: "a").isEmpty && Self.table.readings(of: "，").isEmpty)
    }

    @Test func confusableSoundsMerge() {
        #expect(PinyinTable.fuzzy("zhang") == "zan" && PinyinTable.fuzzy("shi") == "si" && PinyinTable.fuzzy("chuang") == "cuan")
        #expect(PinyinTable.fuzzy("liu") == "niu" && PinyinTable.fuzzy("ming") == "min" && PinyinTable.fuzzy("feng") == "fen")
        #expect(PinyinTable.fuzzy("a") == "a" && PinyinTable.fuzzy("Nv") == "nv")
    }

    func shared(_ a: String, _ b: String) -> Double {
        let hasher = PinyinHasher(table: Self.table)
        let x = Set(hasher.counts(of: a).buckets), y = Set(hasher.counts(of: b).buckets)
        return Double(x.intersection(y).count) / Double(x.union(y).count)
    }

    @Test func homophonesShareTheirSyllableFeatures() {
        #expect(shared("煤气泄漏", "梅气泄露") > 0.5)
        #expect(shared("着火了", "招火了") > 0.3)
        #expect(shared("困住了", "困主了") == 1)
        #expect(shared("火灾", "水灾") < 0.5)
        #expect(PinyinHasher(table: Self.table).counts(of: "hello, world").buckets.isEmpty)
    }

    @Test func badTablesNameTheLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pinyin-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try "char,readings\n火,huo\n水,shui2\n".write(to: file, atomically: true, encoding: .utf8)
        #expect { try PinyinTable.load(file: file.path) } throws: { "\($0)".contains("line 3") }
        try "char,readings\n火火,huo\n".write(to: file, atomically: true, encoding: .utf8)
        #expect { try PinyinTable.load(file: file.path) } throws: { "\($0)".contains("line 2") }
    }
}
