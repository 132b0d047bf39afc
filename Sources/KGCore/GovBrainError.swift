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
    /// The client does not accept what the route answers (406), e.g. a stream asked for without `Accept: text/event-stream`.
    public static let notAcceptable = ErrorCode("NotAcceptable")
    public static let newerFormat = ErrorCode("NewerStoreFormat")
    public static let databaseMissing = ErrorCode("DatabaseMissing")
    public static let pathNotWritable = ErrorCode("PathNotWritable")
    public static let sqlite = ErrorCode("StorageFailure")
    public static let busy = ErrorCode("DatabaseBusy")
    /// A `--db postgresql://…` URL that does not parse (the message names the part, never the password).
    public static let invalidDatabaseURL = ErrorCode("InvalidDatabaseURL")
    /// No database server answered at any of the URL's hosts within the connect timeout.
    public static let databaseUnreachable = ErrorCode("DatabaseUnreachable")
    /// The database server refused the user name or password.
    public static let databaseAuthenticationFailed = ErrorCode("DatabaseAuthenticationFailed")
    /// The connection to the database server was lost after COMMIT was sent: the transaction may
    /// or may not have been committed (with synchronous replication the primary may have
    /// committed locally). Not to be retried blindly: check for its effects first.
    public static let commitOutcomeUnknown = ErrorCode("CommitOutcomeUnknown")
    /// The database server is of a version or kind GovBrain does not run on (PostgreSQL older than 14).
    public static let unsupportedDatabaseServer = ErrorCode("UnsupportedDatabaseServer")
    /// What the store holds, or what its server sent back, breaks the store's own format (a packed
    /// value of the wrong length): the data or the server is damaged. Not worth retrying; run
    /// `govbrain stats --integrity` and restore from a backup if it reports findings.
    public static let storeCorrupted = ErrorCode("StoreCorrupted")
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
    // Cypher: the detail codes of the openCypher TCK (and GovBrain's query limits). The raw
    // values are a public contract, checked by the TCK runner and by clients; `writeNotAllowed`
    // (above) is one of them too.
    public static let ambiguousAggregationExpression = ErrorCode("AmbiguousAggregationExpression")
    public static let columnNameConflict = ErrorCode("ColumnNameConflict")
    public static let creatingVarLength = ErrorCode("CreatingVarLength")
    public static let deleteConnectedNode = ErrorCode("DeleteConnectedNode")
    public static let deletedEntityAccess = ErrorCode("DeletedEntityAccess")
    public static let differentColumnsInUnion = ErrorCode("DifferentColumnsInUnion")
    public static let divisionByZero = ErrorCode("DivisionByZero")
    public static let floatingPointOverflow = ErrorCode("FloatingPointOverflow")
    public static let integerOverflow = ErrorCode("IntegerOverflow")
    /// An internal failure: a bug or a numerical library failure (also the server's code for an unexpected error).
    public static let internalError = ErrorCode("InternalError")
    public static let invalidAggregation = ErrorCode("InvalidAggregation")
    public static let invalidArgumentPassingMode = ErrorCode("InvalidArgumentPassingMode")
    public static let invalidArgumentType = ErrorCode("InvalidArgumentType")
    public static let invalidArgumentValue = ErrorCode("InvalidArgumentValue")
    public static let invalidClauseComposition = ErrorCode("InvalidClauseComposition")
    public static let invalidDelete = ErrorCode("InvalidDelete")
    public static let invalidNumberLiteral = ErrorCode("InvalidNumberLiteral")
    public static let invalidNumberOfArguments = ErrorCode("InvalidNumberOfArguments")
    public static let invalidParameterUse = ErrorCode("InvalidParameterUse")
    public static let invalidPropertyType = ErrorCode("InvalidPropertyType")
    public static let invalidRelationshipPattern = ErrorCode("InvalidRelationshipPattern")
    public static let invalidUnicodeCharacter = ErrorCode("InvalidUnicodeCharacter")
    public static let invalidUnicodeLiteral = ErrorCode("InvalidUnicodeLiteral")
    public static let listElementAccessByNonInteger = ErrorCode("ListElementAccessByNonInteger")
    public static let mapElementAccessByNonString = ErrorCode("MapElementAccessByNonString")
    public static let memoryLimitExceeded = ErrorCode("MemoryLimitExceeded")
    public static let mergeReadOwnWrites = ErrorCode("MergeReadOwnWrites")
    public static let missingParameter = ErrorCode("MissingParameter")
    public static let negativeIntegerArgument = ErrorCode("NegativeIntegerArgument")
    public static let nestedAggregation = ErrorCode("NestedAggregation")
    public static let nestingTooDeep = ErrorCode("NestingTooDeep")
    public static let noExpressionAlias = ErrorCode("NoExpressionAlias")
    public static let noSingleRelationshipType = ErrorCode("NoSingleRelationshipType")
    public static let noVariablesInScope = ErrorCode("NoVariablesInScope")
    public static let nonConstantExpression = ErrorCode("NonConstantExpression")
    public static let numberOutOfRange = ErrorCode("NumberOutOfRange")
    public static let procedureNotFound = ErrorCode("ProcedureNotFound")
    public static let queryTimeout = ErrorCode("QueryTimeout")
    public static let queryTooLarge = ErrorCode("QueryTooLarge")
    public static let readOnlyAccess = ErrorCode("ReadOnlyAccess")
    public static let relationshipUniquenessViolation = ErrorCode("RelationshipUniquenessViolation")
    public static let requiresDirectedRelationship = ErrorCode("RequiresDirectedRelationship")
    public static let rowLimitExceeded = ErrorCode("RowLimitExceeded")
    public static let undefinedVariable = ErrorCode("UndefinedVariable")
    public static let unexpectedSyntax = ErrorCode("UnexpectedSyntax")
    public static let unknownFunction = ErrorCode("UnknownFunction")
    public static let variableAlreadyBound = ErrorCode("VariableAlreadyBound")
    public static let variableTypeConflict = ErrorCode("VariableTypeConflict")
    // Models, embeddings and generated data
    /// Vectors (or a query) whose dimension differs from the index's or the model's.
    public static let dimensionMismatch = ErrorCode("DimensionMismatch")
    /// Training data too few or too uniform to fit a model (too few rows, texts or features,
    /// one class only, no predictive variable, collinear variables).
    public static let insufficientData = ErrorCode("InsufficientData")
    /// No trained model (or no such model version) where one was asked for; train or promote one.
    public static let modelNotFound = ErrorCode("ModelNotFound")
    /// A model, encoder or index file that is not in GovBrain's format or is truncated; rebuild it.
    public static let invalidArtifact = ErrorCode("InvalidArtifact")
    /// A reference file GovBrain ships with (Datasets/, Ontology/) is missing: the installation
    /// is incomplete or GOVBRAIN_HOME is wrong. (Same code as the engine's `resources`.)
    public static let resourcesMissing = ErrorCode("ResourcesMissing")
    /// Reading or mapping a file failed for a reason the caller cannot fix (mmap, a file just written).
    public static let ioFailure = ErrorCode("IOFailure")
    // Services
    /// A model is missing, unreadable or not trained.
    public static let modelUnavailable = ErrorCode("ModelUnavailable")
    /// A routing request is malformed (no text, text too long, bad address).
    public static let invalidRoutingRequest = ErrorCode("InvalidRoutingRequest")
    /// A supervision request (credit, risk, alerts, inspection draws) is malformed.
    public static let invalidSupervisionRequest = ErrorCode("InvalidSupervisionRequest")
    /// A work-order request is malformed (a missing field, a bad time, an unknown office or intent).
    public static let invalidWorkOrderRequest = ErrorCode("InvalidWorkOrderRequest")
    /// A knowledge-base entry request is malformed (a missing or overlong question or answer, an unknown intent, office or member).
    public static let invalidKnowledgeRequest = ErrorCode("InvalidKnowledgeRequest")
    /// The request conflicts with the current state (e.g. acknowledging a resolved alert).
    public static let conflict = ErrorCode("Conflict")
    /// What a command would create already exists (pass --force to replace it).
    public static let alreadyExists = ErrorCode("AlreadyExists")
}
