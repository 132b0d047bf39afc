import KGCore

/// How one of the supervision domains beside market supervision sits in the graph (see the
/// ontology): its sites, the problems found at them (`ISSUE_AT` the site, `FOUND_ISSUE` by an
/// inspection, with a `rectificationDeadline` and `rectifiedOn`), its inspections (`INSPECTED`
/// the site, `CONDUCTED_BY` an office), the site's numeric size and the department type whose
/// offices supervise it. The efficacy report and the domain risk and credit models read it.
public struct SupervisionDomainSchema: Sendable, Equatable {
    /// `ecology`, `emergency` or `housing`.
    public let id: String
    /// The canonical department type (Datasets/reference/departments.csv).
    public let department: String
    public let siteLabel: String
    public let problemLabel: String
    public let inspectionLabel: String
    /// The site's size property (its log is case mix and a risk factor).
    public let sizeProperty: String
    /// The severity word of a serious problem (the credit model's target).
    public let seriousSeverity: String
    /// The domain in Chinese, for reports and model cards.
    public let nameZh: String

    public static let ecology = SupervisionDomainSchema(id: "ecology", department: "ecoenv", siteLabel: "PollutionSource", problemLabel: "MonitoringExceedance",
                                                        inspectionLabel: "EnvironmentalInspection", sizeProperty: "annualEmission", seriousSeverity: "严重", nameZh: "生态环境")
    public static let emergency = SupervisionDomainSchema(id: "emergency", department: "emergency", siteLabel: "WorkSafetySite", problemLabel: "HiddenDanger",
                                                          inspectionLabel: "SafetyInspection", sizeProperty: "employees", seriousSeverity: "重大隐患", nameZh: "应急管理")
    public static let housing = SupervisionDomainSchema(id: "housing", department: "housing", siteLabel: "ConstructionProject", problemLabel: "QualitySafetyIncident",
                                                        inspectionLabel: "ConstructionInspection", sizeProperty: "contractValue", seriousSeverity: "重大", nameZh: "住房建设")

    /// The three, in order.
    public static let all: [SupervisionDomainSchema] = [ecology, emergency, housing]

    /// The schema of a domain id, nil for market, hotline or an unknown id.
    public static func named(_ id: String) -> SupervisionDomainSchema? { all.first { $0.id == id } }
}
