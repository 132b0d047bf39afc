import KGCore
import KGEmbedding
import Foundation

/// Finds the region a hotline text or address names, in any form people use: the full name
/// (青秀区, 南宁市), the short form (青秀, 南宁, 环江), a current or former name from the alias table
/// (横县 for 横州市, 田阳区 for 田阳县).
///
/// Full names and aliases are taken wherever they occur. A short form is also an ordinary word or
/// part of a longer name often enough that it needs context: it must start the text or follow a
/// break, another place name or a word that may introduce a place (在, 住, 是, 从, 到, 的, 和 …), so
/// 西林 in 阿莫西林 is not 西林县; and it must not run into a street, community, mountain or village
/// name (青秀路, 江南苑, 北海大道, 城中村). Short forms that are everyday words (资源, 江南, 港口,
/// 三江 …) after a weak introducer (的, 和, 这 …) must in addition be followed by a break or a word
/// that ends a place (的, 这边, 附近 …).
/// When several regions are named, the most specific wins (a county over its city), the first one
/// among equals.
public struct PlaceResolver: Sendable {
    /// A region of the reference table as the graph holds it.
    public struct Region: Sendable, Equatable {
        public let adcode: String
        public let name: String
        /// province, city or county.
        public let level: String
        public let parent: String?
        /// Current and former names besides `name`.
        public let aliases: [String]

        public init(adcode: String, name: String, level: String, parent: String?, aliases: [String] = []) {
            self.adcode = adcode; self.name = name; self.level = level; self.parent = parent; self.aliases = aliases
        }
    }

    /// How a region was named.
    public enum Form: String, Sendable { case name, alias, short, adcode }

    /// One place found in a text.
    public struct Mention: Sendable, Equatable {
        public let adcode: String
        /// The words as written (after traditional → simplified folding).
        public let surface: String
        /// Character offset in the text.
        public let offset: Int
        public let form: Form
    }

    private struct Entry: Sendable { let region: Int; let form: Form }

    public let regions: [Region]
    private let indexByAdcode: [String: Int]
    /// Surface form → the regions it names.
    private let entries: [String: [Entry]]
    /// First character → surface forms starting with it, longest first.
    private let formsByFirst: [Character: [[Character]]]
    /// The same lists by the first character's scalar, when every surface form is made of CJK
    /// unified ideographs alone (nil otherwise): slot of scalar v − 0x3400 → index into
    /// `formScalars`, −1 for none. Hashing a `Character` (it normalises) for every character of
    /// every text was most of the resolver's time.
    private let firstSlots: [Int32]?
    /// Each slot's forms (as in `formsByFirst`, same order) and their scalars.
    private let slotForms: [[[Character]]]
    private let formScalars: [[[UInt32]]]

    /// Characters after which a short form may start (besides breaks and other place names).
    static let placeIntroducers: Set<Character> = Set("在是住到去从于回往和与及的了自我家个位对向经由至跟同给把被让这那说就也都还又、")
    /// Continuations that make a short form part of another name (a street, a community, a village…).
    static let nameContinuations = ["路", "大道", "大街", "街", "巷", "山", "江", "河", "湖", "苑", "小区", "花园", "新村", "家园",
                                    "公寓", "城", "雅苑", "村", "屯", "广场", "大厦", "酒店", "宾馆", "公园", "桥", "港", "公司", "集团",
                                    "银行", "牌", "号"]
    /// Words after which a place name is expected (so even an everyday word there is a place).
    static let strongIntroducers: Set<Character> = Set("在是住到去从于回往自")
    /// Short forms that are also everyday words or common parts of company names.
    static let everydayWords: Set<String> = ["资源", "江南", "城中", "港口", "三江", "兴业", "永福", "兴安", "七星", "凌云", "乐业",
                                             "东兴", "长洲", "合山", "大新", "海城", "万秀", "平乐", "天等", "大化", "象山", "马山"]
    /// What may follow an everyday-word short form for it to count as a place.
    static let placeEndings = ["的", "这", "那", "人", "一带", "附近", "境内", "地区", "当地", "城区", "县城", "市区", "片区", "镇", "乡"]

    public init(regions: [Region]) {
        self.regions = regions
        var index: [String: Int] = [:]
        var entries: [String: [Entry]] = [:]
        for (k, r) in regions.enumerated() {
            index[r.adcode] = k
            entries[r.name, default: []].append(Entry(region: k, form: .name))
            for a in r.aliases where !a.isEmpty && a != r.name { entries[a, default: []].append(Entry(region: k, form: .alias)) }
            if let s = RegionNameForms.shortForm(r.name), s.count >= 2 { entries[s, default: []].append(Entry(region: k, form: .short)) }
            for a in r.aliases { if let s = RegionNameForms.shortForm(a), s.count >= 2, entries[s] == nil { entries[s, default: []].append(Entry(region: k, form: .short)) } }
        }
        var byFirst: [Character: [[Character]]] = [:]
        for form in entries.keys { byFirst[form.first!, default: []].append(Array(form)) }
        for key in byFirst.keys { byFirst[key]!.sort { $0.count > $1.count } }
        indexByAdcode = index
        self.entries = entries
        formsByFirst = byFirst
        var slots: [Int32]?, forms: [[[Character]]] = [], scalars: [[[UInt32]]] = []
        if entries.keys.allSatisfy({ $0.allSatisfy { Self.ideographValue($0) != 0 } }) {
            var table = [Int32](repeating: -1, count: 0x9FFF - 0x3400 + 1)
            for (first, list) in byFirst {
                table[Int(Self.ideographValue(first) - 0x3400)] = Int32(forms.count)
                forms.append(list)
                scalars.append(list.map { $0.map(Self.ideographValue) })
            }
            slots = table
        }
        firstSlots = slots
        slotForms = forms
        formScalars = scalars
    }

    /// The scalar of a character that is one CJK unified ideograph (such a character equals
    /// another only when they are the same scalar: no other sequence is canonically equivalent
    /// to it but the compatibility ideographs, which are outside these blocks); 0 otherwise.
    static func ideographValue(_ c: Character) -> UInt32 {
        let scalars = c.unicodeScalars
        guard let v = scalars.first?.value, scalars.index(after: scalars.startIndex) == scalars.endIndex else { return 0 }
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) ? v : 0
    }

    /// The region with this adcode.
    public func region(_ adcode: String) -> Region? { indexByAdcode[adcode].map { regions[$0] } }

    /// The chain of regions from `adcode` up to the province (itself first).
    public func ancestry(_ adcode: String) -> [String] {
        var out: [String] = []
        var current: String? = adcode
        while let code = current, let k = indexByAdcode[code], !out.contains(code) {
            out.append(code)
            current = regions[k].parent
        }
        return out
    }

    /// Every place named in `text`, leftmost-longest, in order.
    public func mentions(in text: String) -> [Mention] {
        let chars = Array(TextNormalizer.simplify(text))
        // With `firstSlots`: each character's ideograph scalar (0: compare it as a Character).
        let keys = firstSlots == nil ? [] : chars.map(Self.ideographValue)
        func matches(_ form: [Character], scalars: [UInt32]?, at i: Int) -> Bool {
            guard i + form.count <= chars.count else { return false }
            guard let scalars else { return chars[i..<(i + form.count)].elementsEqual(form) }
            for t in 0..<scalars.count {
                let k = keys[i + t]
                if k != 0 ? k != scalars[t] : chars[i + t] != form[t] { return false }
            }
            return true
        }
        var out: [Mention] = []
        var i = 0
        var lastEnd = -1
        while i < chars.count {
            let candidates: [[Character]], candidateScalars: [[UInt32]]?
            if let slots = firstSlots, keys[i] != 0 {
                let slot = slots[Int(keys[i] - 0x3400)]
                guard slot >= 0 else { i += 1; continue }
                candidates = slotForms[Int(slot)]
                candidateScalars = formScalars[Int(slot)]
            } else {
                guard let found = formsByFirst[chars[i]] else { i += 1; continue }
                candidates = found
                candidateScalars = nil
            }
            var matched = false
            for (n, form) in candidates.enumerated() where matches(form, scalars: candidateScalars?[n], at: i) {
                let surface = String(form)
                guard let entryList = entries[surface] else { continue }
                let entry = choose(entryList, among: out)
                if entry.form == .short && !acceptsShortForm(surface, chars: chars, start: i, end: i + form.count, afterPlace: lastEnd == i) {
                    continue
                }
                out.append(Mention(adcode: regions[entry.region].adcode, surface: surface, offset: i, form: entry.form))
                lastEnd = i + form.count
                i += form.count
                matched = true
                break
            }
            if !matched { i += 1 }
        }
        return out
    }

    /// The region a work order is about: the caller's address first (a region name or its
    /// adcode), then the text; the most specific place named, the first among equals; nil when
    /// neither names one.
    public func resolve(text: String, address: String? = nil) -> Mention? {
        if let address {
            // A caller system may send the region's code itself.
            let code = address.trimmingCharacters(in: .whitespaces)
            if code.count == 6, code.allSatisfy(\.isASCII), indexByAdcode[code] != nil {
                return Mention(adcode: code, surface: code, offset: 0, form: .adcode)
            }
            if let found = mostSpecific(mentions(in: address)) { return found }
        }
        return mostSpecific(mentions(in: text))
    }

    private func mostSpecific(_ found: [Mention]) -> Mention? {
        func rank(_ m: Mention) -> Int {
            switch indexByAdcode[m.adcode].map({ regions[$0].level }) {
            case "county": return 3
            case "city": return 2
            default: return 1
            }
        }
        var best: Mention?
        for m in found where best == nil || rank(m) > rank(best!) { best = m }
        return best
    }

    /// Where a surface form names several regions, the one inside a region already named, else the first.
    private func choose(_ list: [Entry], among found: [Mention]) -> Entry {
        guard list.count > 1 else { return list[0] }
        let named = Set(found.map(\.adcode))
        for e in list where ancestry(regions[e.region].adcode).dropFirst().contains(where: named.contains) { return e }
        return list.min { $0.form.rank < $1.form.rank } ?? list[0]
    }

    private func acceptsShortForm(_ surface: String, chars: [Character], start: Int, end: Int, afterPlace: Bool) -> Bool {
        // Left: the start, a break, another place name, or a word that introduces a place.
        var strongLeft = true
        if start > 0 && !afterPlace {
            let left = chars[start - 1]
            if Self.isHan(left) {
                if !Self.placeIntroducers.contains(left) { return false }
                strongLeft = Self.strongIntroducers.contains(left)
            }
        }
        let rest = chars[end...]
        for c in Self.nameContinuations where rest.starts(with: c) { return false }
        // An everyday word in mid-sentence is a place only where a place word follows.
        if Self.everydayWords.contains(surface) && !strongLeft {
            guard let next = rest.first, Self.isHan(next) else { return true }
            return Self.placeEndings.contains { rest.starts(with: $0) }
        }
        return true
    }

    static func isHan(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
    }
}

extension PlaceResolver.Form {
    /// Preference when one surface names several regions: the full name, then an alias, then a short form.
    var rank: Int {
        switch self {
        case .name: return 0
        case .alias: return 1
        case .short: return 2
        case .adcode: return 3
        }
    }
}
