import KGCore

/// An ontology that cannot be read, or a write that breaks the ontology.
public struct OntologyError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var location: SourceLocation?
    public var phase: String { "ontology" }

    public init(code: ErrorCode, message: String, location: SourceLocation? = nil) {
        self.code = code; self.message = message; self.location = location
    }
}
