/// What `POST /v1/credit/score`, `POST /v1/risk/score` and the `kg.model.*` procedures score:
/// one enterprise of the graph (by node id or unified social credit code) or a row of feature
/// values given directly (`features`: {column: value}).
public struct EnterpriseScoreRequest: Codable, Sendable, Equatable {
    public var enterpriseId: Int64?
    public var uscc: String?
    public var features: [String: FeatureValue]?

    public init(enterpriseId: Int64? = nil, uscc: String? = nil, features: [String: FeatureValue]? = nil) {
        self.enterpriseId = enterpriseId; self.uscc = uscc; self.features = features
    }
}

/// One cell of a feature row: text, a number or missing (null), as a table would hold it.
public enum FeatureValue: Codable, Sendable, Equatable {
    case text(String)
    case number(Double)
    case missing

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .missing }
        else if let s = try? c.decode(String.self) { self = .text(s) }
        else if let i = try? c.decode(Int64.self) { self = .number(Double(i)) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else {
            throw DecodingError.typeMismatch(FeatureValue.self, .init(codingPath: c.codingPath, debugDescription: "must be a string, a number or null"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .number(let d): try c.encode(d)
        case .missing: try c.encodeNil()
        }
    }

    /// The cell as the model's binning reads it ("" when missing; integers without a decimal point).
    var cell: String {
        switch self {
        case .text(let s): return s
        case .number(let d): return d.rounded() == d && abs(d) < 9.0e15 ? String(Int64(d)) : String(d)
        case .missing: return ""
        }
    }
}
