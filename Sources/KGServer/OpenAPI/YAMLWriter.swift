import KGCore

/// Writes a JSON value as block-style YAML 1.2 (every string double-quoted in JSON's escaping,
/// which YAML reads the same), for the OpenAPI document.
enum YAMLWriter {
    static func string(_ json: JSON) -> String {
        var out = ""
        write(json, indent: 0, into: &out, inline: false)
        return out
    }

    private static func scalar(_ json: JSON) -> String? {
        switch json {
        case .object(let m) where m.isEmpty: return "{}"
        case .array(let a) where a.isEmpty: return "[]"
        case .object, .array: return nil
        default: return JSONWriter.string(json)
        }
    }

    private static func write(_ json: JSON, indent: Int, into out: inout String, inline: Bool) {
        let pad = String(repeating: "  ", count: indent)
        switch json {
        case .object(let members) where !members.isEmpty:
            for (k, (key, value)) in members.enumerated() {
                let prefix = (inline && k == 0) ? "" : pad
                let name = JSONWriter.string(.string(key))
                if let s = scalar(value) {
                    out += "\(prefix)\(name): \(s)\n"
                } else {
                    out += "\(prefix)\(name):\n"
                    write(value, indent: indent + 1, into: &out, inline: false)
                }
            }
        case .array(let items) where !items.isEmpty:
            for item in items {
                if let s = scalar(item) {
                    out += "\(pad)- \(s)\n"
                } else {
                    out += "\(pad)- "
                    write(item, indent: indent + 1, into: &out, inline: true)
                }
            }
        default:
            out += pad + (scalar(json) ?? "") + "\n"
        }
    }
}
