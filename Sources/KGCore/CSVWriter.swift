import Foundation
/// The one CSV writer (RFC 4180): a field is quoted when it holds a comma, a double quote, a line
/// break or a leading or trailing space, and quotes inside it are doubled. Used by the export,
/// the generator, the CLI's and the API's `--format csv` and the model tables.
public enum CSVWriter {
    /// Whether a field must be quoted to read back as it is.
    public static func needsQuoting(_ field: String) -> Bool {
        field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
            || field.utf8.first == UInt8(ascii: " ") || field.utf8.last == UInt8(ascii: " ")
    }

    /// One field, quoted when it needs it.
    public static func field(_ field: String) -> String {
        needsQuoting(field) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// One line of fields (without the line break).
    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }

    /// Appends one record and a line feed to a byte buffer (for writers that stream large files).
    public static func append(_ fields: [String], to buffer: inout [UInt8]) {
        for (k, f) in fields.enumerated() {
            if k > 0 { buffer.append(UInt8(ascii: ",")) }
            if needsQuoting(f) {
                buffer.append(UInt8(ascii: "\""))
                for b in f.utf8 {
                    if b == UInt8(ascii: "\"") { buffer.append(b) }
                    buffer.append(b)
                }
                buffer.append(UInt8(ascii: "\""))
            } else {
                buffer.append(contentsOf: f.utf8)
            }
        }
        buffer.append(10)
    }
}
