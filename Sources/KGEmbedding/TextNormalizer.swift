/// Normalises Chinese government text before it is encoded: full-width forms to half-width,
/// traditional to simplified characters (common ones), Latin letters to lower case, every run
/// of digits to one placeholder (phone and house numbers say nothing about the topic), and
/// punctuation and spaces to segment breaks. The result is a list of segments; n-grams never
/// cross a segment break.
public enum TextNormalizer {
    /// The placeholder for a run of digits.
    public static let digitMark: Unicode.Scalar = "0"

    /// Segments of normalised text.
    public static func segments(_ text: String) -> [[Unicode.Scalar]] {
        var out: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        var lastWasDigit = false
        func flush() {
            if !current.isEmpty { out.append(current); current = [] }
            lastWasDigit = false
        }
        for raw in text.unicodeScalars {
            var c = fold(raw)
            if c.value >= 65 && c.value <= 90 { c = Unicode.Scalar(c.value + 32)! }
            if c.value >= 48 && c.value <= 57 {
                if !lastWasDigit { current.append(digitMark) }
                lastWasDigit = true
                continue
            }
            lastWasDigit = false
            if isBreak(c) { flush(); continue }
            current.append(c)
        }
        flush()
        return out
    }

    /// `text` with full-width forms made half-width and traditional characters simplified, one
    /// scalar for one scalar (so offsets keep their meaning); nothing is removed.
    public static func simplify(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for raw in text.unicodeScalars { out.append(fold(raw)) }
        return String(out)
    }

    /// Full-width ASCII (U+FF01–FF5E) and the ideographic space to half-width; traditional to simplified.
    static func fold(_ raw: Unicode.Scalar) -> Unicode.Scalar {
        var c = raw
        if c.value >= 0xFF01 && c.value <= 0xFF5E { c = Unicode.Scalar(c.value - 0xFEE0)! }
        if c.value == 0x3000 { c = " " }
        return TraditionalChinese.simplified(c)
    }

    /// The normalised text as one string (segments joined by a space).
    public static func normalize(_ text: String) -> String {
        segments(text).map { String(String.UnicodeScalarView($0)) }.joined(separator: " ")
    }

    /// Punctuation, symbols and white space: anything that is not a letter, a digit or a CJK character.
    static func isBreak(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 128 {
            return !((v >= 97 && v <= 122) || (v >= 48 && v <= 57))
        }
        if (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) { return false }
        return !c.properties.isAlphabetic
    }
}
