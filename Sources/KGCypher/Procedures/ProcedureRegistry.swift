import KGCore

/// A callable procedure: `CALL name(args) YIELD outputs`.
public struct ProcedureSignature: Sendable {
    /// A named, typed parameter or output (`INTEGER?`, `STRING`, `ANY?`, `MAP`, `NODE`, …).
    public struct Field: Sendable {
        public let name: String
        public let type: String
        /// The value of an optional input when the call leaves it out (nil: the input is required).
        public let defaultValue: Value?
        public init(name: String, type: String, defaultValue: Value? = nil) {
            self.name = name; self.type = type; self.defaultValue = defaultValue
        }
    }
    public let name: String
    public let inputs: [Field]
    public let outputs: [Field]
    /// Whether calling it changes the graph (refused for read-only access).
    public let writes: Bool
    /// A configuration-map key that makes a call write (`write: 'prop'` of the algorithms): the
    /// call counts as writing when a map argument holds this key with a non-null value, or when
    /// the configuration is a parameter (not known before the run).
    public let writeOption: String?
    public let description: String

    public init(name: String, inputs: [Field], outputs: [Field], writes: Bool = false, writeOption: String? = nil, description: String = "") {
        self.name = name; self.inputs = inputs; self.outputs = outputs; self.writes = writes; self.writeOption = writeOption
        self.description = description
    }
}

/// What a procedure body gets: its arguments and read (or write) access to the graph.
public struct ProcedureContext {
    public let graph: GraphReadable
    /// The same graph for writing procedures (nil when the query runs read-only).
    public let writable: GraphWritable?
    public let arguments: [Value]
    public let parameters: [String: Value]
}

/// Procedures by name. GovBrain's modules register theirs (`kg.algo.*`, `kg.similar.*`,
/// `kg.model.*`); `db.labels`, `db.relationshipTypes` and `db.propertyKeys` are built in.
public final class ProcedureRegistry: @unchecked Sendable {
    public typealias Body = (ProcedureContext) throws -> [[Value]]

    private var entries: [String: (ProcedureSignature, Body)] = [:]

    public init(builtins: Bool = true) {
        if builtins { registerBuiltins() }
    }

    /// Adds or replaces a procedure. The body returns one array per output row, in the order of
    /// `signature.outputs`.
    public func register(_ signature: ProcedureSignature, body: @escaping Body) {
        entries[signature.name.lowercased()] = (signature, body)
    }

    public func lookup(_ name: String) -> (ProcedureSignature, Body)? { entries[name.lowercased()] }

    /// All signatures, sorted by name.
    public var signatures: [ProcedureSignature] { entries.values.map(\.0).sorted { $0.name < $1.name } }

    private func registerBuiltins() {
        register(ProcedureSignature(name: "db.labels", inputs: [], outputs: [.init(name: "label", type: "STRING")],
                                    description: "the node labels in use")) { c in
            try c.graph.catalog().labels.map { [.string($0)] }
        }
        register(ProcedureSignature(name: "db.relationshipTypes", inputs: [], outputs: [.init(name: "relationshipType", type: "STRING")],
                                    description: "the relationship types in use")) { c in
            try c.graph.catalog().types.map { [.string($0)] }
        }
        register(ProcedureSignature(name: "db.propertyKeys", inputs: [], outputs: [.init(name: "propertyKey", type: "STRING")],
                                    description: "the property keys in use")) { c in
            try c.graph.catalog().propertyKeys.map { [.string($0)] }
        }
        register(ProcedureSignature(name: "db.indexes", inputs: [],
                                    outputs: [.init(name: "label", type: "STRING"), .init(name: "property", type: "STRING")],
                                    description: "the indexes that serve (label, property) look-ups")) { c in
            try c.graph.indexes().map { [.string($0.label), .string($0.key)] }
        }
        register(ProcedureSignature(name: "db.createIndex", inputs: [.init(name: "label", type: "STRING"), .init(name: "property", type: "STRING")],
                                    outputs: [], writes: true, description: "index the nodes with a label by a property")) { c in
            guard let g = c.writable, case .string(let l) = c.arguments[0], case .string(let k) = c.arguments[1] else { return [] }
            try g.createIndex(label: l, key: k)
            return []
        }
        register(ProcedureSignature(name: "db.dropIndex", inputs: [.init(name: "label", type: "STRING"), .init(name: "property", type: "STRING")],
                                    outputs: [], writes: true, description: "drop an index made by db.createIndex")) { c in
            guard let g = c.writable, case .string(let l) = c.arguments[0], case .string(let k) = c.arguments[1] else { return [] }
            try g.dropIndex(label: l, key: k)
            return []
        }
        register(ProcedureSignature(name: "dbms.procedures", inputs: [],
                                    outputs: [.init(name: "name", type: "STRING"), .init(name: "signature", type: "STRING"),
                                              .init(name: "description", type: "STRING")],
                                    description: "the procedures this server knows")) { [unowned self] _ in
            self.signatures.map { s in
                let sig = "\(s.name)(\(s.inputs.map { "\($0.name) :: \($0.type)" + ($0.defaultValue.map { " = \(CypherLiteral.render($0))" } ?? "") }.joined(separator: ", "))) :: (\(s.outputs.map { "\($0.name) :: \($0.type)" }.joined(separator: ", ")))"
                return [.string(s.name), .string(sig), .string(s.description)]
            }
        }
    }
}
