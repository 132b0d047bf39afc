import Foundation
import Testing
import KGCore
import KGML

/// Place resolution on a slice of the real region table: names, short forms, aliases, former
/// names, context rules and the most specific place.
@Suite struct PlaceResolverTests {
    let resolver = PlaceResolver(regions: [
        .init(adcode: "450000", name: "广西壮族自治区", level: "province", parent: nil),
        .init(adcode: "450100", name: "南宁市", level: "city", parent: "450000"),
        .init(adcode: "450103", name: "青秀区", level: "county", parent: "450100"),
        .init(adcode: "450105", name: "江南区", level: "county", parent: "450100"),
        .init(adcode: "450181", name: "横州市", level: "county", parent: "450100", aliases: ["横县"]),
        .init(adcode: "451200", name: "河池市", level: "city", parent: "450000"),
        .init(adcode: "451226", name: "环江毛南族自治县", level: "county", parent: "451200"),
        .init(adcode: "451000", name: "百色市", level: "city", parent: "450000"),
        .init(adcode: "451030", name: "西林县", level: "county", parent: "451000"),
        .init(adcode: "450500", name: "北海市", level: "city", parent: "450000"),
        .init(adcode: "450329", name: "资源县", level: "county", parent: "450000"),
    ])

    func adcode(_ text: String, address: String? = nil) -> String? { resolver.resolve(text: text, address: address)?.adcode }

    @Test func everyFormOfAName() {
        #expect(adcode("青秀区凤岭北路停水了") == "450103")
        #expect(adcode("我是青秀的，停水两天了") == "450103")
        #expect(adcode("南宁市这几天一直停电") == "450100")
        #expect(adcode("横县的工地晚上施工") == "450181")
        #expect(adcode("横州这边路灯不亮") == "450181")
        #expect(adcode("我在环江，低保怎么申请") == "451226")
        #expect(resolver.resolve(text: "横县的工地")?.form == .alias)
        #expect(resolver.resolve(text: "我是青秀的")?.form == .short)
    }

    @Test func contextRulesOutWordsThatAreNotPlaces() {
        #expect(adcode("药店卖的阿莫西林是假药") == nil)          // 西林 inside 阿莫西林
        #expect(adcode("我住在青秀路附近，停水了") == nil)        // a street named after the district
        #expect(adcode("江南苑小区垃圾没人收") == nil)            // a community
        #expect(adcode("北海大道上有个坑") == nil)                // a road
        #expect(adcode("自然资源局说不归他们管") == nil)           // 资源 as a word
        #expect(adcode("西林这几天停电") == "451030")             // at the start it is the county
        #expect(adcode("在资源最近停水") == "450329")             // after 在 an everyday word is a place
    }

    @Test func theMostSpecificPlaceAndTheAddressWin() {
        #expect(adcode("南宁市青秀区停水") == "450103")
        #expect(adcode("南宁青秀停水") == "450103")
        #expect(adcode("停水了", address: "广西南宁市江南区某路12号") == "450105")
        #expect(adcode("我是青秀的", address: "江南区") == "450105")
        #expect(adcode("我是青秀的", address: "不知道") == "450103")
        #expect(adcode("停水了", address: "450105") == "450105")
        #expect(adcode("停水了", address: "999999") == nil)
    }

    @Test func traditionalAndFullWidthTextIsFolded() {
        #expect(adcode("南寧市這邊停電") == "450100")
    }

    @Test func ancestryWalksUpToTheProvince() {
        #expect(resolver.ancestry("450103") == ["450103", "450100", "450000"])
        #expect(resolver.ancestry("999999") == [])
    }
}
