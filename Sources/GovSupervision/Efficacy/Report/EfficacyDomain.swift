import KGCore

/// The supervision domain an efficacy report covers: the plan's four supervision domains — `market`
/// (inspections of enterprises), `ecology` (生态环境), `emergency` (应急管理) and `housing` (住房建设)
/// (their domain inspections, see `EfficacyDomainCases`) — and the `hotline` (work orders).
public enum EfficacyDomain: String, Sendable, Codable, CaseIterable {
    case market, ecology, emergency, housing, hotline, all

    /// The domains whose cases the graph holds.
    public static let available: [EfficacyDomain] = [.market, .ecology, .emergency, .housing, .hotline]

    /// Parses a domain; nil or empty is `all`.
    /// - Throws: `EfficacyError` (InvalidSupervisionRequest) listing the domains.
    public static func parse(_ text: String?) throws -> EfficacyDomain {
        guard let text, !text.isEmpty else { return .all }
        guard let domain = EfficacyDomain(rawValue: text.lowercased()) else {
            throw EfficacyError(code: .invalidSupervisionRequest,
                                message: "domain \"\(text.prefix(20))\" is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return domain
    }

    /// The domains whose cases a report of this domain reads.
    var parts: [EfficacyDomain] { self == .all ? Self.available : [self] }
}
