import KGCore

/// Checks shared by the routes' query parameters and request bodies.
public enum RequestParameters {
    /// An integer query parameter within `range`, `fallback` when absent.
    public static func integer(_ text: String?, name: String, fallback: Int, range: ClosedRange<Int>, code: ErrorCode = .badValue) throws -> Int {
        guard let text else { return fallback }
        guard let v = Int(text), range.contains(v) else {
            throw EngineError(code: code, message: "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return v
    }
}
