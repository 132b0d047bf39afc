import KGCore

/// A case table the efficacy estimator cannot use: what is wrong, where (file:line:column, the
/// column's name) and how to fix it. Cell values are not repeated beyond the offending cell's
/// short text, and only for outcome and case-mix cells, which hold no personal data.
public struct EfficacyError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var location: SourceLocation?
    public var phase: String { "efficacy" }

    public init(code: ErrorCode, message: String, location: SourceLocation? = nil) {
        self.code = code; self.message = message; self.location = location
    }

    /// `file:line:column (field name): Code: message`, the form the CLI prints.
    public var description: String {
        let loc = location.map { "\($0): " } ?? ""
        return "\(loc)\(code.rawValue): \(message)"
    }
}
