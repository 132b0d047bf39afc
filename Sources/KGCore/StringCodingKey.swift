/// A coding key made from any string: for documents whose keys are data (ratings, policy features,
/// metric names such as `precisionAt1%`) rather than the fields of a type.
public struct StringCodingKey: CodingKey, Sendable {
    public let stringValue: String
    public var intValue: Int? { nil }
    public init(_ stringValue: String) { self.stringValue = stringValue }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { return nil }
}
