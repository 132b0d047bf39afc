import KGCore

/// A problem with an input file: where it is (file, line, column, field), what, how to fix.
public struct ImportError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var location: SourceLocation?
    public var phase: String { "import" }

    public init(code: ErrorCode, message: String, location: SourceLocation? = nil) {
        self.code = code; self.message = message; self.location = location
    }

    public var description: String {
        let loc = location.map { "\($0): " } ?? ""
        return "\(loc)\(code.rawValue): \(message)"
    }
}
