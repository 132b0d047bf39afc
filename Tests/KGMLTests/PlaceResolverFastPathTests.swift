import Foundation
import Testing
import KGCore
import KGML

/// The resolver's table of ideograph scalars finds exactly what its Character look-up finds: a
/// resolver whose forms are all ideographs (table on) and the same regions plus one with a Latin
/// alias (table off) name the same places in every text, including texts with compatibility
/// ideographs, combining marks, traditional characters and no place at all.
@Suite struct PlaceResolverFastPathTests {
    static let regions: [PlaceResolver.Region] = [
        .init(adcode: "450000", name: "广西壮族自治区", level: "province", parent: nil),
        .init(adcode: "450100", name: "南宁市", level: "city", parent: "450000"),
        .init(adcode: "450103", name: "青秀区", level: "county", parent: "450100"),
        .init(adcode: "450105", name: "江南区", level: "county", parent: "450100"),
        .init(adcode: "450181", name: "横州市", level: "county", parent: "450100", aliases: ["横县"]),
        .init(adcode: "451226", name: "环江毛南族自治县", level: "county", parent: "450000"),
        .init(adcode: "451030", name: "西林县", level: "county", parent: "450000"),
        .init(adcode: "450500", name: "北海市", level: "city", parent: "450000"),
        .init(adcode: "450329", name: "资源县", level: "county", parent: "450000"),
        .init(adcode: "450330", name: "平乐县", level: "county", parent: "450000"),
    ]

    @Test func theTableFindsWhatTheCharacterLookUpFinds() {
        let fast = PlaceResolver(regions: Self.regions)
        let slow = PlaceResolver(regions: Self.regions + [.init(adcode: "999999", name: "Zone9", level: "county", parent: nil)])
        let texts = ["青秀区凤岭北路停水了", "我是青秀的，停水两天了", "横县的工地晚上施工", "我在环江，低保怎么申请", "药店卖的阿莫西林是假药",
                     "我住在青秀路附近", "江南苑小区", "北海大道上有个坑", "资源的问题", "在资源这边", "青\u{301}秀区停水", "南寧市停電",
                     "\u{F900}南宁市", "南宁市\u{FE0F}青秀区", "平乐", "在平乐的", "", "abc", "😀青秀区😀", "广西壮族自治区南宁市青秀区横州市横县",
                     "ｑ青秀区１２３", "青秀区", "区", "青", "北海市北海", "去北海", "西林县西林", "从西林来"]
        for text in texts {
            #expect(fast.mentions(in: text) == slow.mentions(in: text), "\(text)")
            #expect(fast.resolve(text: text) == slow.resolve(text: text), "\(text)")
        }
        // Generated texts: random runs of the forms' characters, introducers and others.
        let alphabet = Array("青秀区南宁市江南横州县环毛族自治西林北海资源平乐广壮在是的和路小村，。 a1\u{301}")
        var state: UInt64 = 2026_1207
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int(state % 12) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            #expect(fast.mentions(in: text) == slow.mentions(in: text), "\(text.debugDescription)")
        }
    }
}
