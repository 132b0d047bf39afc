/// One of the three supervision domains the plan names beside market supervision — ecology and
/// environment (生态环境), emergency management (应急管理), housing and construction (住房建设) — as
/// the generator plants it: the supervised sites, the problems found at them and the inspections
/// of the domain's offices. The three share one shape (site → inspection → problem with a
/// rectification), so one generator (`DomainSupervision`) and one reader per consumer serve all.
public struct SupervisionDomain: Sendable {
    /// A kind of site and how much riskier it is (log-odds of a problem in a half-year).
    public struct Category: Sendable {
        public let name: String
        public let weight: Double
        public let risk: Double
    }

    /// `ecology`, `emergency` or `housing` (the efficacy report's and the model's `--domain`).
    public let id: String
    /// The canonical department type (Datasets/reference/departments.csv) whose offices supervise it.
    public let department: String
    /// Ontology labels of the site, the problem and the inspection.
    public let siteLabel: String
    public let problemLabel: String
    public let inspectionLabel: String
    /// The relationship from the site to its enterprise (`OPERATED_BY`, `CONTRACTED_BY`).
    public let enterpriseLink: String
    /// The site's numeric size property and whether it is an integer (its log is a risk factor).
    public let sizeProperty: String
    public let sizeIsInteger: Bool
    let sizeMedian: Double
    /// Code prefixes of sites, problems and inspections.
    let prefix: (site: String, problem: String, inspection: String)
    /// File stem of the CSV files (`pollution_sources.csv` …).
    let files: (sites: String, problems: String, inspections: String)
    public let categories: [Category]
    /// Industry sections the site's enterprise is drawn from (any enterprise when none qualifies).
    let sections: Set<String>
    /// Problem kinds and their descriptions.
    let problemKinds: [(kind: String, description: String)]
    /// How a problem no inspection found comes to light (在线监测, 企业自查, 事故报告).
    let selfRevealed: String
    /// Severity words, mildest first; the last is the serious one (the credit model's target).
    let severities: [String]
    /// Share of key units (重点排污单位, 重大危险源, 危大工程).
    let keyShare: Double
    /// Whether sites are projects that start during the period (housing) rather than long-running.
    let projects: Bool

    /// The three domains, in the order the generator writes them.
    public static let all: [SupervisionDomain] = [ecology, emergency, housing]

    public static let ecology = SupervisionDomain(
        id: "ecology", department: "ecoenv", siteLabel: "PollutionSource", problemLabel: "MonitoringExceedance",
        inspectionLabel: "EnvironmentalInspection", enterpriseLink: "OPERATED_BY", sizeProperty: "annualEmission", sizeIsInteger: false,
        sizeMedian: 40, prefix: ("PS", "EXC", "EIN"), files: ("pollution_sources", "monitoring_exceedances", "environmental_inspections"),
        categories: [Category(name: "废水", weight: 4, risk: 0.2), Category(name: "废气", weight: 4, risk: 0.3), Category(name: "固体废物", weight: 1.5, risk: 0),
                     Category(name: "危险废物", weight: 1, risk: 0.5), Category(name: "噪声", weight: 1.5, risk: -0.3)],
        sections: ["B", "C", "D", "E", "N"],
        problemKinds: [("超标排放", "污染物排放浓度超过许可排放限值"), ("未按证排污", "未按排污许可证规定排放污染物"),
                       ("监测数据异常", "自动监测数据缺失或异常"), ("治污设施不正常运行", "污染防治设施未正常运行")],
        selfRevealed: "在线监测", severities: ["一般", "较重", "严重"], keyShare: 0.2, projects: false)

    public static let emergency = SupervisionDomain(
        id: "emergency", department: "emergency", siteLabel: "WorkSafetySite", problemLabel: "HiddenDanger",
        inspectionLabel: "SafetyInspection", enterpriseLink: "OPERATED_BY", sizeProperty: "employees", sizeIsInteger: true,
        sizeMedian: 60, prefix: ("WS", "HD", "SIN"), files: ("work_safety_sites", "hidden_dangers", "safety_inspections"),
        categories: [Category(name: "危险化学品", weight: 3, risk: 0.5), Category(name: "非煤矿山", weight: 1.5, risk: 0.6),
                     Category(name: "工贸企业", weight: 5, risk: 0), Category(name: "烟花爆竹", weight: 0.8, risk: 0.4)],
        sections: ["B", "C", "D", "F", "G"],
        problemKinds: [("设备设施隐患", "安全设备设施未按规定检测维护"), ("作业场所隐患", "作业场所安全距离或通道不符合要求"),
                       ("安全管理隐患", "未按规定开展安全教育培训"), ("危险源管控隐患", "重大危险源未按规定监测监控")],
        selfRevealed: "企业自查", severities: ["一般隐患", "较大隐患", "重大隐患"], keyShare: 0.15, projects: false)

    public static let housing = SupervisionDomain(
        id: "housing", department: "housing", siteLabel: "ConstructionProject", problemLabel: "QualitySafetyIncident",
        inspectionLabel: "ConstructionInspection", enterpriseLink: "CONTRACTED_BY", sizeProperty: "contractValue", sizeIsInteger: false,
        sizeMedian: 3000, prefix: ("CP", "QSI", "CIN"), files: ("construction_projects", "quality_safety_incidents", "construction_inspections"),
        categories: [Category(name: "房屋建筑工程", weight: 5, risk: 0.2), Category(name: "市政基础设施工程", weight: 2.5, risk: 0.1),
                     Category(name: "装饰装修工程", weight: 2, risk: -0.2), Category(name: "城市更新改造工程", weight: 1, risk: 0.3)],
        sections: ["E"],
        problemKinds: [("质量问题", "混凝土强度或钢筋配置不符合设计要求"), ("安全隐患", "脚手架或高支模未按方案搭设"),
                       ("安全事故", "施工现场发生生产安全事故"), ("质量投诉", "住宅渗漏或裂缝经核实属实")],
        selfRevealed: "事故报告", severities: ["一般", "较大", "重大"], keyShare: 0.25, projects: true)
}
