import KGCore

/// How a sensitive value is shown to roles other than admin: enough to tell records apart and
/// recognise one's own, not enough to identify a person.
///
/// - resident ID numbers keep the 6-digit region and the last 4: `450103********1234`;
/// - phone numbers keep the first 3 and last 4 digits: `138****5678`;
/// - people's names keep the family name: `张**`;
/// - addresses keep the administrative prefix (up to the county): `南宁市青秀区****`;
/// - anything else becomes `****`.
public enum SensitiveMask {
    /// Masks one value of property `key`; strings inside lists are masked one by one.
    public static func mask(_ value: Value, key: String) -> Value {
        switch value {
        case .null: return .null
        case .string(let s): return .string(mask(s, key: key))
        case .list(let items): return .list(items.map { mask($0, key: key) })
        default: return .string("****")
        }
    }

    /// Masks text of property `key`.
    public static func mask(_ text: String, key: String) -> String {
        let k = key.lowercased()
        if k.contains("idnumber") || k.hasSuffix("id_number") { return idNumber(text) }
        if k.contains("phone") || k.contains("mobile") { return phone(text) }
        if k.contains("address") { return address(text) }
        if k == "name" || k.hasSuffix("name") { return name(text) }
        return "****"
    }

    /// `450103********1234` for an 18-character number; shorter ones keep less.
    public static func idNumber(_ text: String) -> String {
        let c = Array(text)
        guard c.count >= 12 else { return String(repeating: "*", count: max(4, c.count)) }
        return String(c[0..<6]) + String(repeating: "*", count: c.count - 10) + String(c[(c.count - 4)...])
    }

    /// `138****5678`; numbers under 8 characters are masked whole.
    public static func phone(_ text: String) -> String {
        let c = Array(text)
        guard c.count >= 8 else { return String(repeating: "*", count: max(4, c.count)) }
        return String(c[0..<3]) + String(repeating: "*", count: c.count - 7) + String(c[(c.count - 4)...])
    }

    /// The first character (the family name in Chinese), then one star per remaining character.
    public static func name(_ text: String) -> String {
        let c = Array(text)
        guard let first = c.first else { return text }
        if c.count == 1 { return "*" }
        return String(first) + String(repeating: "*", count: c.count - 1)
    }

    /// The prefix up to the last county-level marker (区, 县, 市, 旗) in the first 12 characters, then `****`.
    public static func address(_ text: String) -> String {
        let c = Array(text)
        var keep = 0
        for i in 0..<min(12, c.count) where "区县市旗".contains(c[i]) { keep = i + 1 }
        return String(c[0..<keep]) + "****"
    }
}
