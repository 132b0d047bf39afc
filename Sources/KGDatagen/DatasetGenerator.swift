import Foundation
import KGCore

/// `govbrain datagen`: a deterministic synthetic Guangxi government graph on the real reference
/// data — enterprises, people, hotline work orders, inspections, violations, penalties, credit
/// records, policies, applications and grants, and the ecology, emergency-management and housing
/// supervision domains (`DomainSupervision`), the supervision-item catalogue with the offices'
/// claims (`SupervisionItemCatalogue`) — written as CSV in the import convention, with the latent
/// truth (risk, correct routing, policy fit, claim rates) in `truth/` and a manifest.
public struct DatasetGenerator {
    /// What to generate and where.
    public struct Configuration: Sendable {
        public var scale: DatagenScale
        public var seed: UInt64
        public var outputFolder: String
        /// Sites per supervision domain (ecology, emergency, housing); nil: one per ten enterprises.
        public var domainSites: Int?
        public init(scale: DatagenScale, seed: UInt64, outputFolder: String, domainSites: Int? = nil) {
            self.scale = scale; self.seed = seed; self.outputFolder = outputFolder; self.domainSites = domainSites
        }
    }

    /// What was written.
    public struct Report: Sendable {
        public var files: [(name: String, rows: Int, sha256: String)] = []
        public var nodeFiles: [String] = []
        public var relationshipFiles: [String] = []
        public var seconds = 0.0
        public var nodes: Int { files.filter { nodeFiles.contains($0.name) }.reduce(0) { $0 + $1.rows } }
        public var relationships: Int { files.filter { relationshipFiles.contains($0.name) }.reduce(0) { $0 + $1.rows } }
    }

    public let configuration: Configuration
    public let reference: ReferenceCatalog

    public init(configuration: Configuration, reference: ReferenceCatalog) {
        self.configuration = configuration
        self.reference = reference
    }

    /// Population (millions, 2020 census, rounded) of the 14 cities, which weights where
    /// enterprises, people and work orders are.
    static let cityPopulation: [String: Double] = [
        "450100": 8.7, "450200": 4.2, "450300": 4.9, "450400": 2.8, "450500": 1.9, "450600": 1.0, "450700": 3.3,
        "450800": 4.3, "450900": 5.8, "451000": 3.6, "451100": 2.0, "451200": 3.4, "451300": 2.1, "451400": 2.1,
    ]
    static let cityAbbreviation: [String: String] = [
        "450100": "邕", "450200": "柳", "450300": "桂", "450400": "梧", "450500": "北", "450600": "防", "450700": "钦",
        "450800": "贵", "450900": "玉", "451000": "百", "451100": "贺", "451200": "河", "451300": "来", "451400": "崇",
    ]
    static let surnames = Array("黄韦李陈覃梁刘莫蒙陆农罗杨张王周吴何谭廖卢蓝唐邓苏潘林赵钟甘兰冯谢曾")
    static let givenChars = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲兵辉健志红梅海燕林斌宇浩凯婷雪琳鹏飞晨")
    static let brandChars = Array("鑫源宏达盛华瑞恒通泰丰祥隆兴嘉禾金桂八骏远创新锦程聚德佳誉博润汇中天启明")

    /// Industry sections with the share of enterprises in each (market-entity registers are
    /// dominated by wholesale/retail, business services and catering).
    static let sectionWeights: [String: Double] = [
        "A": 7, "B": 0.5, "C": 9, "D": 0.6, "E": 6, "F": 36, "G": 4, "H": 9, "I": 5, "J": 0.8, "K": 2.5, "L": 9,
        "M": 3, "N": 0.8, "O": 4, "P": 1, "Q": 0.5, "R": 1.3,
    ]
    /// The trade word in an enterprise name, by industry division or section.
    static let tradeWords: [String: [String]] = [
        "A01": ["农业发展", "种植"], "A02": ["林业", "苗木"], "A03": ["养殖", "牧业"], "A04": ["水产"], "A05": ["农业科技"], "B10": ["矿业", "石材"],
        "C13": ["食品", "糖业", "米业"], "C14": ["食品"], "C15": ["酒业", "茶业"], "C18": ["服饰"], "C20": ["木业", "板材"], "C26": ["化工"],
        "C27": ["制药", "药业"], "C30": ["建材", "陶瓷"], "C32": ["铝业", "有色金属"], "C33": ["金属制品"], "C34": ["机械"], "C36": ["汽车零部件"],
        "C38": ["电气"], "C39": ["电子科技"], "D44": ["能源", "电力"], "D46": ["水务"], "E47": ["建设工程", "建筑"], "E48": ["路桥工程"],
        "E50": ["装饰工程", "装修"], "F51": ["商贸", "贸易"], "F52": ["百货", "超市", "商行"], "G54": ["物流", "运输"], "G58": ["供应链"],
        "G59": ["仓储"], "H61": ["酒店管理", "宾馆"], "H62": ["餐饮管理", "餐饮"], "I63": ["通信技术"], "I64": ["网络科技"],
        "I65": ["信息技术", "软件"], "J66": ["小额贷款"], "J67": ["投资管理"], "K70": ["房地产开发", "置业"], "L71": ["租赁"],
        "L72": ["企业管理咨询", "商务服务"], "M73": ["科技研究"], "M75": ["科技"], "N77": ["环保科技"], "N78": ["市政工程"],
        "O80": ["家政服务"], "O81": ["汽车维修"], "P83": ["教育咨询", "培训"], "Q84": ["医疗管理"], "R88": ["文化传媒"], "R89": ["体育发展"],
        "R90": ["娱乐"],
    ]
    /// Intents whose work orders come in bursts when something breaks.
    static let incidentIntents = ["water_outage", "power_outage", "gas_supply", "road_damage", "sanitation", "air_pollution", "municipal_facilities"]
    static let businessIntents: Set<String> = ["food_safety", "consumer_rights", "wage_arrears", "labor_contract", "noise_industrial",
                                               "air_pollution", "water_pollution", "work_safety", "drug_safety", "tourism",
                                               "illegal_fundraising", "tax_invoice", "cooking_fumes", "noise_construction"]

    // MARK: run

    public func run() throws -> Report {
        let started = Date()
        let fm = FileManager.default
        let out = configuration.outputFolder
        try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: (out as NSString).appendingPathComponent("truth"), withIntermediateDirectories: true)
        var report = Report()
        var writers: [CSVOutput] = []
        func nodes(_ name: String, _ header: [String]) throws -> CSVOutput {
            let w = try CSVOutput(directory: out, name: name, header: header)
            writers.append(w); report.nodeFiles.append(name)
            return w
        }
        func rels(_ name: String, _ header: [String]) throws -> CSVOutput {
            let w = try CSVOutput(directory: out, name: name, header: header)
            writers.append(w); report.relationshipFiles.append(name)
            return w
        }
        func other(_ name: String, _ header: [String]) throws -> CSVOutput {
            let w = try CSVOutput(directory: out, name: name, header: header)
            writers.append(w)
            return w
        }
        let seed = configuration.seed
        let regions = reference.places.regions
        let counties = regions.filter { $0.level == "county" }
        let cityOf: (PlaceNames.Region) -> String = { $0.level == "county" ? ($0.parent ?? "450000") : $0.adcode }
        var countiesPerCity: [String: Int] = [:]
        for c in counties { countiesPerCity[c.parent ?? "", default: 0] += 1 }
        let countyWeights = counties.map { c in (Self.cityPopulation[c.parent ?? ""] ?? 1) / Double(max(1, countiesPerCity[c.parent ?? ""] ?? 1)) }.cumulative

        // Reference nodes ------------------------------------------------------------
        let regionCSV = try nodes("regions.csv", ["adcode:ID(Region)", "name", "level", "longitude:double", "latitude:double", "aliases:string[]", ":LABEL"])
        for r in regions {
            let label = ["province": "Region;Province", "city": "Region;City", "county": "Region;County"][r.level] ?? "Region"
            let aliases = r.mentions.dropFirst().filter { PlaceNames.shortForm(r.name) != $0 }
            regionCSV.write([r.adcode, r.name, r.level, String(r.longitude), String(r.latitude), aliases.joined(separator: ";"), label])
        }
        let partOf = try rels("region_part_of.csv", [":START_ID(Region)", ":END_ID(Region)", ":TYPE"])
        for r in regions { if let p = r.parent { partOf.write([r.adcode, p, "PART_OF"]) } }
        let deptCSV = try nodes("departments.csv", ["code:ID(DepartmentType)", "name", "nameEn", "levels:string[]", ":LABEL"])
        for d in reference.departments { deptCSV.write([d.id, d.name, d.nameEn, d.levels.joined(separator: ";"), "DepartmentType"]) }
        let intentCSV = try nodes("intents.csv", ["code:ID(Intent)", "name", "nameEn", "description", ":LABEL"])
        let handledBy = try rels("intent_handled_by.csv", [":START_ID(Intent)", ":END_ID(DepartmentType)", ":TYPE"])
        for i in reference.intents {
            intentCSV.write([i.id, i.name, i.nameEn, i.scope, "Intent"])
            handledBy.write([i.id, i.department, "HANDLED_BY"])
        }
        let industryCSV = try nodes("industries.csv", ["code:ID(Industry)", "name", "nameEn", ":LABEL"])
        let broader = try rels("industry_broader.csv", [":START_ID(Industry)", ":END_ID(Industry)", ":TYPE"])
        for s in reference.sections { industryCSV.write([s.code, s.name, s.nameEn, "Industry"]) }
        for d in reference.divisions {
            industryCSV.write([d.code, d.name, d.nameEn, "Industry"])
            broader.write([d.code, d.section ?? "", "BROADER"])
        }
        // Offices: one per department type and region at the levels where it exists.
        let officeCSV = try nodes("offices.csv", ["code:ID(Office)", "name", "level", ":LABEL"])
        let officeType = try rels("office_of_type.csv", [":START_ID(Office)", ":END_ID(DepartmentType)", ":TYPE"])
        let officeIn = try rels("office_located_in.csv", [":START_ID(Office)", ":END_ID(Region)", ":TYPE"])
        var offices = Set<String>()
        for d in reference.departments {
            for r in regions where d.levels.contains(r.level) {
                let code = "\(d.id)-\(r.adcode)"
                offices.insert(code)
                officeCSV.write([code, Self.officeName(region: r.name, level: r.level, department: d.name), r.level, "Office"])
                officeType.write([code, d.id, "OF_TYPE"])
                officeIn.write([code, r.adcode, "LOCATED_IN"])
            }
        }
        let parentOf: [String: String] = Dictionary(uniqueKeysWithValues: regions.compactMap { r in r.parent.map { (r.adcode, $0) } })
        /// The office of a department type for a region, up the hierarchy where the county has none.
        func office(_ dept: String, _ adcode: String) -> String? {
            var a: String? = adcode
            while let cur = a {
                if offices.contains("\(dept)-\(cur)") { return "\(dept)-\(cur)" }
                a = parentOf[cur]
            }
            return nil
        }

        // People and enterprises -------------------------------------------------------
        let n = configuration.scale.enterprises
        var rng = SeededRandom.stream(seed, "enterprises")
        let sectionCodes = Self.sectionWeights.keys.sorted()
        let sectionCum = sectionCodes.map { Self.sectionWeights[$0]! }.cumulative
        let divisionsBySection = Dictionary(grouping: reference.divisions, by: { $0.section ?? "" })
        var enterpriseUSCC: [String] = []
        var enterpriseCounty: [Int] = []
        var enterpriseRisk: [Double] = []
        var enterpriseIndustry: [String] = []
        var enterpriseScale: [String] = []
        var enterpriseAge: [Int] = []
        var enterpriseCapital: [Double] = []
        var enterpriseStatus: [String] = []
        var enterpriseName: [String] = []
        var enterpriseScope: [String] = []
        enterpriseUSCC.reserveCapacity(n)
        var usedUSCC = Set<String>()
        var personIDs: [String] = []
        var personCounty: [Int] = []
        var usedSequences: [String: Int] = [:]
        let personCSV = try nodes("persons.csv", ["idNumber:ID(Person)", "name", "gender", "birthDate:date", "phone", "homeAddress", "synthetic:boolean", ":LABEL"])
        let personIn = try rels("person_located_in.csv", [":START_ID(Person)", ":END_ID(Region)", ":TYPE"])
        // Where new people go: persons.csv, then (for the supervision offices' inspectors, planted last) their own files.
        var personSink = personCSV, personInSink = personIn
        func newPerson(county k: Int, rng: inout SeededRandom) -> Int {
            let c = counties[k]
            let male = rng.chance(0.62)
            let year = rng.int(1955...2000), month = rng.int(1...12), day = rng.int(1...28)
            let birth = String(format: "%04d%02d%02d", year, month, day)
            let key = c.adcode + birth
            let seq = usedSequences[key, default: rng.int(0...400)]
            usedSequences[key] = seq + 1
            let id = IdentityFactory.residentID(adcode: c.adcode, birth: birth, male: male, sequence: seq)
            let name = String(rng.pick(Self.surnames)) + String(rng.pick(Self.givenChars)) + (rng.chance(0.7) ? String(rng.pick(Self.givenChars)) : "")
            let phone = "1\(rng.pick(["3", "5", "7", "8", "9"]))\(String(format: "%09d", rng.int(0...999_999_999)))"
            let address = c.name + rng.pick(HotlineTextGenerator.roads) + "\(rng.int(1...300))号"
            personSink.write([id, name, male ? "男" : "女", String(format: "%04d-%02d-%02d", year, month, day), phone, address, "true", "Person"])
            personInSink.write([id, c.adcode, "LOCATED_IN"])
            personIDs.append(id)
            personCounty.append(k)
            return personIDs.count - 1
        }
        let entCSV = try nodes("enterprises.csv", ["uscc:ID(Enterprise)", "name", "scale", "regCapital:double", "registeredOn:date", "status",
                                                   "businessScope", "address", "synthetic:boolean", ":LABEL"])
        let entIndustry = try rels("enterprise_in_industry.csv", [":START_ID(Enterprise)", ":END_ID(Industry)", ":TYPE"])
        let entIn = try rels("enterprise_located_in.csv", [":START_ID(Enterprise)", ":END_ID(Region)", ":TYPE"])
        let legalRep = try rels("legal_representative_of.csv", [":START_ID(Person)", ":END_ID(Enterprise)", "since:date", ":TYPE"])
        let personHolds = try rels("person_shareholder_of.csv", [":START_ID(Person)", ":END_ID(Enterprise)", "ratio:double", ":TYPE"])
        let entHolds = try rels("enterprise_shareholder_of.csv", [":START_ID(Enterprise)", ":END_ID(Enterprise)", "ratio:double", ":TYPE"])
        var legalRepOf: [Int] = []
        var ownersOf: [[Int]] = []
        for e in 0..<n {
            let k = rng.weighted(countyWeights)
            let county = counties[k]
            let section = sectionCodes[rng.weighted(sectionCum)]
            let division = divisionsBySection[section].map { rng.pick($0) }
            let industryCode = division?.code ?? section
            let scaleDraw = rng.unit()
            let scale = scaleDraw < 0.72 ? "micro" : (scaleDraw < 0.92 ? "small" : (scaleDraw < 0.985 ? "medium" : "large"))
            let capitalMedian = ["micro": 30.0, "small": 300.0, "medium": 3000.0, "large": 30000.0][scale]!
            let capital = (rng.logNormal(median: capitalMedian, sigma: 1.0) * 100).rounded() / 100
            let age = min(29, Int(pow(rng.unit(), 1.8) * 30))
            let year = 2024 - age
            let registered = String(format: "%04d-%02d-%02d", year, rng.int(1...12), rng.int(1...28))
            let type: Character = section == "A" && rng.chance(0.4) ? "3" : (scale == "micro" && rng.chance(0.35) ? "2" : "1")
            var uscc = IdentityFactory.creditCode(type: type, adcode: county.adcode, rng: &rng)
            while usedUSCC.contains(uscc) { uscc = IdentityFactory.creditCode(type: type, adcode: county.adcode, rng: &rng) }
            usedUSCC.insert(uscc)
            let short = PlaceNames.shortForm(county.name) ?? county.name
            let brand = String(rng.pick(Self.brandChars)) + String(rng.pick(Self.brandChars))
            let word = rng.pick(Self.tradeWords[industryCode] ?? Self.tradeWords[section] ?? ["实业"])
            let name: String
            switch type {
            case "3": name = "\(short)\(brand)\(rng.pick(["种植", "养殖", "果蔬", "茶叶", "甘蔗"]))农民专业合作社"
            case "2": name = "\(short)\(brand)\(rng.pick(["商店", "餐馆", "五金店", "便利店", "服装店", "维修部"]))"
            default: name = "广西\(short)\(brand)\(word)\(rng.pick(["有限公司", "有限公司", "有限责任公司", "股份有限公司"]))"
            }
            let statusDraw = rng.unit()
            let status = statusDraw < 0.86 ? "存续" : (statusDraw < 0.92 ? "在业" : (statusDraw < 0.96 ? "注销" : "吊销"))
            // Latent risk: a minority are truly high-risk.
            let high = rng.chance(0.08)
            var risk = high ? 0.55 + 0.4 * rng.unit() : 0.03 + 0.3 * pow(rng.unit(), 2)
            if status == "吊销" { risk = min(1, risk + 0.2) }
            let scope = "\(division?.name ?? section)；\(rng.pick(["一般项目", "许可项目"]))：\(rng.pick(["技术服务", "货物进出口", "日用品销售", "食品销售", "餐饮服务", "建筑工程施工", "道路货物运输", "软件开发", "农产品收购"]))"
            let address = county.name + rng.pick(HotlineTextGenerator.roads) + "\(rng.int(1...500))号"
            entCSV.write([uscc, name, scale, String(capital), registered, status, scope, address, "true", "Enterprise"])
            entIndustry.write([uscc, industryCode, "IN_INDUSTRY"])
            entIn.write([uscc, county.adcode, "LOCATED_IN"])
            // Legal representative: usually a new person; some people run several enterprises.
            let rep = (e > 10 && rng.chance(0.12)) ? legalRepOf[rng.int(0...e - 1)] : newPerson(county: k, rng: &rng)
            legalRep.write([personIDs[rep], uscc, registered, "LEGAL_REPRESENTATIVE_OF"])
            var owners: [Int] = []
            var remaining = 1.0
            let holders = rng.int(1...3)
            for h in 0..<holders {
                let ratio = h == holders - 1 ? remaining : (remaining * (0.4 + 0.4 * rng.unit()) * 100).rounded() / 100
                remaining = ((remaining - ratio) * 100).rounded() / 100
                if h == 0 {
                    personHolds.write([personIDs[rep], uscc, String(ratio), "SHAREHOLDER_OF"])
                } else if e > 50 && rng.chance(0.35) {
                    // Enterprise shareholders, preferring larger and older companies: ownership chains.
                    var owner = rng.int(0...e - 1)
                    if enterpriseScale[owner] == "micro" { owner = rng.int(0...e - 1) }
                    if owner != e {
                        entHolds.write([enterpriseUSCC[owner], uscc, String(ratio), "SHAREHOLDER_OF"])
                        owners.append(owner)
                    }
                } else {
                    let p = rng.chance(0.5) ? newPerson(county: k, rng: &rng) : rng.int(0...personIDs.count - 1)
                    personHolds.write([personIDs[p], uscc, String(ratio), "SHAREHOLDER_OF"])
                }
                if remaining <= 0 { break }
            }
            enterpriseUSCC.append(uscc); enterpriseCounty.append(k); enterpriseRisk.append(risk); enterpriseIndustry.append(industryCode)
            enterpriseScale.append(scale); enterpriseAge.append(age); enterpriseCapital.append(capital); enterpriseStatus.append(status)
            enterpriseName.append(name)
            enterpriseScope.append(scope)
            legalRepOf.append(rep)
            ownersOf.append(owners)
        }
        // Related parties of risky enterprises carry elevated risk (shared legal representative, owners).
        var repRisk: [Int: Double] = [:]
        for e in 0..<n { repRisk[legalRepOf[e], default: 0] = max(repRisk[legalRepOf[e], default: 0], enterpriseRisk[e]) }
        var rrng = SeededRandom.stream(seed, "related-risk")
        for e in 0..<n {
            var related = repRisk[legalRepOf[e]] ?? 0
            for o in ownersOf[e] { related = max(related, enterpriseRisk[o]) }
            if related > 0.55 && enterpriseRisk[e] < related { enterpriseRisk[e] = min(1, enterpriseRisk[e] + 0.25 * related * rrng.unit()) }
        }
        // Planted patterns (as in the risk-warning harness of the credit bench): "hollowing-out"
        // (repeated legal-representative and address changes after an onset day) and "wage-arrears
        // crisis" (wage complaints and a court enforcement record after the onset) among the truly
        // risky; "decoys" are large healthy enterprises that stand out (many complaints because they
        // are big, frequent shareholder and address changes because they grow) without being risky.
        let start = Self.epochDays(2023, 1, 1)
        var drng = SeededRandom.stream(seed, "enterprise-dynamics")
        var pattern = [String](repeating: "", count: n)
        var onset = [Int](repeating: start, count: n)
        for e in 0..<n where enterpriseStatus[e] != "注销" {
            if enterpriseRisk[e] >= 0.5 {
                let u = drng.unit()
                if u < 0.1 { pattern[e] = "hollowing"; enterpriseRisk[e] = max(enterpriseRisk[e], 0.8) }
                else if u < 0.2 { pattern[e] = "wage_crisis"; enterpriseRisk[e] = max(enterpriseRisk[e], 0.75) }
                if !pattern[e].isEmpty { onset[e] = start + drng.int(30...540) }
            } else if enterpriseRisk[e] < 0.2, enterpriseScale[e] == "large" || (enterpriseScale[e] == "medium" && drng.chance(0.15)) {
                pattern[e] = "decoy"
            }
        }
        let changeCSV = try nodes("change_records.csv", ["code:ID(ChangeRecord)", "date:date", "kind", ":LABEL"])
        let changeOf = try rels("change_record_of.csv", [":START_ID(ChangeRecord)", ":END_ID(Enterprise)", ":TYPE"])
        var changes = 0
        var records = [SupervisionHazard.History](repeating: .init(), count: n)
        func change(_ e: Int, _ kind: String, from first: Int) {
            changes += 1
            let code = String(format: "CHG%09d", changes)
            let day = drng.int(first...start + 729)
            records[e].changes.append((day, kind))
            changeCSV.write([code, Self.isoDate(day), kind, "ChangeRecord"])
            changeOf.write([code, enterpriseUSCC[e], "CHANGE_OF"])
        }
        for e in 0..<n {
            let r = enterpriseRisk[e], p = pattern[e]
            for _ in 0..<drng.poisson(0.04 + 0.6 * r * r) { change(e, "法定代表人变更", from: start) }
            for _ in 0..<drng.poisson(0.04 + 0.4 * r * r) { change(e, "住所变更", from: start) }
            for _ in 0..<drng.poisson(0.1 + 0.2 * r + (p == "decoy" ? 2 : 0)) { change(e, "股东变更", from: start) }
            for _ in 0..<drng.poisson(0.15) { change(e, "经营范围变更", from: start) }
            if p == "decoy" { for _ in 0..<drng.poisson(1.2) { change(e, "经营范围变更", from: start) } }
            if p == "hollowing" {
                for _ in 0..<(2 + drng.poisson(0.7)) { change(e, "法定代表人变更", from: onset[e]) }
                change(e, "住所变更", from: onset[e])
            }
        }
        // Annual reports (企业年报) for 2021–2023, filed in the first half of the following year
        // (late or never for some): headcount, revenue and tax paid. Risky enterprises shrink, and a
        // hollowing-out or a wage crisis after its onset shows as a collapse in headcount and tax.
        let reportCSV = try nodes("annual_reports.csv", ["code:ID(AnnualReport)", "year:int", "filedOn:date", "employees:int", "revenue:double",
                                                         "taxPaid:double", ":LABEL"])
        let reportOf = try rels("annual_report_of.csv", [":START_ID(AnnualReport)", ":END_ID(Enterprise)", ":TYPE"])
        var arng = SeededRandom.stream(seed, "annual-reports")
        var reports = 0
        for e in 0..<n where enterpriseStatus[e] != "注销" {
            let r = enterpriseRisk[e], p = pattern[e]
            let medians: [String: Double] = ["micro": 5, "small": 30, "medium": 200, "large": 1500]
            let median = medians[enterpriseScale[e]] ?? 5
            var employees = arng.logNormal(median: median, sigma: 0.5)
            var revenuePer = arng.logNormal(median: 30, sigma: 0.6)
            var taxRate = 0.03 * exp(0.3 * arng.normal())
            let firstYear = max(2021, 2024 - enterpriseAge[e])
            guard firstYear <= 2023 else { continue }
            for year in firstYear...2023 {
                let yearEnd = Self.epochDays(year, 12, 31)
                var growth = 0.06 - 0.4 * r + 0.15 * arng.normal() + (p == "decoy" ? 0.25 : 0)
                var taxShock = 0.15 * arng.normal() - (r > 0.5 ? 0.2 : 0)
                if p == "hollowing" && yearEnd >= onset[e] { growth -= 0.9; taxShock -= 0.6 }
                if p == "wage_crisis" && yearEnd >= onset[e] { growth -= 0.35; taxShock -= 0.3 }
                employees = max(1, employees * exp(growth))
                revenuePer *= exp(0.5 * growth + 0.1 * arng.normal())
                taxRate *= exp(taxShock)
                guard !arng.chance(0.02 + 0.3 * r * r) else { continue }
                let late = arng.chance(0.08 + 0.3 * r)
                let filed = Self.epochDays(year + 1, 1, 1) + (late ? arng.int(181...300) : arng.int(30...180))
                guard filed <= start + 729 else { continue }
                reports += 1
                let code = String(format: "AR%09d", reports)
                let revenue = (employees * revenuePer * 10).rounded() / 10
                let tax = (revenue * taxRate * 10).rounded() / 10
                records[e].reports.append((year, filed, employees.rounded(), tax))
                reportCSV.write([code, String(year), Self.isoDate(filed), String(Int(employees.rounded())), String(revenue), String(tax), "AnnualReport"])
                reportOf.write([code, enterpriseUSCC[e], "REPORT_OF"])
            }
        }
        // Inspectors: the market-supervision staff of each county office (synthetic people).
        let worksAt = try rels("person_works_at.csv", [":START_ID(Person)", ":END_ID(Office)", ":TYPE"])
        var inspectorRNG = SeededRandom.stream(seed, "inspectors")
        for k in counties.indices {
            guard let o = office("market", counties[k].adcode) else { continue }
            for _ in 0..<inspectorRNG.int(3...8) { worksAt.write([personIDs[newPerson(county: k, rng: &inspectorRNG)], o, "WORKS_AT"]) }
        }
        let byCounty = Dictionary(grouping: 0..<n, by: { enterpriseCounty[$0] })
        var wageCrisisByCounty: [Int: [Int]] = [:], decoysByCounty: [Int: [Int]] = [:]
        for e in 0..<n where pattern[e] == "wage_crisis" { wageCrisisByCounty[enterpriseCounty[e], default: []].append(e) }
        for e in 0..<n where pattern[e] == "decoy" { decoysByCounty[enterpriseCounty[e], default: []].append(e) }
        var trng = SeededRandom.stream(seed, "complaint-targets")
        let riskCum = enterpriseRisk.map { 0.2 + 3 * $0 }.cumulative

        // Hotline work orders --------------------------------------------------------------
        var wrng = SeededRandom.stream(seed, "work-orders")
        let textGen = HotlineTextGenerator(places: reference.places)
        let intentIDs = reference.intents.map(\.id)
        let intentDept = Dictionary(uniqueKeysWithValues: reference.intents.map { ($0.id, $0.department) })
        let woCSV = try nodes("work_orders.csv", ["code:ID(WorkOrder)", "text", "channel", "createdAt:datetime", "acceptedAt:datetime", "dispatchedAt:datetime",
                                                  "handledAt:datetime", "closedAt:datetime", "visitedAt:datetime", "status", "satisfaction",
                                                  "statusHistory", "address", "callerPhone", "synthetic:boolean", ":LABEL"])
        let woIntent = try rels("work_order_has_intent.csv", [":START_ID(WorkOrder)", ":END_ID(Intent)", ":TYPE"])
        let woRouted = try rels("work_order_routed_to.csv", [":START_ID(WorkOrder)", ":END_ID(Office)", "at:datetime", ":TYPE"])
        let woIn = try rels("work_order_located_in.csv", [":START_ID(WorkOrder)", ":END_ID(Region)", ":TYPE"])
        let woConcerns = try rels("work_order_concerns.csv", [":START_ID(WorkOrder)", ":END_ID(Enterprise)", ":TYPE"])
        let woTruth = try other("truth/work_orders.csv", ["code", "intent", "correctOffice", "routedOffice", "misrouted", "mentionedAdcode"])
        // Slow offices: about one office in eight takes 2.2 times as long to handle what it gets, so the
        // overdue model has a true office effect to find (drawn from their own stream, in order of first use).
        let woSpeed = try other("truth/office_speed.csv", ["office", "slowness"])
        var speedRNG = SeededRandom.stream(seed, "office-speed")
        var officeSlowness: [String: Double] = [:]
        func slowness(of office: String) -> Double {
            if let s = officeSlowness[office] { return s }
            let s = speedRNG.chance(0.125) ? 2.2 : 1
            officeSlowness[office] = s
            woSpeed.write([office, s == 1 ? "1" : "2.2"])
            return s
        }
        let intentWeights = intentIDs.map { Self.intentWeight($0) }.cumulative
        // Incidents: bursts of work orders about one problem in one county within a few hours
        // (a burst water main, a blackout), the spikes the hotline's hotspot detection must find.
        // They are the last work orders, the final one ending on the last day of the period.
        var irng = SeededRandom.stream(seed, "incidents")
        var incidents: [(intent: String, county: Int, day: Int, hour: Int)] = []
        var incidentOf: [Int] = []
        let incidentCount = max(2, configuration.scale.workOrders / 5000)
        for m in 0..<incidentCount {
            let intent = irng.pick(Self.incidentIntents)
            let day = m == incidentCount - 1 ? start + 729 : start + irng.int(30...720)
            incidents.append((intent, irng.weighted(countyWeights), day, irng.int(8...17)))
            incidentOf += [Int](repeating: m, count: irng.int(12...30))
        }
        let firstIncidentOrder = configuration.scale.workOrders - incidentOf.count
        for w in 0..<configuration.scale.workOrders {
            // Season first: draw a day, then an intent weighted by that month's seasonality.
            var day = start + wrng.int(0...729)
            let month = Self.month(ofEpochDay: day)
            var intent = intentIDs[wrng.weighted(intentWeights)]
            for _ in 0..<3 where wrng.unit() > Self.seasonality(intent, month) / 2.2 { intent = intentIDs[wrng.weighted(intentWeights)] }
            var k = wrng.weighted(countyWeights)
            var incidentHour: Int?
            if w >= firstIncidentOrder {
                let incident = incidents[incidentOf[w - firstIncidentOrder]]
                intent = incident.intent; k = incident.county; day = incident.day; incidentHour = incident.hour
            }
            let county = counties[k]
            let mentionRegion = wrng.chance(0.15) ? regions.first { $0.adcode == cityOf(county) } ?? county : county
            let t = textGen.text(intent: intent, rng: &wrng, region: mentionRegion)
            let code = String(format: "WO%09d", w + 1)
            let secondOfDay = incidentHour.map { $0 * 3600 + irng.int(0...3 * 3600) } ?? wrng.int(7 * 3600...22 * 3600)
            let created = Double(day) * 86400 + Double(secondOfDay) - 8 * 3600
            let dept = intentDept[intent] ?? "gov_office"
            let correct = office(dept, county.adcode) ?? "gov_office-450000"
            var routed = correct
            let misrouted = wrng.chance(0.13)
            if misrouted {
                let wrongIntent = intentIDs[wrng.int(0...intentIDs.count - 1)]
                routed = office(intentDept[wrongIntent] ?? dept, county.adcode) ?? correct
            }
            let accepted = created + Double(wrng.int(60...1800))
            let dispatched = accepted + Double(wrng.int(600...14400))
            let handled = dispatched + Double(wrng.int(1...10)) * 86400 * (misrouted ? 2 : 1) * slowness(of: routed)
            let closed = handled + Double(wrng.int(3600...86400))
            let visited = closed + Double(wrng.int(1...3)) * 86400
            let stage = day > start + 720 ? wrng.int(1...4) : 5
            let stages = ["受理", "派单", "办理", "办结", "回访"]
            let times = [accepted, dispatched, handled, closed, visited]
            let history = (0..<stage).map { "{\"status\":\"\(stages[$0])\",\"at\":\"\(Self.iso(times[$0]))\"}" }.joined(separator: ",")
            let satisfaction = stage == 5 ? (wrng.chance(misrouted ? 0.45 : 0.12) ? "差" : (wrng.chance(0.25) ? "中" : "好")) : ""
            let channel = wrng.pick(["phone", "phone", "phone", "web", "app"])
            let phone = "1\(wrng.pick(["3", "5", "8"]))\(wrng.int(0...9))****\(String(format: "%04d", wrng.int(0...9999)))"
            woCSV.write([code, t.text, channel, Self.iso(created), Self.iso(accepted), stage >= 2 ? Self.iso(dispatched) : "",
                         stage >= 3 ? Self.iso(handled) : "", stage >= 4 ? Self.iso(closed) : "", stage >= 5 ? Self.iso(visited) : "",
                         stages[stage - 1], satisfaction, "[" + history + "]", county.name, phone, "true", "WorkOrder"])
            woIntent.write([code, intent, "HAS_INTENT"])
            if stage >= 2 { woRouted.write([code, routed, Self.iso(dispatched), "ROUTED_TO"]) }
            woIn.write([code, county.adcode, "LOCATED_IN"])
            if Self.businessIntents.contains(intent), let local = byCounty[k], !local.isEmpty {
                // Complaints fall more often on risky enterprises.
                var target = local[wrng.int(0...local.count - 1)]
                if wrng.chance(0.6) {
                    let candidate = wrng.weighted(riskCum)
                    if enterpriseCounty[candidate] == k || wrng.chance(0.3) { target = candidate }
                }
                // Planted patterns draw from their own stream so the work orders stay as they were.
                if intent == "wage_arrears", trng.chance(0.5), let crisis = wageCrisisByCounty[k]?.filter({ onset[$0] <= day }), !crisis.isEmpty {
                    target = trng.pick(crisis)
                } else if trng.chance(0.2), let decoys = decoysByCounty[k], !decoys.isEmpty {
                    target = trng.pick(decoys)
                }
                records[target].complaints.append((day, intent == "wage_arrears"))
                woConcerns.write([code, enterpriseUSCC[target], "CONCERNS"])
            }
            woTruth.write([code, intent, correct, routed, misrouted ? "true" : "false", t.mentionedAdcode ?? ""])
        }

        // Supervision: inspections, violations, penalties, credit records ---------------------
        var srng = SeededRandom.stream(seed, "supervision")
        let inspCSV = try nodes("inspections.csv", ["code:ID(Inspection)", "date:date", "kind", "result", ":LABEL"])
        let inspected = try rels("inspection_inspected.csv", [":START_ID(Inspection)", ":END_ID(Enterprise)", ":TYPE"])
        let conductedBy = try rels("inspection_conducted_by.csv", [":START_ID(Inspection)", ":END_ID(Office)", ":TYPE"])
        let violCSV = try nodes("violations.csv", ["code:ID(Violation)", "date:date", "category", "severity", "description", ":LABEL"])
        let foundViolation = try rels("inspection_found_violation.csv", [":START_ID(Inspection)", ":END_ID(Violation)", ":TYPE"])
        let committedBy = try rels("violation_committed_by.csv", [":START_ID(Violation)", ":END_ID(Enterprise)", ":TYPE"])
        let penCSV = try nodes("penalties.csv", ["code:ID(Penalty)", "date:date", "kind", "amount:double", "docNumber", ":LABEL"])
        let penalizes = try rels("penalty_penalizes.csv", [":START_ID(Penalty)", ":END_ID(Enterprise)", ":TYPE"])
        let penaltyFor = try rels("penalty_for.csv", [":START_ID(Penalty)", ":END_ID(Violation)", ":TYPE"])
        let creditCSV = try nodes("credit_records.csv", ["code:ID(CreditRecord)", "date:date", "kind", "positive:boolean", "severity", "description", ":LABEL"])
        let creditFor = try rels("credit_record_for.csv", [":START_ID(CreditRecord)", ":END_ID(Enterprise)", ":TYPE"])
        let violationKinds: [(String, String)] = [("无照经营", "未取得营业执照从事经营活动"), ("虚假宣传", "对商品性能作虚假或引人误解的宣传"),
                                                  ("食品安全", "经营超过保质期的食品"), ("价格违法", "不按规定明码标价"),
                                                  ("年报公示", "未按规定公示年度报告"), ("安全生产", "未按规定进行安全隐患排查治理"),
                                                  ("环境违法", "超标排放污染物"), ("劳动保障", "拖欠劳动者工资"), ("产品质量", "销售不合格产品")]
        var inspections = 0, violations = 0, penalties = 0, credits = 0
        // Half-years 2023H1 … 2024H2: each enterprise in business gets an adverse record with the
        // probability of SupervisionHazard as of the half-year's start; a random 双随机 inspection
        // finds nothing unless that happens.
        let halfYears = [Self.epochDays(2023, 1, 1), Self.epochDays(2023, 7, 1), Self.epochDays(2024, 1, 1), Self.epochDays(2024, 7, 1), start + 730]
        var periodProbability = [[Double]](repeating: [Double](repeating: .nan, count: 4), count: n)
        func inspection(_ e: Int, day: Int, random: Bool, found: Bool) -> String {
            inspections += 1
            let code = String(format: "INS%09d", inspections)
            inspCSV.write([code, Self.isoDate(day), random ? "双随机抽查" : "重点检查", found ? (srng.chance(0.6) ? "发现问题责令整改" : "立案查处") : "未发现问题", "Inspection"])
            inspected.write([code, enterpriseUSCC[e], "INSPECTED"])
            if let o = office("market", counties[enterpriseCounty[e]].adcode) { conductedBy.write([code, o, "CONDUCTED_BY"]) }
            return code
        }
        for h in 0..<4 {
            let from = halfYears[h], until = halfYears[h + 1]
            for e in 0..<n where enterpriseStatus[e] != "注销" && 2024 - enterpriseAge[e] <= Self.year(ofEpochDay: from) {
                let p = SupervisionHazard.probability(records[e], origin: from, scale: enterpriseScale[e], revoked: enterpriseStatus[e] == "吊销",
                                                      registeredYear: 2024 - enterpriseAge[e], latent: enterpriseRisk[e])
                periodProbability[e][h] = p
                let random = srng.chance(0.025)
                guard srng.chance(p) else {
                    if random { _ = inspection(e, day: srng.int(from...until - 1), random: true, found: false) }
                    if srng.chance(0.015 * (1 - enterpriseRisk[e])) {
                        credits += 1
                        let (kind, description) = srng.pick([("守合同重信用", "连续两年获评守合同重信用企业"), ("A级纳税人", "纳税信用评价为A级")])
                        creditCSV.write([String(format: "CR%09d", credits), Self.isoDate(srng.int(from...until - 1)), kind, "true", "一般", description, "CreditRecord"])
                        creditFor.write([String(format: "CR%09d", credits), enterpriseUSCC[e], "CREDIT_RECORD_FOR"])
                    }
                    continue
                }
                let day = srng.int(from...until - 1)
                let year = Self.year(ofEpochDay: day)
                let county = counties[enterpriseCounty[e]]
                let pattern = pattern[e], patternActive = onset[e] <= day
                if srng.chance(pattern == "" || !patternActive ? 0.4 : 0.25) {
                    let code = inspection(e, day: day, random: random, found: true)
                    violations += 1
                    let vcode = String(format: "VIO%09d", violations)
                    let (category, description) = pattern == "wage_crisis" && patternActive ? ("劳动保障", "拖欠劳动者工资") : srng.pick(violationKinds)
                    let severity = p > 0.3 && srng.chance(0.5) ? "严重" : (srng.chance(0.4) ? "较重" : "一般")
                    violCSV.write([vcode, Self.isoDate(day), category, severity, description, "Violation"])
                    foundViolation.write([code, vcode, "FOUND_VIOLATION"])
                    committedBy.write([vcode, enterpriseUSCC[e], "COMMITTED_BY"])
                    records[e].violations.append(day)
                    if srng.chance(0.75) {
                        penalties += 1
                        let pcode = String(format: "PEN%09d", penalties)
                        let amount = ((severity == "严重" ? 50000 : (severity == "较重" ? 10000 : 2000)) * exp(0.6 * srng.normal())).rounded()
                        let abbreviation = Self.cityAbbreviation[county.parent ?? ""] ?? "桂"
                        let doc = "\(abbreviation)市监处罚〔\(year)〕\(penalties % 900 + 1)号"
                        penCSV.write([pcode, Self.isoDate(day), amount > 30000 ? "罚款并没收违法所得" : "罚款", String(amount), doc, "Penalty"])
                        penalizes.write([pcode, enterpriseUSCC[e], "PENALIZES"])
                        penaltyFor.write([pcode, vcode, "PENALTY_FOR"])
                    }
                } else {
                    if random { _ = inspection(e, day: srng.int(from...until - 1), random: true, found: false) }
                    var kinds = [("税收违法", "欠缴税款逾期未缴"), ("失信被执行人", "被法院列为失信被执行人"), ("经营异常名录", "通过登记的住所无法联系"), ("行政处罚", "受到较重行政处罚")]
                    if patternActive && pattern == "wage_crisis" && srng.chance(0.6) { kinds = [("失信被执行人", "因拖欠工资被法院列为失信被执行人")] }
                    if patternActive && pattern == "hollowing" && srng.chance(0.5) { kinds = [("经营异常名录", "通过登记的住所无法联系")] }
                    let (kind, description) = srng.pick(kinds)
                    credits += 1
                    creditCSV.write([String(format: "CR%09d", credits), Self.isoDate(day), kind, "false", p > 0.3 || srng.chance(0.3) ? "严重" : "一般", description, "CreditRecord"])
                    creditFor.write([String(format: "CR%09d", credits), enterpriseUSCC[e], "CREDIT_RECORD_FOR"])
                    records[e].negativeCredit.append(day)
                }
            }
        }
        let riskTruth = try other("truth/enterprise_risk.csv", ["uscc", "latentRisk", "highRisk", "pattern", "onset", "p2023H1", "p2023H2", "p2024H1", "p2024H2"])
        for e in 0..<n {
            riskTruth.write([enterpriseUSCC[e], String(format: "%.4f", enterpriseRisk[e]), enterpriseRisk[e] >= 0.5 ? "true" : "false",
                             pattern[e], pattern[e] == "hollowing" || pattern[e] == "wage_crisis" ? Self.isoDate(onset[e]) : ""]
                            + periodProbability[e].map { $0.isNaN ? "" : String(format: "%.5f", $0) })
        }

        // Ecology, emergency management, housing and construction: the other supervision domains.
        let domainEnterprises = DomainSupervision.Enterprises(
            uscc: enterpriseUSCC, county: enterpriseCounty, section: enterpriseIndustry.map { String($0.prefix(1)) }, risk: enterpriseRisk,
            active: enterpriseStatus.map { $0 == "存续" || $0 == "在业" })
        var domainSites: [JointInspectionHistory.DomainSites] = []
        for domain in SupervisionDomain.all {
            let operators = try DomainSupervision(domain: domain, seed: seed, sites: configuration.domainSites ?? max(30, n / 10), start: start, days: 730)
                .write(enterprises: domainEnterprises, counties: counties.map(\.adcode), office: office,
                       output: .init(node: { try nodes($0, $1) }, rel: { try rels($0, $1) }, other: { try other($0, $1) }))
            domainSites.append(.init(department: domain.department, enterprises: operators))
        }

        // Policies, applications and grants ---------------------------------------------------
        let policies = try PolicyLibrary.parse(reference.policyLines)
        try PolicyLibrary.write(policies, regions: reference.places, offices: offices,
                                node: { try nodes($0, $1) }, rel: { try rels($0, $1) })
        var prng = SeededRandom.stream(seed, "policy-fit")
        let applied = try rels("enterprise_applied_for.csv", [":START_ID(Enterprise)", ":END_ID(Policy)", "on:date", ":TYPE"])
        let received = try rels("enterprise_received.csv", [":START_ID(Enterprise)", ":END_ID(Policy)", "on:date", "amount:double", ":TYPE"])
        let fitTruth = try other("truth/policy_fit.csv", ["uscc", "policy", "fit", "eligible", "applied", "received"])
        let enterprisePolicies = policies.filter { !$0.forCitizens }
        if !enterprisePolicies.isEmpty {
            let demandEnterprises = (0..<n).map { e in
                PolicyDemand.Enterprise(section: String(enterpriseIndustry[e].prefix(1)), activity: PolicyDemand.activity(ofScope: enterpriseScope[e]),
                                        scale: enterpriseScale[e], cluster: String(enterpriseIndustry[e].prefix(1)) + counties[enterpriseCounty[e]].adcode.prefix(4),
                                        active: enterpriseStatus[e] == "存续" || enterpriseStatus[e] == "在业")
            }
            let events = PolicyDemand.events(enterprises: demandEnterprises, policies: enterprisePolicies, start: start, end: start + 730,
                                             eligible: { e, p in
                                                 enterprisePolicies[p].eligible(industry: enterpriseIndustry[e], scale: enterpriseScale[e], age: enterpriseAge[e],
                                                                                capital: enterpriseCapital[e], adcode: counties[enterpriseCounty[e]].adcode, parentOf: parentOf)
                                             }, rng: &prng)
            for ev in events {
                let p = enterprisePolicies[ev.policy]
                applied.write([enterpriseUSCC[ev.enterprise], p.code, Self.isoDate(ev.applied), "APPLIED_FOR"])
                if let g = ev.granted {
                    received.write([enterpriseUSCC[ev.enterprise], p.code, Self.isoDate(g), String((p.typicalAmount * (0.5 + prng.unit())).rounded()), "RECEIVED"])
                }
                fitTruth.write([enterpriseUSCC[ev.enterprise], p.code, String(format: "%.3f", ev.fit), ev.eligible ? "true" : "false", "true", ev.granted == nil ? "false" : "true"])
            }
        }

        // Supervision items, the offices' claims, and inspectors of the other domains' offices (for joint draws) --------
        try SupervisionItemCatalogue.write(offices: offices, seed: seed,
                                           output: .init(node: { try nodes($0, $1) }, rel: { try rels($0, $1) }, other: { try other($0, $1) }))
        personSink = try nodes("supervision_inspectors.csv", ["idNumber:ID(Person)", "name", "gender", "birthDate:date", "phone", "homeAddress", "synthetic:boolean", ":LABEL"])
        personInSink = try rels("supervision_inspectors_located_in.csv", [":START_ID(Person)", ":END_ID(Region)", ":TYPE"])
        let domainWorksAt = try rels("supervision_inspectors_works_at.csv", [":START_ID(Person)", ":END_ID(Office)", ":TYPE"])
        var domainInspectorRNG = SeededRandom.stream(seed, "domain-inspectors")
        for k in counties.indices {
            for d in SupervisionDomain.all {
                guard let o = office(d.department, counties[k].adcode) else { continue }
                for _ in 0..<domainInspectorRNG.int(2...4) { domainWorksAt.write([personIDs[newPerson(county: k, rng: &domainInspectorRNG)], o, "WORKS_AT"]) }
            }
        }

        // Joint inspections of market supervision with the other domains' offices (new files, own stream) --------
        try JointInspectionHistory(seed: seed)
            .write(domains: domainSites, enterpriseUSCC: enterpriseUSCC, enterpriseCounty: enterpriseCounty, active: domainEnterprises.active,
                   counties: counties.map(\.adcode), office: office,
                   output: .init(node: { try nodes($0, $1) }, rel: { try rels($0, $1) }, other: { try other($0, $1) }))

        for w in writers { report.files.append((w.name, w.rows, try w.close())) }
        report.seconds = Date().timeIntervalSince(started)
        try writeManifest(report)
        return report
    }

    private func writeManifest(_ report: Report) throws {
        var files: [JSON] = []
        for f in report.files {
            let kind = report.nodeFiles.contains(f.name) ? "nodes" : (report.relationshipFiles.contains(f.name) ? "relationships" : "truth")
            files.append(.object([("name", .string(f.name)), ("kind", .string(kind)), ("rows", .int(Int64(f.rows))), ("sha256", .string(f.sha256))]))
        }
        let manifest: JSON = .object([
            ("generator", .string("govbrain datagen")), ("scale", .string(configuration.scale.rawValue)),
            ("seed", .int(Int64(bitPattern: configuration.seed))), ("nodes", .int(Int64(report.nodes))),
            ("relationships", .int(Int64(report.relationships))), ("files", .array(files)),
            ("importOrder", .array((report.nodeFiles + report.relationshipFiles).map(JSON.string))),
            ("note", .string("Synthetic data on real reference data; people and enterprises are synthetic (synthetic = true). truth/ holds the latent variables and is never used as features.")),
        ])
        let path = (configuration.outputFolder as NSString).appendingPathComponent("manifest.json")
        try (JSONWriter.string(manifest) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    // MARK: helpers

    static func officeName(region: String, level: String, department: String) -> String {
        var base = department
        if base.hasSuffix("厅(局)") {
            base = String(base.dropLast(4)) + (level == "province" ? "厅" : "局")
        } else if base.hasSuffix("办公室(厅)") {
            base = String(base.dropLast(6)) + (level == "province" ? "办公厅" : "办公室")
        } else if let open = base.firstIndex(of: "(") {
            base = String(base[..<open])
        }
        return region + base
    }

    /// How common each intent is (12345 statistics put housing, labour and urban management on top).
    static func intentWeight(_ id: String) -> Double {
        switch id {
        case "property_mgmt", "wage_arrears", "noise_construction", "noise_social", "consumer_rights", "traffic": return 4
        case "street_vending", "sanitation", "housing_quality", "social_insurance", "medical_insurance", "food_safety",
             "cooking_fumes", "municipal_facilities", "labor_contract", "power_outage", "water_outage", "gov_service": return 2.5
        default: return 1
        }
    }

    /// Monthly multiplier: wage arrears before the Spring Festival, outages in the summer storm
    /// season, admissions in summer, subsidies in spring.
    static func seasonality(_ id: String, _ month: Int) -> Double {
        switch id {
        case "wage_arrears": return [12, 1].contains(month) ? 2.2 : ([2, 11].contains(month) ? 1.4 : 0.7)
        case "power_outage", "water_outage": return (6...8).contains(month) ? 2.0 : ([5, 9].contains(month) ? 1.3 : 0.6)
        case "school_admission", "school_fees": return (6...9).contains(month) ? 2.0 : 0.6
        case "agri_subsidy": return (3...5).contains(month) ? 2.0 : 0.7
        case "cooking_fumes", "public_health": return (5...9).contains(month) ? 1.5 : 0.8
        case "tourism": return [5, 10, 2].contains(month) ? 2.0 : 0.8
        default: return 1
        }
    }

    static func epochDays(_ y: Int, _ m: Int, _ d: Int) -> Int { CypherDate(year: y, month: m, day: d)!.daysSinceEpoch }
    static func month(ofEpochDay day: Int) -> Int { CypherDate(daysSinceEpoch: day).month }
    static func year(ofEpochDay day: Int) -> Int { CypherDate(daysSinceEpoch: day).year }
    static func isoDate(_ day: Int) -> String { CypherDate(daysSinceEpoch: day).description }

    /// Seconds since the epoch as ISO 8601 in Beijing time.
    static func iso(_ seconds: Double) -> String {
        let s = Int64(seconds) + 8 * 3600
        let day = Int(s / 86400), rest = Int(s % 86400)
        return CypherDate(daysSinceEpoch: day).description + String(format: "T%02d:%02d:%02d+08:00", rest / 3600, rest % 3600 / 60, rest % 60)
    }
}
