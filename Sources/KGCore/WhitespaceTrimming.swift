/// Trimming without Foundation: the characters of `CharacterSet.whitespaces` (Unicode category
/// Zs, U+200B and tab) and `.whitespacesAndNewlines` (categories Zs, Zl, Zp, U+200B,
/// U+0009–U+000D and U+0085),
/// removed scalar by scalar from both ends as `trimmingCharacters(in:)` does. On Linux
/// `trimmingCharacters(in:)` bridges through NSString; on the request path (every API key, every
/// routed text) that cost a few per cent of a request.
public enum WhitespaceTrimming {
    /// Whether `scalar` is in `CharacterSet.whitespaces` (with `newlines`: `.whitespacesAndNewlines`).
    @inlinable
    public static func isWhitespace(_ scalar: Unicode.Scalar, newlines: Bool) -> Bool {
        let v = scalar.value
        if v == 0x20 || v == 0x09 { return true }
        if newlines && ((0x0A...0x0D).contains(v) || v == 0x85) { return true }
        if v < 0xA0 { return false }
        // Foundation keeps ZERO WIDTH SPACE in its sets (category Zs in Unicode before 4.0.1).
        if v == 0x200B { return true }
        switch scalar.properties.generalCategory {
        case .spaceSeparator: return true
        case .lineSeparator, .paragraphSeparator: return newlines
        default: return false
        }
    }

    /// `text` without the leading and trailing scalars `isWhitespace` names.
    public static func trim(_ text: Substring, newlines: Bool) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0, newlines: newlines) }) else { return "" }
        let last = scalars.lastIndex(where: { !isWhitespace($0, newlines: newlines) })!
        return String(scalars[first...last])
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs: `trimmingCharacters(in: .whitespaces)`.
    public var trimmingWhitespace: String { WhitespaceTrimming.trim(self[...], newlines: false) }

    /// The text without leading and trailing white space and line breaks:
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`.
    public var trimmingWhitespaceAndNewlines: String { WhitespaceTrimming.trim(self[...], newlines: true) }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs: `trimmingCharacters(in: .whitespaces)`.
    public var trimmingWhitespace: String { WhitespaceTrimming.trim(self, newlines: false) }

    /// The text without leading and trailing white space and line breaks:
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`.
    public var trimmingWhitespaceAndNewlines: String { WhitespaceTrimming.trim(self, newlines: true) }
}
