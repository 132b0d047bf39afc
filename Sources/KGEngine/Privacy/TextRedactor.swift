import KGOntology

/// Finds personal numbers inside free text (a complaint, a note) and masks them as
/// `SensitiveMask` does: mainland mobile numbers (11 digits from 13–19), resident ID numbers
/// (18 characters with a valid birth date and check character) and landlines written with an
/// area code (`0771-5551234`). Other numbers (credit codes, amounts, dates) are left alone.
public enum TextRedactor {
    /// Text that will be stored or echoed (a note written through the API, an error message that
    /// quotes input), masked without trusting check digits: every run of 11 or more digits (an `X`
    /// may end it) keeps its first 3 and last 2 and is starred in between, whatever it is; then
    /// `redact`'s patterns apply. A clear number cannot be read back from what is stored, whatever
    /// function (`reverse`, `substring`, `toInteger`) reads it.
    public static func redactStrictly(_ text: String) -> String {
        var digits = 0
        for u in text.utf8 where u >= 48 && u <= 57 { digits += 1; if digits >= 7 { break } }
        guard digits >= 7 else { return text }
        var chars = Array(text)
        var i = 0
        var changed = false
        while i < chars.count {
            guard chars[i].isASCII, chars[i].isNumber else { i += 1; continue }
            var j = i
            while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
            if j < chars.count, chars[j] == "X" || chars[j] == "x" { j += 1 }
            if j - i >= 11 {
                for k in (i + 3)..<(j - 2) { chars[k] = "*" }
                changed = true
            }
            i = j
        }
        return redact(changed ? String(chars) : text)
    }

    /// The text with every personal number masked; the same text when there is none.
    public static func redact(_ text: String) -> String {
        // Fast path: personal numbers have at least 7 digits.
        var digits = 0
        for u in text.utf8 where u >= 48 && u <= 57 { digits += 1; if digits >= 7 { break } }
        guard digits >= 7 else { return text }
        var chars = Array(text)
        var changed = false
        var i = 0
        while i < chars.count {
            guard chars[i].isASCII, chars[i].isNumber else { i += 1; continue }
            var j = i
            while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
            var end = j
            if end - i == 17, end < chars.count, chars[end] == "X" || chars[end] == "x" { end += 1 }
            let run = String(chars[i..<end])
            let followsLetter = end < chars.count && chars[end].isASCII && chars[end].isLetter
            let precedesLetter = i > 0 && chars[i - 1].isASCII && chars[i - 1].isLetter
            var masked: String?
            if !followsLetter && !precedesLetter {
                if run.count == 11, run.hasPrefix("1"), let second = run.dropFirst().first, "3456789".contains(second) {
                    masked = SensitiveMask.phone(run)
                } else if run.count == 18, IdentifierValidator.isValidResidentID(run.uppercased()) {
                    masked = SensitiveMask.idNumber(run)
                } else if (7...8).contains(run.count), i >= 2, chars[i - 1] == "-", Self.isAreaCode(chars, before: i - 1) {
                    masked = String(repeating: "*", count: run.count - 2) + String(run.suffix(2))
                }
            }
            if let masked {
                chars.replaceSubrange(i..<end, with: Array(masked))
                changed = true
                i += masked.count
            } else {
                i = end
            }
        }
        return changed ? String(chars) : text
    }

    /// Whether the characters before `hyphen` are an area code: 3–4 digits starting with 0.
    private static func isAreaCode(_ chars: [Character], before hyphen: Int) -> Bool {
        var k = hyphen - 1
        var count = 0
        while k >= 0, chars[k].isASCII, chars[k].isNumber { count += 1; k -= 1 }
        return (3...4).contains(count) && chars[hyphen - count] == "0"
    }
}
