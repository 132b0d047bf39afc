/// Why a PackStream input could not be decoded. Each case says where (the byte offset) so a
/// FAILURE can point at the problem; none echoes the input (it may hold personal data).
public struct PackStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable {
        case truncated = "input ends in the middle of a value"
        case unknownMarker = "unknown PackStream marker byte"
        case invalidUTF8 = "a string is not valid UTF-8"
        case tooDeep = "values nest deeper than the limit"
        case nonStringKey = "a dictionary key is not a string"
        case tooLarge = "a declared size is larger than the input"
        case trailingBytes = "bytes follow the end of the message"
    }

    public let kind: Kind
    /// Byte offset in the message where the problem was found.
    public let offset: Int

    public init(_ kind: Kind, at offset: Int) { self.kind = kind; self.offset = offset }

    public var description: String { "\(kind.rawValue) (at byte \(offset))" }
}
