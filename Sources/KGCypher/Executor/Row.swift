import KGCore

/// One record flowing between operators: variable name → value. Hidden variables (anonymous
/// pattern elements) have names starting with a space, so they never clash with user names.
typealias Row = [String: Value]

extension String {
    /// Whether the name is an engine-generated hidden variable.
    var isHiddenVariable: Bool { hasPrefix(" ") }
}
