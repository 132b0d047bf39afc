/// Input formats `govbrain import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
    case csv, graphml, jsonl

    /// The format a file name implies, or nil.
    public static func infer(from path: String) -> ImportFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") { return .csv }
        if lower.hasSuffix(".graphml") || lower.hasSuffix(".xml") { return .graphml }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") { return .jsonl }
        return nil
    }
}

/// How an import runs.
public struct ImportOptions: Sendable {
    /// Forced format; by default each file's extension decides.
    public var format: ImportFormat?
    /// Whether to validate against the ontology; nil follows the store's own schema mode.
    public var validate: Bool?
    /// Where to write rejected rows; when set, bad rows are skipped instead of failing the import.
    public var rejectsPath: String?
    /// How `:ID` values are stored as properties (`string`, the neo4j default, or `integer`).
    public var idPropertyType: IDPropertyType
    /// The separator inside array fields (`a;b;c`).
    public var arrayDelimiter: Character

    public enum IDPropertyType: String, Sendable { case string, integer }

    /// Whether free-form CSV rows may take the encoded fast path (`CSVNodeRows`,
    /// `CSVRelationshipRows`); tests turn it off to compare with the general path.
    var csvFastPath: Bool
    /// Bytes of CSV per stretch parsed on its own thread (`ParallelRelationshipLoader`); tests
    /// make it small to cut small files.
    var csvChunkBytes: Int

    public init(format: ImportFormat? = nil, validate: Bool? = nil, rejectsPath: String? = nil,
                idPropertyType: IDPropertyType = .string, arrayDelimiter: Character = ";") {
        self.format = format; self.validate = validate; self.rejectsPath = rejectsPath
        self.idPropertyType = idPropertyType; self.arrayDelimiter = arrayDelimiter
        csvFastPath = true
        csvChunkBytes = 4 << 20
    }
}

/// What an import did.
public struct ImportReport: Sendable, Equatable {
    public var nodesCreated = 0
    public var relationshipsCreated = 0
    public var rejected = 0
    public var files: [String] = []
}
