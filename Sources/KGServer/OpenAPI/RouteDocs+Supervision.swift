import KGCore
import GovSupervision

/// The documentation of the supervision-item catalogue's routes and joint draws (issue 26).
extension RouteDocs {
    static let claimRow = S.object([("level", S.string), ("key", S.string("office code, department type or region adcode")), ("name", S.string),
                                    ("offices", S.integer), ("items", S.integer("items its offices should claim")), ("claimed", S.integer),
                                    ("claimRate", S.number), ("target", S.number), ("meetsTarget", S.boolean), ("officesBelowTarget", S.integer)],
                                   required: ["level", "key", "claimRate", "target", "meetsTarget"])
    static let format = S.string("json (default) or csv (also with Accept: text/csv); CSV cells a spreadsheet would take for a formula start with an apostrophe",
                                 enumeration: ["json", "csv"])

    static let supervisionItems: [String: RouteDoc] = [
        "GET /v1/supervision/items": RouteDoc(tag: "supervision", summary: "Supervision-item catalogue (监管事项目录)",
                                              description: "The catalogue's items: code, name, domain, department type, check method, whether on the double-random list (双随机、一公开监管事项库) and the joint-supervision list (联合监管事项库), and how many offices claim it. Filters combine. 400 for an unknown domain, department type, list or format. Supervisor, analyst, dashboard and admin keys. As `govbrain supervision items`.",
                                              parameters: [RouteDoc.query("domain", S.string("the supervision domain", enumeration: ["market", "ecology", "emergency", "housing"]), "only this domain's items"),
                                                           RouteDoc.query("departmentType", S.string("the department type", enumeration: ["market", "ecoenv", "emergency", "housing"]), "only this department type's items"),
                                                           RouteDoc.query("list", S.string("an item list", enumeration: SupervisionItemCatalog.ItemList.allCases.map(\.rawValue)), "only the items on this list"),
                                                           RouteDoc.query("format", format, "the answer's format")],
                                              response: (S.object([("items", S.array(S.object([("code", S.string), ("name", S.string), ("domain", S.string), ("departmentType", S.string),
                                                                                                ("checkMethod", S.string), ("doubleRandom", S.boolean), ("jointSupervision", S.boolean),
                                                                                                ("claimedBy", S.integer("offices of its type that claim it"))],
                                                                                               required: ["code", "name", "domain", "departmentType", "doubleRandom", "jointSupervision"]))),
                                                                   ("count", S.integer)], required: ["items", "count"]), nil),
                                              csv: true),
        "GET /v1/supervision/claims": RouteDoc(tag: "supervision", summary: "Claim rate of the supervision items (认领率)",
                                               description: "Per office, department type or region (city), lowest first: the share of its department type's catalogue items claimed (pooled over offices for a department type or region), against the plan's ≥ 95 % (PT121); with how many units meet it and the rate over every office in the answer. Claims carry no date: the rate is the state when asked; a period is checked and echoed. 400 for a bad period, level, region or format; 404 for a region with no office. Supervisor, analyst, dashboard and admin keys. As `govbrain supervision claims`.",
                                               parameters: [RouteDoc.query("period", S.pattern("^[0-9]{4}-(Q[1-4]|0[1-9]|1[0-2])$", "a quarter YYYY-Qn or a month YYYY-MM", example: "2024-Q4"), "the reporting period (echoed)"),
                                                            RouteDoc.query("region", adcode, "only the offices of this region (its sub-regions included)"),
                                                            RouteDoc.query("level", S.string("office, department or region", enumeration: SupervisionClaimRates.Level.allCases.map(\.rawValue)), "what a row is (default office)"),
                                                            RouteDoc.query("format", format, "the answer's format (CSV: the rows)")],
                                               response: (S.object([("period", S.nullable(S.string)), ("level", S.string), ("region", S.nullable(S.string)), ("target", S.number), ("targetId", S.string),
                                                                    ("units", S.integer), ("unitsMeetingTarget", S.integer), ("offices", S.integer), ("items", S.integer), ("claimed", S.integer),
                                                                    ("claimRate", S.nullable(S.number)), ("rows", S.array(claimRow)), ("note", S.string)],
                                                                   required: ["level", "target", "targetId", "units", "unitsMeetingTarget", "rows"]), nil),
                                               csv: true),
        "POST /v1/supervision/draws": RouteDoc(tag: "supervision", summary: "Joint double-random draw (部门联合双随机抽查)",
                                               description: "Draws count enterprises of a region uniformly without replacement from those in business (存续, 在业) under every domain's remit (ecology: operators of a pollution source; emergency: of a work-safety site; housing: contractors of a construction project), with one inspector of each domain's responsible office and the joint-supervision items it claimed. The same database, domains, region, count and seed give the same visits as `govbrain risk sample --joint`. Recorded in the graph (InspectionDraw with drawStatus, seed, who and when; SELECTED per visit); a refused attempt is recorded too (drawStatus refused, the reason), and every request is in the audit log. 400 for fewer than two or unknown domains, a count outside 1–1000, a negative seed or a pool smaller than count; 404 for an unknown region or a domain with no staffed office there. Supervisor and admin keys.",
                                               request: (S.object([("domains", S.array(S.string("a domain or its department type", enumeration: ["market", "ecology", "ecoenv", "emergency", "housing"]), description: "two or more, each once")),
                                                                   ("region", adcode), ("count", S.integer("enterprises to visit", minimum: 1, maximum: JointInspectionSampler.maxVisits)),
                                                                   ("seed", S.integer("random seed (recorded)", minimum: 0)),
                                                                   ("by", S.nullable(S.text("a display name recorded beside the caller's key", maxLength: 64)))],
                                                                  required: ["domains", "region", "count", "seed"]),
                                                         .object([("domains", .array([.string("market"), .string("ecology")])), ("region", .string("450100")), ("count", .int(5)), ("seed", .int(7))])),
                                               response: (S.object([("id", S.string), ("region", S.string), ("seed", S.integer), ("departments", S.array(S.string)), ("population", S.integer),
                                                                    ("n", S.integer), ("method", S.string), ("orderedBy", S.string), ("createdAt", S.string),
                                                                    ("selected", S.array(S.object([("rank", S.integer), ("uscc", S.string), ("name", S.string), ("adcode", S.string),
                                                                                                   ("teams", S.array(S.object([("department", S.string), ("office", S.string),
                                                                                                                               ("inspectors", S.array(S.string("masked: surname + **"))),
                                                                                                                               ("items", S.array(S.string))])))],
                                                                                                  required: ["rank", "uscc", "teams"])))],
                                                                   required: ["id", "seed", "departments", "population", "n", "selected"]), nil)),
    ]
}
