import Foundation

/// Writes 12345 work-order texts the way citizens phone or type them: first person, colloquial or
/// formal, short or long, with places (full names, short forms, former names), streets and
/// communities, amounts, dates, masked phone numbers, emotion, irrelevant detail, and noise
/// (typos and homophones, traditional characters, full-width digits, pinyin).
public struct HotlineTextGenerator {
    public struct Text: Sendable {
        public let text: String
        /// The region the text names, if any (adcode), and how it was named.
        public let mentionedAdcode: String?
        public let mention: String?
    }

    let places: PlaceNames

    public init(places: PlaceNames) { self.places = places }

    static let openers = ["", "", "", "您好，", "你好，", "喂，你好，", "我要反映个问题，", "我想投诉一下，", "麻烦问一下，", "打扰了，",
                          "领导好，", "我是一名普通市民，", "求助！", "急！", "本人反映：", "我想咨询一下，", "再次反映，"]
    static let times = ["", "最近", "这几天", "从上个月开始", "这段时间", "每天晚上", "今天早上", "昨天", "已经{时长}了", "{日期}以来",
                        "前天晚上", "这一个多星期", "周末的时候", "今年以来"]
    /// Intents that are mostly questions and applications rather than complaints: they take calmer
    /// time phrases and feelings.
    static let inquiries: Set<String> = ["household_registration", "business_registration", "social_insurance", "medical_insurance",
                                         "provident_fund", "employment", "enterprise_policy", "tax_invoice", "school_admission", "legal_aid",
                                         "veterans_benefits", "minimum_living", "elderly_care", "public_health", "real_estate_registration",
                                         "agri_subsidy", "funeral"]
    static let inquiryTimes = ["", "", "最近", "这两天", "今年", "上周", "前段时间"]
    static let inquiryEmotions = ["心里很着急", "不知道该找哪个部门", "希望能一次说清楚", "麻烦了", "跑了好几趟了", "家里老人等着用"]
    static let emotions = ["实在受不了了", "太气人了", "已经反映过好几次都没人管", "家里老人小孩都受影响", "真的很无奈",
                           "希望政府重视", "说了好多次了", "我们老百姓真的没办法了", "心里很着急", "不知道该找哪个部门"]
    static let irrelevant = ["我是外地来打工的", "我平时上夜班白天要睡觉", "上次打电话说转给街道了", "我家孩子今年高考",
                             "我老婆刚生完小孩", "我是退休职工", "我在这里住了十几年了", "我用的是朋友的手机打的", "我不太会用智能手机",
                             "前几天刚下过大雨", "我们这一片是老城区"]
    /// Details and requests that fit any complaint (most texts never name the department).
    static let genericDetails = ["已经好几天了", "反映过好几次了", "周围很多人都有意见", "我有照片可以提供", "社区也说管不了",
                                 "打了好几个电话都没人接", "这个问题存在很久了", "之前有人来看过但没解决"]
    static let genericAsks = ["请相关部门处理", "希望尽快解决", "请帮忙协调一下", "请派人来看看", "希望有人管一管", "请给个说法",
                              "麻烦尽快核实处理", "希望能帮我们解决"]
    static let closings = ["", "", "请相关部门尽快处理。", "谢谢！", "希望给个答复。", "麻烦回个电话{电话}。", "盼复。", "谢谢政府！",
                           "请尽快处理，谢谢。", "联系电话{电话}。"]
    static let roads = ["民族大道", "友爱路", "朝阳路", "星光大道", "东葛路", "桃源路", "五一路", "新民路", "人民路", "解放路", "建政路",
                        "青秀路", "园湖路", "长堽路", "江南路", "白沙大道", "龙腾路", "文昌路", "中山路", "北海大道", "滨江路",
                        "迎宾路", "金湖路", "长湖路", "秀厢大道", "大学路", "明秀路", "安吉大道", "柳石路", "八一路"]
    static let communityStems = ["阳光", "碧桂", "幸福", "金湖", "翠竹", "锦绣", "凤凰", "荔园", "桂花", "龙湖", "万达", "恒大", "江南",
                                 "东盟", "青山", "绿城", "嘉和", "御景", "盛天", "半岛"]
    static let communitySuffixes = ["小区", "花园", "新村", "苑", "家园", "公寓", "城", "雅苑"]
    static let villageStems = ["那", "板", "六", "坡", "岜", "弄", "思", "平", "古", "龙"]
    static let companyWords = ["宏达", "鑫源", "桂华", "盛世", "恒通", "永兴", "金桂", "华强", "八桂", "东盟"]
    static let hospitals = ["人民医院", "中医院", "第一人民医院", "妇幼保健院", "中心医院", "骨科医院"]
    static let scenicSpots = ["青秀山", "德天瀑布", "漓江", "银滩", "程阳八寨", "大明山"]

    static let homophones: [(String, String)] = [("的", "得"), ("在", "再"), ("已经", "以经"), ("噪音", "燥音"), ("反映", "反应"),
                                                ("部门", "布门"), ("处理", "处里"), ("晚上", "晚尚"), ("工资", "工钱"), ("现在", "现再"),
                                                ("一直", "一只"), ("没有", "木有"), ("小区", "小去"), ("希望", "希旺"), ("投诉", "头诉")]
    static let traditional: [Character: Character] = ["这": "這", "个": "個", "说": "說", "没": "沒", "们": "們", "来": "來", "时": "時",
                                                     "门": "門", "电": "電", "话": "話", "问": "問", "题": "題", "车": "車",
                                                     "钱": "錢", "发": "發", "后": "後", "里": "裡", "还": "還", "处": "處", "厂": "廠"]
    static let pinyinBits = ["wo jia", "ting dian le", "mei ren guan", "hen chao", "qing bang mang", "ma fan le", "zen me ban"]

    /// Near-confusable intents: texts borrow each other's vocabulary.
    static let confusable: [[String]] = [["noise_construction", "noise_social", "noise_industrial"], ["cooking_fumes", "air_pollution"],
                                         ["street_vending", "sanitation"], ["property_mgmt", "housing_quality"],
                                         ["social_insurance", "medical_insurance", "provident_fund"], ["medical_service", "public_health"],
                                         ["food_safety", "consumer_rights"], ["traffic", "road_damage", "public_transport"],
                                         ["wage_arrears", "labor_contract"], ["water_outage", "power_outage", "gas_supply"],
                                         ["illegal_building", "land_expropriation"], ["school_admission", "school_fees"]]

    static func siblings(of intent: String) -> [String] {
        confusable.first { $0.contains(intent) }?.filter { $0 != intent } ?? []
    }

    /// One text for an intent. With `includeHeldOut` false, the last two phrasings of each intent
    /// are not used (the corpus keeps them for the test split, so it measures generalisation to
    /// new wordings). With `onlyHeldOut`, only those two are used: phrasing the training split never had.
    public func text(intent: String, rng: inout SeededRandom, region: PlaceNames.Region?, includeHeldOut: Bool = true,
                     onlyHeldOut: Bool = false) -> Text {
        guard let entry = HotlinePhrasebook.entries[intent] else { return Text(text: intent, mentionedAdcode: nil, mention: nil) }
        let siblings = Self.siblings(of: intent)
        var mention: String?
        var parts: [String] = []
        parts.append(rng.pick(Self.openers))
        // Where: a region named in any of its forms, sometimes with a street or community.
        if let region, rng.chance(0.72) {
            let name = rng.pick(region.mentions)
            mention = name
            let place: String
            switch rng.int(0...4) {
            case 0: place = "我是\(name)的，"
            case 1: place = "我住在\(name){路}附近，"
            case 2: place = "\(name){小区}这边，"
            case 3: place = "在\(name)"
            default: place = "\(name)"
            }
            parts.append(place)
        } else if rng.chance(0.3) {
            parts.append(rng.pick(["我们{小区}这边，", "{路}这边，", "我家附近", "我们村里"]))
        }
        let inquiry = Self.inquiries.contains(intent)
        parts.append(rng.pick(inquiry ? Self.inquiryTimes : Self.times))
        let usable = onlyHeldOut ? Array(entry.problems.suffix(2)) : includeHeldOut ? entry.problems : Array(entry.problems.dropLast(2))
        var problem = rng.pick(usable)
        // Citizens do not use the taxonomy's words: now and then a text is worded like a sibling
        // intent's while it belongs to this one (where annotators also disagree).
        if !siblings.isEmpty, rng.chance(0.08), let other = HotlinePhrasebook.entries[rng.pick(siblings)] {
            problem = rng.pick(includeHeldOut ? other.problems : Array(other.problems.dropLast(2)))
        }
        if rng.chance(0.25) { problem = problem.replacingOccurrences(of: "，", with: "") }
        parts.append(problem)
        let length = rng.chance(0.3) ? 0 : rng.int(0...9)
        if length >= 3 { parts.append("，" + (rng.chance(0.5) ? rng.pick(entry.details) : rng.pick(Self.genericDetails))) }
        // A side remark in a sibling's vocabulary.
        if !siblings.isEmpty, rng.chance(0.2), let other = HotlinePhrasebook.entries[rng.pick(siblings)] {
            parts.append("，" + rng.pick(["另外", "还有", "顺便说一下", "而且"]) + rng.pick(other.details))
        }
        if length >= 6 { parts.append("，" + rng.pick(Self.irrelevant)) }
        if length >= 4 && rng.chance(0.6) { parts.append("，" + rng.pick(inquiry ? Self.inquiryEmotions : Self.emotions)) }
        if length >= 2 || rng.chance(0.4) { parts.append("，" + (rng.chance(0.5) ? rng.pick(entry.asks) : rng.pick(Self.genericAsks))) }
        if length >= 8 { parts.append("，" + rng.pick(entry.details)) }
        parts.append(rng.chance(0.7) ? "。" : "")
        parts.append(rng.pick(Self.closings))
        var text = fill(parts.joined(), rng: &rng, region: region)
        text = text.replacingOccurrences(of: "，，", with: "，").replacingOccurrences(of: "。。", with: "。")
        if text.hasPrefix("，") { text.removeFirst() }
        text = addNoise(text, rng: &rng)
        if text.count > 200 { text = String(text.prefix(199)) + "。" }
        return Text(text: text, mentionedAdcode: mention == nil ? nil : region?.adcode, mention: mention)
    }

    func fill(_ s: String, rng: inout SeededRandom, region: PlaceNames.Region?) -> String {
        guard s.contains("{") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "{", let close = s[i...].firstIndex(of: "}") {
                let slot = String(s[s.index(after: i)..<close])
                out += value(slot, rng: &rng, region: region)
                i = s.index(after: close)
            } else {
                out.append(s[i])
                i = s.index(after: i)
            }
        }
        return out
    }

    private func value(_ slot: String, rng: inout SeededRandom, region: PlaceNames.Region?) -> String {
        switch slot {
        case "路": return rng.pick(Self.roads)
        case "小区": return rng.pick(Self.communityStems) + rng.pick(Self.communitySuffixes)
        case "村": return rng.pick(Self.villageStems) + rng.pick(["排村", "屯", "村", "坡"])
        case "企业": return rng.pick(Self.companyWords) + rng.pick(["公司", "厂", "有限公司", "商贸", "加工厂"])
        case "金额": return String(rng.pick([800, 1500, 2600, 3000, 4500, 6800, 12000, 35000, 80000]))
        case "月数": return String(rng.int(2...8))
        case "人数": return String(rng.int(3...40))
        case "数字": return String(rng.int(2...98))
        case "时长": return rng.pick(["三天", "一个星期", "半个月", "两个多月", "大半年", "好几天"])
        case "日期": return "\(rng.int(1...12))月\(rng.int(1...28))号"
        case "电话": return "1\(rng.pick(["3", "5", "7", "8", "9"]))\(rng.int(0...9))****\(String(format: "%04d", rng.int(0...9999)))"
        case "医院": return (region.flatMap { PlaceNames.shortForm($0.name) } ?? "市") + rng.pick(Self.hospitals)
        case "景区": return rng.pick(Self.scenicSpots)
        case "地": return region.map { rng.pick($0.mentions) } ?? "这边"
        case "行业": return rng.pick(["制造业", "软件", "农产品加工", "物流", "食品", "新材料"])
        default: return slot
        }
    }

    private func addNoise(_ input: String, rng: inout SeededRandom) -> String {
        var text = input
        if rng.chance(0.12) {
            let (a, b) = rng.pick(Self.homophones)
            if let r = text.range(of: a) { text.replaceSubrange(r, with: b) }
        }
        if rng.chance(0.04) {
            text = String(text.map { Self.traditional[$0] ?? $0 })
        }
        if rng.chance(0.15) {
            text = String(text.unicodeScalars.map { s -> Character in
                (48...57).contains(s.value) ? Character(UnicodeScalar(s.value + 0xFEE0)!) : Character(s)
            })
        }
        if rng.chance(0.03) {
            text += " " + rng.pick(Self.pinyinBits)
        }
        if rng.chance(0.08) {
            text = text.replacingOccurrences(of: "，", with: " ").replacingOccurrences(of: "。", with: "")
        }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
