import Foundation

extension SupervisionFeatures {
    /// The Chinese and English meaning, unit and kind of every column of both purposes (credit and
    /// risk), for reasons a supervisor reads. Windows follow `table`: 累计 = every record before the
    /// scoring day, 近12个月 = the 365 days before it, 近90天 / 近180天 likewise.
    public static let meaning: [String: FeatureMeaning] = [
        "scale": FeatureMeaning("企业规模", en: "enterprise scale", kind: .category(names: scaleNames)),
        "status": FeatureMeaning("登记状态", en: "registration status", kind: .category(names: statusNames)),
        "industry": FeatureMeaning("行业", en: "industry", kind: .category(names: industryNames)),
        "ageYears": FeatureMeaning("成立年限", unit: "年", en: "years since registration", kind: .number(digits: 1)),
        "capital": FeatureMeaning("注册资本", unit: "万元", en: "registered capital", unitEn: "CNY", kind: .capitalWan),
        "employees": FeatureMeaning("最近一期年报从业人数", unit: "人", en: "headcount in the latest annual report"),
        "employeeGrowth": FeatureMeaning("近两期年报从业人数变化", en: "headcount change between the last two annual reports", kind: .logChange),
        "taxGrowth": FeatureMeaning("近两期年报纳税额变化", en: "tax paid change between the last two annual reports", kind: .logChange),
        "reportsOverdue": FeatureMeaning("逾期未报年报", unit: "份", en: "annual reports overdue"),
        "violations": FeatureMeaning("累计违法违规", unit: "次", en: "violations found on record"),
        "seriousViolations": FeatureMeaning("累计严重违法", unit: "次", en: "serious violations on record"),
        "penalties": FeatureMeaning("累计行政处罚", unit: "次", en: "administrative penalties on record"),
        "penaltyAmount": FeatureMeaning("累计罚款金额", unit: "元", en: "penalty amounts on record", unitEn: "CNY"),
        "taxArrears": FeatureMeaning("累计欠税记录", unit: "次", en: "tax arrears records on record"),
        "courtCases": FeatureMeaning("列为失信被执行人", unit: "次", en: "court enforcement listings (失信被执行人) on record"),
        "abnormalListings": FeatureMeaning("列入经营异常名录", unit: "次", en: "abnormal-operation listings on record"),
        "creditPenalties": FeatureMeaning("累计信用惩戒", unit: "次", en: "credit penalty records on record"),
        // Tax arrears, court enforcement, abnormal listings and credit penalties together.
        "negativeCreditRecords": FeatureMeaning("累计不良信用记录", unit: "条", en: "negative credit records on record"),
        "honours": FeatureMeaning("累计获得荣誉", unit: "项", en: "honours on record"),
        "relatedRisk": FeatureMeaning("关联方风险指数", en: "related-party risk index", kind: .number(digits: 2)),
        "complaints90": FeatureMeaning("近90天热线投诉", unit: "次", en: "hotline complaints in the last 90 days"),
        "complaints365": FeatureMeaning("近12个月热线投诉", unit: "次", en: "hotline complaints in the last 12 months"),
        "complaintsPerYear": FeatureMeaning("有记录以来年均热线投诉", unit: "次", en: "hotline complaints per year on record", kind: .number(digits: 1)),
        "complaintTrend": FeatureMeaning("近90天投诉量为此前9个月同期水平的", unit: "倍",
                                         en: "complaints in the last 90 days against the 9 months before (same length)", kind: .ratio),
        "complaintsVsIndustry": FeatureMeaning("近12个月投诉量为本行业企业平均的", unit: "倍",
                                               en: "complaints in the last 12 months against its industry's average", kind: .ratio),
        "complaintsVsScale": FeatureMeaning("近12个月投诉量为同规模企业平均的", unit: "倍",
                                            en: "complaints in the last 12 months against the average of its scale", kind: .ratio),
        "wageComplaints365": FeatureMeaning("近12个月欠薪投诉", unit: "次", en: "wage-arrears complaints in the last 12 months"),
        "legalRepChanges365": FeatureMeaning("近12个月法定代表人变更", unit: "次", en: "legal-representative changes in the last 12 months"),
        "legalRepChanges": FeatureMeaning("累计法定代表人变更", unit: "次", en: "legal-representative changes on record"),
        "addressChanges365": FeatureMeaning("近12个月住所变更", unit: "次", en: "address changes in the last 12 months"),
        "addressChanges": FeatureMeaning("累计住所变更", unit: "次", en: "address changes on record"),
        "legalRepAndAddressChange365": FeatureMeaning(
            "近12个月法定代表人和住所均有变更", en: "legal representative and address both changed in the last 12 months",
            kind: .flag(no: "近12个月法定代表人和住所未同时变更", noEn: "legal representative and address not both changed in the last 12 months")),
        "shareholderChanges365": FeatureMeaning("近12个月股东变更", unit: "次", en: "shareholder changes in the last 12 months"),
        "adverse180": FeatureMeaning("近180天不良监管记录", unit: "条", en: "adverse supervision records in the last 180 days"),
    ]

    /// Enterprise scales as the register writes them.
    static let scaleNames: [String: (zh: String, en: String)] = [
        "micro": ("微型", "micro"), "small": ("小型", "small"), "medium": ("中型", "medium"), "large": ("大型", "large"),
    ]

    /// Registration statuses (the register's Chinese words).
    static let statusNames: [String: (zh: String, en: String)] = [
        "存续": ("存续", "active (存续)"), "在业": ("在业", "in business (在业)"), "注销": ("注销", "deregistered (注销)"), "吊销": ("吊销", "licence revoked (吊销)"),
    ]

    /// The sections of GB/T 4754-2017 (国民经济行业分类), as in `Datasets/reference/industries.csv`:
    /// the `industry` column holds the section letter.
    static let industryNames: [String: (zh: String, en: String)] = [
        "A": ("农、林、牧、渔业", "agriculture, forestry, animal husbandry and fishery"), "B": ("采矿业", "mining"),
        "C": ("制造业", "manufacturing"), "D": ("电力、热力、燃气及水生产和供应业", "electricity, heat, gas and water production and supply"),
        "E": ("建筑业", "construction"), "F": ("批发和零售业", "wholesale and retail trade"),
        "G": ("交通运输、仓储和邮政业", "transport, storage and postal services"), "H": ("住宿和餐饮业", "accommodation and catering"),
        "I": ("信息传输、软件和信息技术服务业", "information transmission, software and information technology services"),
        "J": ("金融业", "finance"), "K": ("房地产业", "real estate"), "L": ("租赁和商务服务业", "leasing and business services"),
        "M": ("科学研究和技术服务业", "scientific research and technical services"),
        "N": ("水利、环境和公共设施管理业", "water conservancy, environment and public facilities management"),
        "O": ("居民服务、修理和其他服务业", "resident services, repair and other services"), "P": ("教育", "education"),
        "Q": ("卫生和社会工作", "health and social work"), "R": ("文化、体育和娱乐业", "culture, sports and entertainment"),
        "S": ("公共管理、社会保障和社会组织", "public administration, social security and social organizations"),
        "T": ("国际组织", "international organizations"),
    ]
}
