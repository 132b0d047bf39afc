import KGCore
import KGEngine

/// The claim rate of the supervision items (认领率) as `GET /v1/supervision/claims` answers it:
/// per office, department type or region (city), lowest first, against the plan's ≥ 95 %
/// (PT121), with how many units meet it and the rate pooled over every office in the answer.
///
/// The graph's claims (`CLAIMS`) carry no date, so the rate is the catalogue's state when asked;
/// a period, when given, is checked and echoed so the answer can be filed with a period's
/// efficacy report.
public struct SupervisionClaimsReport: Encodable, Sendable {
    public let period: String?
    public let level: String
    public let region: String?
    public let target: Double
    public let targetId: String
    /// Units in the answer, and those at or above the target.
    public let units: Int
    public let unitsMeetingTarget: Int
    /// Offices in the answer, items they should claim, claimed, and the pooled rate (nil without offices).
    public let offices: Int
    public let items: Int
    public let claimed: Int
    public let claimRate: Double?
    public let rows: [SupervisionClaimRates.Row]
    public let note: String

    static let note = "claims (CLAIMS) carry no date: the rate is the catalogue's state when asked; an office's rate is the share of its department type's items it claimed, a department type's or region's is pooled over its offices"

    /// Checks the request and builds the answer from a catalogue.
    /// - Throws: `invalidSupervisionRequest` for a bad period, level or region (what is accepted
    ///   is in the message); `notFound` for a region with no office of the catalogue's types.
    public static func make(_ catalog: SupervisionItemCatalog, request: SupervisionClaimsRequest) throws -> SupervisionClaimsReport {
        func given(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        let period = try given(request.period).map { try EfficacyPeriod($0).description }
        let levelText = given(request.level) ?? SupervisionClaimRates.Level.office.rawValue
        guard let level = SupervisionClaimRates.Level(rawValue: levelText.lowercased()) else {
            throw EngineError(code: .invalidSupervisionRequest,
                              message: "level \"\(levelText.prefix(20))\" is not one of \(SupervisionClaimRates.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let region = given(request.region)
        var scoped = catalog
        if let region {
            guard region.count == 6, region.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw EngineError(code: .invalidSupervisionRequest, message: "region must be a six-digit adcode (e.g. 450100 for a city and its counties)")
            }
            scoped = catalog.restricted(to: nil, region: region)
            guard !scoped.offices.isEmpty else {
                throw EngineError(code: .notFound, message: "no office of the catalogue's department types is located in region \(region); list the regions with `govbrain query \"MATCH (r:Region) RETURN r.adcode, r.name\"`")
            }
        }
        let rows = SupervisionClaimRates.rows(scoped, level: level)
        let pooled = SupervisionClaimRates.rows(scoped, level: .department)
        let items = pooled.reduce(0) { $0 + $1.items }, claimed = pooled.reduce(0) { $0 + $1.claimed }
        return SupervisionClaimsReport(period: period, level: level.rawValue, region: region, target: SupervisionClaimRates.target,
                                       targetId: SupervisionClaimRates.targetID, units: rows.count, unitsMeetingTarget: rows.filter(\.meetsTarget).count,
                                       offices: pooled.reduce(0) { $0 + $1.offices }, items: items, claimed: claimed,
                                       claimRate: items > 0 ? Double(claimed) / Double(items) : nil, rows: rows, note: note)
    }
}
