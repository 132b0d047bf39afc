/// What every GovBrain error carries: a stable code, the stage that raised it, a message that
/// says what happened, where, and what to do, and (where there is source text) a location.
///
/// Each stage has its own conforming type (`StoreError`, `ImportError`, `OntologyError`, …).
/// Messages never contain query parameters or sensitive property values.
public protocol GovBrainError: Error, Sendable, CustomStringConvertible {
    /// A stable, machine-readable code.
    var code: ErrorCode { get }
    /// The stage: `store`, `import`, `ontology`, `compile`, `runtime`, …
    var phase: String { get }
    /// Human-readable text: what, where, how to fix.
    var message: String { get }
    /// Where in a file or query text the problem is, if anywhere.
    var location: SourceLocation? { get }
}

extension GovBrainError {
    public var location: SourceLocation? { nil }
    public var description: String {
        if let location { return "\(code.rawValue): \(message) (\(location))" }
        return "\(code.rawValue): \(message)"
    }
}

/// A place in an input: a file (or query text), line and column (1-based), optionally a field.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    public var line: Int
    public var column: Int
    public var field: String?

    public init(file: String? = nil, line: Int, column: Int, field: String? = nil) {
        self.file = file; self.line = line; self.column = column; self.field = field
    }

    public var description: String {
        var s = (file.map { "\($0):" } ?? "") + "\(line):\(column)"
        if let field { s += " (field \(field))" }
        return s
    }
}

/// A public error code. New codes are added as static members, so no caller breaks.
public struct ErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    // Store
    public static let notADatabase = ErrorCode("NotADatabase")
    public static let newerFormat = ErrorCode("NewerStoreFormat")
    public static let databaseMissing = ErrorCode("DatabaseMissing")
    public static let pathNotWritable = ErrorCode("PathNotWritable")
    public static let sqlite = ErrorCode("StorageFailure")
    public static let busy = ErrorCode("DatabaseBusy")
    // Ontology and schema
    public static let ontologyInvalid = ErrorCode("OntologyInvalid")
    public static let unknownLabel = ErrorCode("UnknownLabel")
    public static let unknownRelationshipType = ErrorCode("UnknownRelationshipType")
    public static let unknownProperty = ErrorCode("UnknownProperty")
    public static let wrongEndpoint = ErrorCode("WrongEndpointClass")
    public static let wrongPropertyType = ErrorCode("WrongPropertyType")
    public static let duplicateKey = ErrorCode("DuplicateKey")
    public static let invalidIdentifier = ErrorCode("InvalidIdentifier")
    public static let missingKey = ErrorCode("MissingKey")
    // Import and export
    public static let fileNotFound = ErrorCode("FileNotFound")
    public static let emptyFile = ErrorCode("EmptyFile")
    public static let invalidUTF8 = ErrorCode("InvalidUTF8")
    public static let unterminatedQuote = ErrorCode("UnterminatedQuote")
    public static let wrongColumnCount = ErrorCode("WrongColumnCount")
    public static let badHeader = ErrorCode("BadHeader")
    public static let badValue = ErrorCode("BadValue")
    public static let duplicateID = ErrorCode("DuplicateId")
    public static let missingEndpoint = ErrorCode("MissingEndpoint")
    public static let malformedXML = ErrorCode("MalformedXML")
    public static let malformedJSON = ErrorCode("MalformedJSON")
    public static let unknownFormat = ErrorCode("UnknownFormat")
    /// The thing asked for (an enterprise, an alert, a region, a key) does not exist.
    public static let notFound = ErrorCode("NotFound")
    // Access control and limits
    public static let unauthorized = ErrorCode("Unauthorized")
    public static let forbidden = ErrorCode("Forbidden")
    public static let writeNotAllowed = ErrorCode("WriteNotAllowed")
    public static let rateLimited = ErrorCode("RateLimited")
    public static let overloaded = ErrorCode("Overloaded")
    public static let payloadTooLarge = ErrorCode("PayloadTooLarge")
    /// A request body that did not arrive in time.
    public static let requestTimeout = ErrorCode("RequestTimeout")
    public static let invalidAccessRequest = ErrorCode("InvalidAccessRequest")
}
