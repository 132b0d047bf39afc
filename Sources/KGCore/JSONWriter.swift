/// Writes JSON text: compact, keys in the given order, floats that read back exactly.
public enum JSONWriter {
    /// Serialises a document compactly.
    public static func string(_ json: JSON) -> String {
        var out = ""
        write(json, into: &out)
        return out
    }

    /// Appends a document to `out`.
    public static func write(_ json: JSON, into out: inout String) {
        switch json {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += formatDouble(d)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (k, v)) in members.enumerated() {
                if i > 0 { out += "," }
                writeString(k, into: &out)
                out += ":"
                write(v, into: &out)
            }
            out += "}"
        }
    }

    /// A double as JSON text that is never mistaken for an integer (`1.0`, `1e-05`).
    /// NaN and infinities, which JSON cannot hold, are written as `null`.
    public static func formatDouble(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        let s = d.description
        // Byte scan: with Foundation imported, `contains(".")` on a String goes through NSString.
        if s.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) { return s }
        return s + ".0"
    }

    /// Appends a JSON string literal with the required escapes.
    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Fast path: nothing to escape (the common case), append the whole string at once.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
