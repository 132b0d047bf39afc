import KGCore

/// What an efficacy report ranks: each office, each department type (offices pooled by their
/// `OF_TYPE`), or each region (offices pooled by the prefecture-level city they sit in; a
/// province-level office counts for the province).
public enum EfficacyLevel: String, Sendable, Codable, CaseIterable {
    case office, department, region

    /// Parses a level; nil or empty is `office`.
    /// - Throws: `EfficacyError` (InvalidSupervisionRequest) listing the levels.
    public static func parse(_ text: String?) throws -> EfficacyLevel {
        guard let text, !text.isEmpty else { return .office }
        guard let level = EfficacyLevel(rawValue: text.lowercased()) else {
            throw EfficacyError(code: .invalidSupervisionRequest,
                                message: "level \"\(text.prefix(20))\" is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return level
    }
}
