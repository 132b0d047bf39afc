import Foundation
import KGCore

/// Reading JSON Lines files: one JSON value per non-blank line, errors naming file and line.
public enum JSONLines {
    /// The objects of `path` with their 1-based line numbers.
    /// - Throws: `ModelError` when the file is unreadable or a line is not JSON.
    public static func read(_ path: String) throws -> [(line: Int, value: JSON)] {
        let content: String
        do { content = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ModelError(code: .fileNotFound, "cannot read \(path): \(error.localizedDescription)")
        }
        var out: [(Int, JSON)] = []
        for (n, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do { out.append((n + 1, try JSONParser.parse(String(line)))) } catch {
                throw ModelError(code: .malformedJSON, "\(path):\(n + 1): not JSON (\(error)); each line must be one JSON object")
            }
        }
        return out
    }
}
