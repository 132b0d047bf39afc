import KGCore

/// The supervision domain an efficacy report covers. The plan names four supervision domains and
/// the hotline; the graph holds cases of `market` (inspections) and `hotline` (work orders) so
/// far: the others are accepted and answered with a clear "no cases yet".
public enum EfficacyDomain: String, Sendable, Codable, CaseIterable {
    case market, ecology, emergency, housing, hotline, all

    /// The domains whose cases the graph holds.
    public static let available: [EfficacyDomain] = [.market, .hotline]

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
